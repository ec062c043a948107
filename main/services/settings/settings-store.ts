import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

const keyRecordSchema = z.object({
  baseUrl: z.string(),
  projectName: z.string().nullable(),
  canListProjects: z.boolean(),
  checkedAt: z.string(),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

const settingsSchema = z.object({
  version: z.literal(1),
  key: keyRecordSchema.nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

const emptySettings: Settings = { version: 1, key: null };

/** Non-secret settings in `<data>/settings.json`; the key itself lives only in the keychain. */
export class SettingsStore {
  private readonly path: string;
  private cache: Settings | undefined;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json');
  }

  async read(): Promise<Settings> {
    if (this.cache) return this.cache;
    const raw = await readJsonFile(this.path).catch(() => undefined);
    const parsed = settingsSchema.safeParse(raw);
    this.cache = parsed.success ? parsed.data : emptySettings;
    return this.cache;
  }

  async update(change: (current: Settings) => Settings): Promise<Settings> {
    const next = settingsSchema.parse(change(await this.read()));
    await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
    this.cache = next;
    return next;
  }
}
