import { join } from 'node:path';
import { defaultPreferences, preferencesSchema } from '../../../common/domain';
import type { Preferences } from '../../../common/domain';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

/** The user's look-and-reopen choices in `<data>/preferences.json`, written atomically. */
export class PreferencesStore {
  private readonly path: string;
  private cache: Preferences | undefined;
  private readonly listeners = new Set<(prefs: Preferences) => void>();
  /** Changes are applied one after another, so a slower write never lands after a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'preferences.json');
  }

  async get(): Promise<Preferences> {
    if (this.cache) return this.cache;
    const raw = await readJsonFile(this.path).catch(() => undefined);
    // A missing or damaged file falls back field by field, so one bad value does not reset the rest.
    const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const fields = preferencesSchema.shape;
    const theme = fields.theme.safeParse(record.theme);
    const last = fields.lastTranscriptId.safeParse(record.lastTranscriptId);
    this.cache = {
      theme: theme.success ? theme.data : defaultPreferences.theme,
      lastTranscriptId: last.success ? last.data : defaultPreferences.lastTranscriptId,
    };
    return this.cache;
  }

  /** Applies a partial change, saves it, and tells every listener. */
  set(change: Partial<Preferences>): Promise<Preferences> {
    const applied = this.queue.then(async () => {
      const next = preferencesSchema.parse({ ...(await this.get()), ...change });
      await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, ...next }, null, 2)}\n`);
      this.cache = next;
      for (const listener of this.listeners) listener(next);
      return next;
    });
    this.queue = applied.catch(() => undefined);
    return applied;
  }

  onChange(listener: (prefs: Preferences) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
