import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { idSchema, libraryEntrySchema, toLibraryEntry } from '../../../common/domain';
import type { LibraryEntry } from '../../../common/domain';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

// Ids go into file names and events: one that is not an id makes the whole list untrusted, and it is rebuilt.
const listFileSchema = z.object({ version: z.literal(1), entries: z.array(libraryEntrySchema.extend({ id: idSchema })) });

/** Changes to the same file run one after another, even from two stores of the same folder. */
const turns = new Map<string, Promise<unknown>>();

/** Newest first, as the library lists. */
export function newestFirst(entries: LibraryEntry[]): LibraryEntry[] {
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The library list in one file, so a start reads one file instead of every transcript's entry. The
 * entry files stay the truth: the list is rebuilt from them when it is missing or unreadable, and
 * checked against them after each start (a crash between an entry and the list leaves one behind).
 */
export class LibraryListCache {
  constructor(private readonly path: string) {}

  /** Runs `work` when no other change to this file is under way; the next waits for it. */
  inTurn<T>(work: () => Promise<T>): Promise<T> {
    const previous = turns.get(this.path) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    turns.set(this.path, settled);
    void settled.then(() => {
      if (turns.get(this.path) === settled) turns.delete(this.path);
    });
    return run;
  }

  /** The list as saved, or undefined when there is none or it cannot be read. Call in turn. */
  async read(): Promise<LibraryEntry[] | undefined> {
    const parsed = listFileSchema.safeParse(await readJsonFile(this.path).catch(() => undefined));
    return parsed.success ? parsed.data.entries : undefined;
  }

  /** Saves the whole list; when that fails the file is removed, so the next read rebuilds it rather than trust it. Call in turn. */
  async write(entries: LibraryEntry[]): Promise<void> {
    try {
      await writeFileAtomic(this.path, JSON.stringify({ version: 1, entries }));
    } catch {
      await rm(this.path, { force: true }).catch(() => undefined);
    }
  }

  /**
   * Applies one change to the saved list. Without a saved list nothing is written: the next read
   * builds it from the entry files, which already hold the change.
   */
  update(change: (entries: LibraryEntry[]) => LibraryEntry[]): Promise<void> {
    return this.inTurn(async () => {
      const entries = await this.read();
      if (entries) await this.write(newestFirst(change(entries)));
    });
  }

  /** Puts an entry in the list, or replaces the one with its id. */
  upsert(entry: LibraryEntry): Promise<void> {
    const next = toLibraryEntry(entry);
    return this.update((entries) => [...entries.filter((e) => e.id !== next.id), next]);
  }

  /** Takes an entry out of the list. */
  remove(id: string): Promise<void> {
    return this.update((entries) => entries.filter((e) => e.id !== id));
  }
}
