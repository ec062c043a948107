import { randomUUID } from 'node:crypto';
import { listenResponseSchema } from '../../../common/deepgram-response';
import { isTerminal } from '../../../common/domain';
import type { Job, RejectedFile, TranscribeOptions } from '../../../common/domain';
import { AppError, isAppError } from '../../../common/errors';
import type { DeepgramGateway } from '../deepgram/deepgram-gateway';
import { checkMediaFile } from '../files/media-file-check';
import type { MediaFile } from '../files/media-file-check';
import type { KeyService } from '../keys/key-service';
import type { TranscriptStore } from '../library/transcript-store';
import type { Logger } from '../logging/logger';
import type { EventSink } from '../events';

export interface TranscriptionQueueDeps {
  deepgram: DeepgramGateway;
  keys: KeyService;
  transcripts: TranscriptStore;
  events: EventSink;
  logger: Logger;
  concurrency?: number;
  /** Least time between two progress events of one job. */
  progressIntervalMs?: number;
  now?: () => Date;
}

interface Entry {
  job: Job;
  file: MediaFile;
  controller: AbortController;
  lastProgressAt: number;
}

/** Runs file transcriptions a few at a time and reports every change as a `jobs.updated` event. */
export class TranscriptionQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly waiting: string[] = [];
  private running = 0;
  private readonly concurrency: number;
  private readonly progressIntervalMs: number;
  private readonly now: () => Date;

  constructor(private readonly deps: TranscriptionQueueDeps) {
    this.concurrency = deps.concurrency ?? 2;
    this.progressIntervalMs = deps.progressIntervalMs ?? 100;
    this.now = deps.now ?? (() => new Date());
  }

  /** Checks every path, queues the media files and says why the others were refused. */
  async start(paths: string[], options: TranscribeOptions): Promise<{ jobs: Job[]; rejected: RejectedFile[] }> {
    await this.deps.keys.credentials();
    const checks = await Promise.all(paths.map(async (path) => ({ path, check: await checkMediaFile(path) })));
    const jobs: Job[] = [];
    const rejected: RejectedFile[] = [];
    for (const { path, check } of checks) {
      if (!check.ok) {
        rejected.push({ path, fileName: check.fileName, reason: check.reason });
        continue;
      }
      const job: Job = {
        id: randomUUID(),
        fileName: check.file.fileName,
        sizeBytes: check.file.sizeBytes,
        bytesSent: 0,
        state: 'queued',
        createdAt: this.now().toISOString(),
        options,
      };
      this.entries.set(job.id, { job, file: check.file, controller: new AbortController(), lastProgressAt: 0 });
      this.waiting.push(job.id);
      jobs.push({ ...job });
    }
    this.pump();
    return { jobs, rejected };
  }

  /** Stops a job; a finished job is returned unchanged. */
  cancel(jobId: string): Job {
    const entry = this.entries.get(jobId);
    if (!entry) throw new AppError('NOT_FOUND', 'This job no longer exists.');
    if (isTerminal(entry.job.state)) return { ...entry.job };
    const index = this.waiting.indexOf(jobId);
    if (index >= 0) this.waiting.splice(index, 1);
    entry.controller.abort();
    this.update(entry, { state: 'canceled', error: { code: 'CANCELED', message: 'Canceled.' } });
    return { ...entry.job };
  }

  /** Every job of this session, oldest first. */
  list(): Job[] {
    return [...this.entries.values()].map((e) => ({ ...e.job }));
  }

  /** Aborts everything; used when the app quits. */
  stopAll(): void {
    for (const entry of this.entries.values()) if (!isTerminal(entry.job.state)) this.cancel(entry.job.id);
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const entry = this.entries.get(this.waiting.shift()!);
      if (!entry) continue;
      this.running += 1;
      void this.run(entry).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(entry: Entry): Promise<void> {
    const { file, controller } = entry;
    try {
      const credentials = await this.deps.keys.credentials();
      this.update(entry, { state: 'uploading' });
      const result = await this.deps.deepgram.transcribeFile(credentials, {
        path: file.path,
        sizeBytes: file.sizeBytes,
        contentType: file.contentType,
        fileName: file.fileName,
        options: entry.job.options,
        signal: controller.signal,
        onBytes: (sent) => this.progress(entry, sent),
      });
      if (controller.signal.aborted) return;
      const response = listenResponseSchema.safeParse(result.response);
      if (!response.success) {
        throw new AppError('DEEPGRAM_ERROR', 'Deepgram answered with a transcript this app cannot read.', result.requestId ? { requestId: result.requestId } : {});
      }
      const summary = await this.deps.transcripts.save({
        title: file.fileName,
        sizeBytes: file.sizeBytes,
        options: entry.job.options,
        requestId: result.requestId,
        response: response.data,
      });
      this.deps.events.emit('transcripts.added', summary);
      this.update(entry, { state: 'done', bytesSent: file.sizeBytes, transcriptId: summary.id });
    } catch (error) {
      if (entry.job.state === 'canceled') return;
      const appError = isAppError(error) ? error : new AppError('INTERNAL', 'Something went wrong while transcribing this file.', { cause: error });
      if (!isAppError(error)) this.deps.logger.error(`Job ${entry.job.id} failed`, error);
      else this.deps.logger.warn(`Job ${entry.job.id} failed: ${appError.code}${appError.requestId ? ` request ${appError.requestId}` : ''}`);
      this.update(entry, { state: 'failed', error: appError.toValue() });
    }
  }

  private progress(entry: Entry, sent: number): void {
    entry.job.bytesSent = sent;
    const complete = sent >= entry.job.sizeBytes;
    const at = Date.now();
    if (!complete && at - entry.lastProgressAt < this.progressIntervalMs) return;
    entry.lastProgressAt = at;
    this.update(entry, complete ? { state: 'processing' } : {});
  }

  private update(entry: Entry, change: Partial<Job>): void {
    if (isTerminal(entry.job.state)) return;
    Object.assign(entry.job, change);
    this.deps.events.emit('jobs.updated', { ...entry.job });
  }
}
