import { join } from 'node:path';
import { z } from 'zod';
import { jobSchema } from '../../../common/domain';
import type { Job } from '../../../common/domain';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';
import { pathOfPlace, placeInFolder } from '../fs/folder-place';
import type { Logger } from '../logging/logger';

export const jobInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    path: z.string(),
    fileName: z.string(),
    sizeBytes: z.number(),
    contentType: z.string(),
    durationSec: z.number().nullable(),
    mtimeMs: z.number(),
    fingerprint: z.string(),
    /**
     * For a file inside the data folder (a recording): its place there, `/`-separated. It wins over
     * `path` when the queue is read, so a job still finds its file after the data folder moved.
     */
    dataPath: z.string().optional(),
  }),
  z.object({ kind: z.literal('url'), url: z.string() }),
]);
/** What a job transcribes: a checked file (with what the check saw) or a link. Stays in main. */
export type JobInput = z.infer<typeof jobInputSchema>;

export interface StoredJob {
  job: Job;
  input: JobInput;
}

const queueFileSchema = z.object({
  version: z.literal(1),
  jobs: z.array(z.unknown()),
});
const storedJobSchema = z.object({ job: jobSchema, input: jobInputSchema });

/**
 * `<data>/queue.json`: every job and what it transcribes, written atomically after each change so
 * a crash or power loss loses nothing. Writes are coalesced: while one is in flight, further
 * changes wait and go out together in the next one.
 */
export class QueueFile {
  private readonly path: string;
  private pending: (() => StoredJob[]) | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly logger: Logger,
  ) {
    this.path = join(dataDir, 'queue.json');
  }

  /** The jobs saved last time; a damaged entry is skipped (and logged), not fatal. */
  async load(): Promise<StoredJob[]> {
    let raw: unknown;
    try {
      raw = await readJsonFile(this.path);
    } catch (error) {
      this.logger.warn(`The queue file could not be read; starting with an empty queue: ${String(error)}`);
      return [];
    }
    if (raw === undefined) return [];
    const file = queueFileSchema.safeParse(raw);
    if (!file.success) {
      this.logger.warn('The queue file has an unknown format; starting with an empty queue.');
      return [];
    }
    const jobs: StoredJob[] = [];
    for (const entry of file.data.jobs) {
      const parsed = storedJobSchema.safeParse(entry);
      if (parsed.success) jobs.push(this.located(parsed.data));
      else this.logger.warn('A damaged job in the queue file was skipped.');
    }
    return jobs;
  }

  /** Schedules a write of the jobs `snapshot` returns at write time. */
  save(snapshot: () => StoredJob[]): Promise<void> {
    this.pending = snapshot;
    this.writing ??= this.drain();
    return this.writing;
  }

  /** Resolves once everything asked so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const snapshot = this.pending;
        this.pending = undefined;
        const data = JSON.stringify({ version: 1, jobs: snapshot().map((stored) => this.anchored(stored)) });
        try {
          await writeFileAtomic(this.path, data);
        } catch (error) {
          this.logger.error('The queue could not be saved', error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Records where a file inside the data folder sits in it. */
  private anchored(stored: StoredJob): StoredJob {
    if (stored.input.kind !== 'file') return stored;
    const dataPath = placeInFolder(this.dataDir, stored.input.path);
    return dataPath === undefined ? stored : { ...stored, input: { ...stored.input, dataPath } };
  }

  /** Points a file inside the data folder at its place in this data folder, wherever the queue was written. */
  private located(stored: StoredJob): StoredJob {
    if (stored.input.kind !== 'file' || stored.input.dataPath === undefined) return stored;
    const path = pathOfPlace(this.dataDir, stored.input.dataPath);
    return path === undefined ? stored : { ...stored, input: { ...stored.input, path } };
  }
}
