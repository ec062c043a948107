import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

/** The file in the default app-data folder that records a move while it runs, so a crash midway can be finished or undone. */
export const moveJournalName = 'data-move.json';

const journalSchema = z.object({
  version: z.literal(1),
  from: z.string().min(1),
  to: z.string().min(1),
  /** The target did not exist before: all of it is the partial copy. */
  createdTarget: z.boolean(),
  /** Top-level entries copied into the target (what to remove there when the move is undone). */
  copied: z.array(z.string()),
  /** Top-level entries of the old folder to remove once switched, and whether the folder itself goes. */
  removable: z.array(z.string()),
  removeFolder: z.boolean(),
});
export type MoveJournal = z.infer<typeof journalSchema>;

/** Records a move about to copy (atomic). */
export async function writeMoveJournal(defaultDir: string, journal: Omit<MoveJournal, 'version'>): Promise<void> {
  await writeFileAtomic(join(defaultDir, moveJournalName), `${JSON.stringify({ version: 1, ...journal }, null, 2)}\n`);
}

/** Forgets the move: it ended, either way. */
export async function clearMoveJournal(defaultDir: string): Promise<void> {
  await rm(join(defaultDir, moveJournalName), { force: true });
}

/** Removes what the old folder still holds after a switch. Answers with the entries that could not be removed. */
export async function removeOldData(journal: Pick<MoveJournal, 'from' | 'removable' | 'removeFolder'>): Promise<string[]> {
  const leftovers: string[] = [];
  for (const name of journal.removable) await rm(join(journal.from, name), { recursive: true, force: true }).catch(() => leftovers.push(name));
  if (journal.removeFolder && leftovers.length === 0) await rm(journal.from, { recursive: true, force: true }).catch(() => leftovers.push('.'));
  return leftovers;
}

/** Removes the partial copy of a move that did not switch. */
export async function removePartialCopy(journal: Pick<MoveJournal, 'to' | 'createdTarget' | 'copied'>): Promise<void> {
  if (journal.createdTarget) await rm(journal.to, { recursive: true, force: true }).catch(() => undefined);
  else for (const name of journal.copied) await rm(join(journal.to, name), { recursive: true, force: true }).catch(() => undefined);
}

/**
 * At start, ends a move the app did not live to finish: switched (the data folder in use is its
 * target) means the old data is removed; not switched means the partial copy is removed and the old
 * folder stays in use, untouched.
 */
export async function finishInterruptedMove(defaultDir: string, dataDir: string): Promise<'none' | 'completed' | 'rolled-back'> {
  const parsed = journalSchema.safeParse(await readJsonFile(join(defaultDir, moveJournalName)).catch(() => undefined));
  if (!parsed.success) {
    await clearMoveJournal(defaultDir);
    return 'none';
  }
  const journal = parsed.data;
  let outcome: 'completed' | 'rolled-back';
  if (journal.to === dataDir) {
    await removeOldData(journal);
    outcome = 'completed';
  } else {
    await removePartialCopy(journal);
    outcome = 'rolled-back';
  }
  await clearMoveJournal(defaultDir);
  return outcome;
}
