import { open, readdir, rm, stat } from 'node:fs/promises';
import { AppError } from '../../../common/errors';
import type { AppErrorValue } from '../../../common/errors';
import type { RecordingMark, RecordingSummary } from '../../../common/recording';
import { finalizeCapture } from './recording-finalize';
import type { EndedCapture } from './recording-finalize';
import { recordingPaths } from './recording-files';
import type { RecordingPaths } from './recording-files';
import { readJournal } from './recording-journal';
import type { JournalRecord } from './recording-journal';

export interface RecoveryReport {
  /** Recordings that had not been finished (the app or the computer stopped) and now are. */
  recovered: RecordingSummary[];
  /** Recordings that could not be repaired now (a full disk, damaged audio); tried again next time. */
  failed: { id: string; error: AppErrorValue }[];
  /** Recordings that had started but held no audio at all; their folders were removed. */
  discarded: string[];
}

/** The ids of recordings whose journal has no `finalized` record, leaving out those in `exclude`. */
export async function findUnfinished(root: string, exclude: ReadonlySet<string> = new Set()): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const unfinished: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || exclude.has(entry.name)) continue;
    let paths: RecordingPaths;
    try {
      paths = recordingPaths(root, entry.name);
    } catch {
      continue;
    }
    const journal = await readJournal(paths.journal).catch(() => undefined);
    if (journal && !journal.records.some((record) => record.type === 'finalized')) unfinished.push(entry.name);
  }
  return unfinished.sort();
}

/** Finishes every recording a crash left unfinished; one that fails does not stop the others. */
export async function recoverAll(root: string, now: () => number, exclude: ReadonlySet<string> = new Set()): Promise<RecoveryReport> {
  const report: RecoveryReport = { recovered: [], failed: [], discarded: [] };
  for (const id of await findUnfinished(root, exclude)) {
    try {
      const summary = await recoverRecording(root, id, now);
      if (summary) report.recovered.push(summary);
      else report.discarded.push(id);
    } catch (error) {
      const value = error instanceof AppError ? error.toValue() : { code: 'INTERNAL' as const, message: `Recording ${id} could not be repaired: ${String(error)}` };
      report.failed.push({ id, error: value });
    }
  }
  return report;
}

/**
 * Repairs one unfinished recording from its journal: the capture is cut back to the last chunk the
 * journal vouches for (a chunk torn by the crash would hide the cluster around it), then finalized.
 * Answers undefined, and removes the folder, when not one chunk was recorded.
 */
export async function recoverRecording(root: string, id: string, now: () => number): Promise<RecordingSummary | undefined> {
  const paths = recordingPaths(root, id);
  const { records } = await readJournal(paths.journal);
  const start = records[0];
  if (start?.type !== 'start') throw new AppError('INTERNAL', `Recording ${id} has a damaged journal; its audio was left as it is in ${paths.dir}.`);
  const captureSize = await stat(paths.capture).then((s) => s.size, () => 0);
  const kept = durableEnd(records, captureSize);
  if (kept === 0) {
    await rm(paths.dir, { recursive: true, force: true });
    return undefined;
  }
  if (captureSize > kept) {
    const handle = await open(paths.capture, 'r+');
    try {
      await handle.truncate(kept);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
  return finalizeCapture(paths, endedFromJournal(id, start, records), now);
}

/** The end of the longest run of journaled chunks, in order from the first, that the capture holds whole. */
export function durableEnd(records: JournalRecord[], captureSize: number): number {
  let end = 0;
  let seq = 0;
  for (const record of records) {
    if (record.type !== 'chunk') continue;
    if (record.seq !== seq || record.offset !== end || record.offset + record.length > captureSize) break;
    end += record.length;
    seq += 1;
  }
  return end;
}

function endedFromJournal(id: string, start: Extract<JournalRecord, { type: 'start' }>, records: JournalRecord[]): EndedCapture {
  const marks: RecordingMark[] = [];
  let stop: Extract<JournalRecord, { type: 'stop' }> | undefined;
  for (const record of records) {
    switch (record.type) {
      case 'pause':
        marks.push({ kind: 'pause', atSec: record.mediaSec });
        break;
      case 'resume': {
        const mark = marks.at(-1);
        if (mark?.kind === 'pause') mark.pausedSec = record.pausedSec;
        break;
      }
      case 'gap':
        marks.push({ kind: 'gap', atSec: record.mediaSec, reason: record.reason });
        break;
      case 'stop':
        stop = record;
        break;
      case 'start':
      case 'chunk':
      case 'finalized':
        break;
    }
  }
  const ended: EndedCapture = {
    id,
    meta: start.meta,
    startedAt: start.at,
    endedAt: stop?.at ?? records.at(-1)?.at ?? start.at,
    marks,
    end: stop?.reason === 'write-failed' ? 'write-failed' : stop ? 'stopped' : 'recovered',
  };
  if (stop?.error) ended.error = stop.error;
  return ended;
}
