import { open, readFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { appErrorSchema } from '../../../common/errors';
import { gapReasonSchema, recordingStartSchema } from '../../../common/recording';

export const journalVersion = 1;

const isoSchema = z.string().max(40);

const startRecord = z.object({
  type: z.literal('start'),
  version: z.literal(journalVersion),
  id: z.string(),
  at: isoSchema,
  meta: recordingStartSchema,
});
const chunkRecord = z.object({
  type: z.literal('chunk'),
  seq: z.number().int().min(0),
  /** Where the chunk's bytes start in the capture file, and how many there are. */
  offset: z.number().int().min(0),
  length: z.number().int().min(1),
  at: isoSchema,
});
const pauseRecord = z.object({ type: z.literal('pause'), at: isoSchema, mediaSec: z.number().min(0) });
const resumeRecord = z.object({ type: z.literal('resume'), at: isoSchema, pausedSec: z.number().min(0) });
const gapRecord = z.object({ type: z.literal('gap'), at: isoSchema, mediaSec: z.number().min(0), reason: gapReasonSchema });
const stopRecord = z.object({
  type: z.literal('stop'),
  at: isoSchema,
  reason: z.enum(['stopped', 'write-failed']),
  mediaSec: z.number().min(0),
  error: appErrorSchema.optional(),
});
/** Written last, once the playable file and its metadata are on disk: the recording needs nothing more. */
const finalizedRecord = z.object({ type: z.literal('finalized'), at: isoSchema, durationSec: z.number().min(0) });

const journalRecordSchema = z.discriminatedUnion('type', [startRecord, chunkRecord, pauseRecord, resumeRecord, gapRecord, stopRecord, finalizedRecord]);
/** One line of a recording's journal. */
export type JournalRecord = z.infer<typeof journalRecordSchema>;
export type StartRecord = z.infer<typeof startRecord>;
export type ChunkRecord = z.infer<typeof chunkRecord>;

export interface JournalContents {
  records: JournalRecord[];
  /** The last line had no newline: the process ended while writing it, so it was ignored. */
  tornTail: boolean;
  /** Complete lines that were not valid records (damage in the middle), skipped. */
  skippedLines: number;
}

/**
 * An append-only, line-delimited JSON log of one recording. Each record is one line ending in a
 * newline; a crash can only tear the last line, which readers ignore.
 */
export class RecordingJournal {
  private constructor(private readonly handle: FileHandle) {}

  /** Creates a new journal (refusing to overwrite one) whose first line is the start record. */
  static async create(path: string, start: Omit<StartRecord, 'type' | 'version'>): Promise<RecordingJournal> {
    const handle = await open(path, 'wx', 0o600);
    const journal = new RecordingJournal(handle);
    try {
      await journal.append({ type: 'start', version: journalVersion, ...start });
      await journal.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    return journal;
  }

  /** Opens an existing journal to add records at its end. */
  static async reopen(path: string): Promise<RecordingJournal> {
    const handle = await open(path, 'a', 0o600);
    // A torn last line would glue itself to the next record; start the next one on a fresh line.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      const probe = await open(path, 'r');
      try {
        await probe.read(last, 0, 1, size - 1);
      } finally {
        await probe.close();
      }
      if (last[0] !== 0x0a) await handle.write('\n');
    }
    return new RecordingJournal(handle);
  }

  /** Writes one record (not yet durable: call `sync`). */
  async append(record: JournalRecord): Promise<void> {
    await this.handle.write(`${JSON.stringify(record)}\n`);
  }

  /** Makes every record written so far durable. */
  async sync(): Promise<void> {
    await this.handle.sync();
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Reads a journal, ignoring a torn last line and skipping damaged ones. */
export async function readJournal(path: string): Promise<JournalContents> {
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  // After the last newline: empty when the file ends cleanly, a torn record otherwise.
  const tail = lines.pop() ?? '';
  const records: JournalRecord[] = [];
  let skippedLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = journalRecordSchema.safeParse(parseJson(line));
    if (parsed.success) records.push(parsed.data);
    else skippedLines += 1;
  }
  return { records, tornTail: tail.length > 0, skippedLines };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
