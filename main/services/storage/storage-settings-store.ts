import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

const settingsFileSchema = z.object({ version: z.literal(1), keepSourceCopies: z.boolean() });

/** Whether transcribed files are kept as copies in the data folder (`<data>/storage-settings.json`); links by default. */
export class StorageSettingsStore {
  private readonly path: string;
  private cache: boolean | undefined;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'storage-settings.json');
  }

  /** Whether a finished file transcription keeps a copy of its source; false (a link) when unset or unreadable. */
  async keepSourceCopies(): Promise<boolean> {
    if (this.cache !== undefined) return this.cache;
    const parsed = settingsFileSchema.safeParse(await readJsonFile(this.path).catch(() => undefined));
    this.cache = parsed.success ? parsed.data.keepSourceCopies : false;
    return this.cache;
  }

  /** Saves the copy-or-link choice. */
  async setKeepSourceCopies(keep: boolean): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, keepSourceCopies: keep }, null, 2)}\n`);
    this.cache = keep;
  }
}
