import { randomUUID } from 'node:crypto';
import { listenResponseSchema } from '../../../common/deepgram-response';
import type { ListenResponse } from '../../../common/deepgram-response';
import { isTerminal } from '../../../common/domain';
import type { DuplicateFile, Job, QueueStatus, RejectedFile, TranscribeOptions, TranscriptSummary } from '../../../common/domain';
import { AppError, isAppError } from '../../../common/errors';
import { defaultConcurrency, maxConcurrency } from '../../../common/presets';
import { normalizeOptions } from '../../../common/transcribe-options';
import type { DeepgramCredentials, DeepgramGateway, TranscribeResult, TranscribeTimeouts } from '../deepgram/deepgram-gateway';
import type { EventSink } from '../events';
import type { MediaFile, MediaFileCheck } from '../files/media-file-check';
import type { UploadSource } from '../files/upload-source';
import type { TranscriptStore } from '../library/transcript-store';
import type { Logger } from '../logging/logger';
import { checkLink } from './link-check';
import type { JobInput, QueueFile, StoredJob } from './queue-file';
import { decideRetry, defaultRetryPolicy } from './retry-policy';
import type { RetryPolicy } from './retry-policy';
import { UploadSpeed } from './upload-speed';

export interface TranscriptionQueueDeps {
  deepgram: DeepgramGateway;
  /** The active profile's credentials, or a given profile's: jobs keep the profile they were queued with. */
  keys: { credentials(profileId?: string): Promise<DeepgramCredentials & { profileId?: string; profileName?: string }> };
  transcripts: TranscriptStore;
  events: EventSink;
  logger: Logger;
  file: QueueFile;
  /** Walks folders into files; what cannot be walked is refused with a reason. */
  expandPaths: (paths: string[]) => Promise<{ files: string[]; rejected: RejectedFile[] }>;
  checkFile: (path: string) => Promise<MediaFileCheck>;
  openSource: (file: MediaFile) => Promise<UploadSource>;
  /** Whether the Deepgram host can be reached again after the queue paused offline. */
  isReachable: (baseUrl: string) => Promise<boolean>;
  concurrency?: number;
  retryPolicy?: RetryPolicy;
  timeouts?: Partial<TranscribeTimeouts>;
  /** How often an offline queue checks the network. */
  probeIntervalMs?: number;
  /** Least time between two progress events of one job. */
  progressIntervalMs?: number;
  random?: () => number;
  now?: () => Date;
  /** Runs on every saved transcript before the window hears of it (a recording's live-draft names); its failure never fails the job. */
  afterSave?: (summary: TranscriptSummary) => Promise<void>;
}

interface Entry {
  job: Job;
  input: JobInput;
  controller: AbortController | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  /** Deepgram's answer when the disk refused it: kept until `saveAgain` succeeds. */
  unsaved: TranscribeResult | undefined;
  lastProgressAt: number;
  speed: UploadSpeed;
}

const checkConcurrency = 8;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function profileOf(credentials: { profileId?: string; profileName?: string }): Pick<Job, 'profileId' | 'profileName'> {
  return {
    ...(credentials.profileId ? { profileId: credentials.profileId } : {}),
    ...(credentials.profileName ? { profileName: credentials.profileName } : {}),
  };
}

/** A stable key for options, so that the same choices made in another order compare equal. */
export function optionsKey(options: TranscribeOptions): string {
  const sorted = Object.fromEntries(Object.entries(normalizeOptions(options)).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify(sorted);
}

/**
 * Runs transcriptions a few at a time, keeps every job on disk so that none is lost on quit or
 * crash, retries what can succeed on a second try, and pauses when every job would fail the
 * same way (bad key, no credit, offline). Every change goes out as a `jobs.updated` event.
 */
export class TranscriptionQueue {
  private readonly entries = new Map<string, Entry>();
  private readonly waiting: string[] = [];
  private running = 0;
  private concurrency: number;
  private paused: QueueStatus['paused'] = null;
  private probeTimer: NodeJS.Timeout | undefined;
  private suspended = false;
  private readonly policy: RetryPolicy;
  private readonly progressIntervalMs: number;
  private readonly now: () => Date;

  constructor(private readonly deps: TranscriptionQueueDeps) {
    this.concurrency = deps.concurrency ?? defaultConcurrency;
    this.policy = deps.retryPolicy ?? defaultRetryPolicy;
    this.progressIntervalMs = deps.progressIntervalMs ?? 100;
    this.now = deps.now ?? (() => new Date());
  }

  /** Loads the jobs saved last time; unfinished ones start again from their first byte. */
  async restore(): Promise<void> {
    const stored = await this.deps.file.load();
    for (const { job, input } of stored) {
      if (this.entries.has(job.id)) continue;
      const entry = this.newEntry(job, input);
      if (job.unsaved) {
        // The answer lived in memory only; the file must be transcribed again.
        Object.assign(job, {
          state: 'failed',
          unsaved: false,
          error: { code: 'SAVE_FAILED', message: 'The transcript could not be saved before the app closed. Retry to transcribe the file again.' },
        } satisfies Partial<Job>);
      }
      if (!isTerminal(job.state)) {
        const saved = await this.deps.transcripts.findByJob(job.id).catch(() => undefined);
        if (saved) {
          // Saved just before the crash: finishing the job here keeps it from being transcribed twice.
          Object.assign(job, { state: 'done', transcriptId: saved.id, bytesSent: job.sizeBytes } satisfies Partial<Job>);
          delete job.retryAt;
        } else {
          Object.assign(job, { state: 'queued', bytesSent: 0, stateSince: this.now().toISOString() } satisfies Partial<Job>);
          delete job.retryAt;
          delete job.bytesPerSecond;
          this.waiting.push(job.id);
        }
      }
      this.entries.set(job.id, entry);
    }
    if (stored.length > 0) this.persist();
    this.pump();
  }

  /** Pre-flight without queueing: what would be sent, and what is refused and why. */
  async inspect(paths: string[]): Promise<{ files: MediaFile[]; rejected: RejectedFile[] }> {
    const expanded = await this.deps.expandPaths(paths);
    const checks = await mapLimited(expanded.files, checkConcurrency, async (path) => ({ path, check: await this.deps.checkFile(path) }));
    const files: MediaFile[] = [];
    const rejected = [...expanded.rejected];
    for (const { path, check } of checks) {
      if (check.ok) files.push(check.file);
      else rejected.push({ path, fileName: check.fileName, reason: check.reason });
    }
    return { files, rejected };
  }

  /** Checks every path (folders are walked) and queues the media files; says why the others were refused. */
  async start(
    paths: string[],
    options: TranscribeOptions,
    allowDuplicates = false,
    /** Names to show instead of a file's own, by path (a recording's title instead of `audio.webm`). */
    displayNames: Readonly<Record<string, string>> = {},
  ): Promise<{ jobs: Job[]; rejected: RejectedFile[]; duplicates: DuplicateFile[] }> {
    const profile = await this.deps.keys.credentials();
    const { files, rejected } = await this.inspect(paths);
    const jobs: Job[] = [];
    const duplicates: DuplicateFile[] = [];
    const key = optionsKey(options);
    for (const file of files) {
      if (!allowDuplicates) {
        const previous = await this.deps.transcripts.findBySource(file.fingerprint, key).catch(() => undefined);
        if (previous) {
          duplicates.push({ path: file.path, fileName: file.fileName, transcriptId: previous.id });
          continue;
        }
      }
      const fileName = displayNames[file.path] ?? file.fileName;
      jobs.push(
        this.enqueue(
          { fileName, sizeBytes: file.sizeBytes, durationSec: file.durationSec, source: { kind: 'file' }, options, ...profileOf(profile) },
          { kind: 'file', path: file.path, fileName, sizeBytes: file.sizeBytes, contentType: file.contentType, durationSec: file.durationSec, mtimeMs: file.mtimeMs, fingerprint: file.fingerprint },
        ),
      );
    }
    // A job is accepted only once it is on disk.
    if (jobs.length > 0) await this.deps.file.save(() => this.snapshot());
    this.pump();
    return { jobs, rejected, duplicates };
  }

  /** Queues links for Deepgram to fetch; refuses anything that is not a plain https link. */
  async startUrls(urls: string[], options: TranscribeOptions): Promise<{ jobs: Job[]; rejected: RejectedFile[] }> {
    const profile = await this.deps.keys.credentials();
    const jobs: Job[] = [];
    const rejected: RejectedFile[] = [];
    for (const text of urls) {
      const link = checkLink(text);
      if (!link.ok) {
        rejected.push({ path: text.slice(0, 4096), fileName: link.fileName, reason: link.reason });
        continue;
      }
      jobs.push(
        this.enqueue(
          { fileName: link.fileName, sizeBytes: 0, durationSec: null, source: { kind: 'url', host: link.host }, options, ...profileOf(profile) },
          { kind: 'url', url: link.url },
        ),
      );
    }
    if (jobs.length > 0) await this.deps.file.save(() => this.snapshot());
    this.pump();
    return { jobs, rejected };
  }

  /** Stops a job; a finished job is returned unchanged. */
  cancel(jobId: string): Job {
    const entry = this.entry(jobId);
    if (isTerminal(entry.job.state)) return { ...entry.job };
    this.unqueue(entry);
    entry.controller?.abort();
    this.update(entry, { state: 'canceled', error: { code: 'CANCELED', message: 'Canceled.' } });
    return { ...entry.job };
  }

  /** Queues a failed or canceled job again from its first byte. */
  retry(jobId: string): Job {
    const entry = this.entry(jobId);
    if (entry.job.state !== 'failed' && entry.job.state !== 'canceled') return { ...entry.job };
    if (entry.unsaved) throw new AppError('UNSUPPORTED', 'Deepgram already answered for this file: choose Save again instead.');
    this.reopen(entry, { state: 'queued', bytesSent: 0, attempt: 0 });
    this.waiting.push(jobId);
    this.pump();
    return { ...entry.job };
  }

  /** Writes again a transcript the disk refused. */
  async saveAgain(jobId: string): Promise<Job> {
    const entry = this.entry(jobId);
    const result = entry.unsaved;
    if (!result) throw new AppError('NOT_FOUND', 'There is no unsaved transcript for this job.');
    const response = listenResponseSchema.parse(result.response);
    const summary = await this.save(entry, response, result.requestId);
    await this.afterSave(summary);
    this.reopen(entry, { state: 'done', bytesSent: entry.job.sizeBytes, transcriptId: summary.id });
    entry.unsaved = undefined;
    this.deps.events.emit('transcripts.added', summary);
    return { ...entry.job };
  }

  /** Forgets a job, canceling it first if it still runs. */
  remove(jobId: string): void {
    const entry = this.entry(jobId);
    if (!isTerminal(entry.job.state)) this.cancel(jobId);
    this.entries.delete(jobId);
    this.persist();
    this.deps.events.emit('jobs.removed', { ids: [jobId] });
  }

  /** Forgets every finished job except those whose transcript still waits to be saved. */
  clearFinished(): string[] {
    const ids = [...this.entries.values()].filter((e) => isTerminal(e.job.state) && !e.unsaved).map((e) => e.job.id);
    for (const id of ids) this.entries.delete(id);
    if (ids.length > 0) {
      this.persist();
      this.deps.events.emit('jobs.removed', { ids });
    }
    return ids;
  }

  /** Every job, oldest first. */
  list(): Job[] {
    return [...this.entries.values()].map((e) => ({ ...e.job }));
  }

  status(): QueueStatus {
    return { paused: this.paused, concurrency: this.concurrency };
  }

  /** Starts jobs again after a pause. */
  resume(): QueueStatus {
    this.setPaused(null);
    this.pump();
    return this.status();
  }

  /** Changes how many jobs run at once; running jobs are not interrupted. */
  setConcurrency(value: number): void {
    this.concurrency = Math.max(1, Math.min(maxConcurrency, Math.floor(value)));
    this.emitStatus();
    this.pump();
  }

  /**
   * Stops every running job without marking it: they stay unfinished on disk and start again at the
   * next launch. Used when the app quits.
   */
  async suspend(): Promise<void> {
    // Once is enough: a second save could land in a data folder that was moved away meanwhile.
    if (this.suspended) return this.deps.file.flush();
    this.suspended = true;
    clearTimeout(this.probeTimer);
    for (const entry of this.entries.values()) {
      clearTimeout(entry.retryTimer);
      entry.controller?.abort();
    }
    this.persist();
    await this.deps.file.flush();
  }

  private newEntry(job: Job, input: JobInput): Entry {
    return { job, input, controller: undefined, retryTimer: undefined, unsaved: undefined, lastProgressAt: 0, speed: new UploadSpeed() };
  }

  private enqueue(fields: Pick<Job, 'fileName' | 'sizeBytes' | 'durationSec' | 'source' | 'options' | 'profileId' | 'profileName'>, input: JobInput): Job {
    const at = this.now().toISOString();
    const job: Job = { id: randomUUID(), ...fields, bytesSent: 0, state: 'queued', createdAt: at, stateSince: at, attempt: 0 };
    this.entries.set(job.id, this.newEntry(job, input));
    this.waiting.push(job.id);
    return { ...job };
  }

  private entry(jobId: string): Entry {
    const entry = this.entries.get(jobId);
    if (!entry) throw new AppError('NOT_FOUND', 'This job no longer exists.');
    return entry;
  }

  private unqueue(entry: Entry): void {
    const index = this.waiting.indexOf(entry.job.id);
    if (index >= 0) this.waiting.splice(index, 1);
    clearTimeout(entry.retryTimer);
    entry.retryTimer = undefined;
  }

  private pump(): void {
    while (!this.paused && !this.suspended && this.running < this.concurrency && this.waiting.length > 0) {
      const entry = this.entries.get(this.waiting.shift()!);
      if (!entry || entry.job.state !== 'queued') continue;
      this.running += 1;
      void this.run(entry).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(entry: Entry): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    entry.speed.reset();
    let source: UploadSource | undefined;
    try {
      const credentials = await this.deps.keys.credentials(entry.job.profileId);
      if (controller.signal.aborted) return;
      this.reopen(entry, { attempt: entry.job.attempt + 1, bytesSent: 0 });
      let result: TranscribeResult;
      if (entry.input.kind === 'file') {
        source = await this.deps.openSource(entry.input);
        if (controller.signal.aborted) return;
        const opened = source;
        this.update(entry, { state: 'uploading' });
        result = await this.deps.deepgram.transcribeFile(credentials, {
          sizeBytes: opened.sizeBytes,
          contentType: entry.input.contentType,
          openStream: () => opened.createStream(),
          options: entry.job.options,
          signal: controller.signal,
          onBytes: (sent) => this.progress(entry, sent),
          ...(this.deps.timeouts ? { timeouts: this.deps.timeouts } : {}),
        });
      } else {
        this.update(entry, { state: 'processing' });
        result = await this.deps.deepgram.transcribeUrl(credentials, {
          url: entry.input.url,
          options: entry.job.options,
          signal: controller.signal,
          ...(this.deps.timeouts ? { timeouts: this.deps.timeouts } : {}),
        });
      }
      if (controller.signal.aborted) return;
      const response = listenResponseSchema.safeParse(result.response);
      if (!response.success) {
        throw new AppError('DEEPGRAM_ERROR', 'Deepgram answered with a transcript this app cannot read.', result.requestId ? { requestId: result.requestId } : {});
      }
      await this.finish(entry, response.data, result);
    } catch (error) {
      if (controller.signal.aborted || isTerminal(entry.job.state)) return;
      this.failed(entry, error);
    } finally {
      entry.controller = undefined;
      await source?.close().catch(() => undefined);
    }
  }

  private async afterSave(summary: TranscriptSummary): Promise<void> {
    try {
      await this.deps.afterSave?.(summary);
    } catch (error) {
      this.deps.logger.warn(`Transcript ${summary.id}: the step after saving failed`, error);
    }
  }

  private async finish(entry: Entry, response: ListenResponse, result: TranscribeResult): Promise<void> {
    try {
      const summary = await this.save(entry, response, result.requestId);
      await this.afterSave(summary);
      this.deps.events.emit('transcripts.added', summary);
      this.update(entry, { state: 'done', bytesSent: entry.job.sizeBytes, transcriptId: summary.id });
    } catch (error) {
      // Deepgram's work is paid for: keep it until the disk takes it.
      entry.unsaved = result;
      const appError = isAppError(error) ? error : new AppError('SAVE_FAILED', 'The transcript could not be saved.', { cause: error });
      this.deps.logger.warn(`Job ${entry.job.id}: transcript kept in memory, the save failed: ${appError.message}`);
      this.update(entry, { state: 'failed', unsaved: true, error: appError.toValue() });
    }
  }

  private save(entry: Entry, response: ListenResponse, requestId: string | null) {
    const { job, input } = entry;
    return this.deps.transcripts.save({
      title: job.fileName,
      sizeBytes: job.sizeBytes,
      options: job.options,
      requestId,
      response,
      profileName: job.profileName ?? null,
      source: {
        jobId: job.id,
        ...(input.kind === 'file'
          ? {
              fingerprint: input.fingerprint,
              optionsKey: optionsKey(job.options),
              media: { path: input.path, sizeBytes: input.sizeBytes, mtimeMs: input.mtimeMs, contentType: input.contentType },
            }
          : { url: input.url }),
      },
    });
  }

  private failed(entry: Entry, error: unknown): void {
    const appError = isAppError(error) ? error : new AppError('INTERNAL', 'Something went wrong while transcribing this file.', { cause: error });
    if (!isAppError(error)) this.deps.logger.error(`Job ${entry.job.id} failed`, error);
    else this.deps.logger.warn(`Job ${entry.job.id} attempt ${entry.job.attempt} failed: ${appError.code}${appError.requestId ? ` request ${appError.requestId}` : ''}`);
    const decision = decideRetry(appError, entry.job.attempt, this.policy, this.deps.random);
    if (decision.kind === 'fail') {
      this.update(entry, { state: 'failed', error: appError.toValue() });
      return;
    }
    if (decision.kind === 'pause') {
      // The job did nothing wrong: it waits at the front, and its attempt does not count.
      this.reopen(entry, { state: 'queued', bytesSent: 0, attempt: entry.job.attempt - 1, error: appError.toValue() });
      this.waiting.unshift(entry.job.id);
      this.setPaused({ reason: decision.reason, message: appError.message });
      return;
    }
    const retryAt = new Date(this.now().getTime() + decision.delayMs);
    this.reopen(entry, { state: 'queued', bytesSent: 0, retryAt: retryAt.toISOString(), error: appError.toValue() });
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = undefined;
      if (entry.job.state !== 'queued' || !this.entries.has(entry.job.id)) return;
      this.reopen(entry, {});
      this.waiting.push(entry.job.id);
      this.pump();
    }, decision.delayMs);
  }

  private setPaused(paused: QueueStatus['paused']): void {
    if (JSON.stringify(paused) === JSON.stringify(this.paused)) return;
    this.paused = paused;
    clearTimeout(this.probeTimer);
    if (paused?.reason === 'offline') this.probeNetwork();
    this.emitStatus();
  }

  private probeNetwork(): void {
    this.probeTimer = setTimeout(() => {
      void (async () => {
        const baseUrl = await this.deps.keys.credentials().then((c) => c.baseUrl, () => undefined);
        const back = baseUrl !== undefined && (await this.deps.isReachable(baseUrl).catch(() => false));
        if (this.paused?.reason !== 'offline' || this.suspended) return;
        if (back) this.resume();
        else this.probeNetwork();
      })();
    }, this.deps.probeIntervalMs ?? 5_000);
  }

  private emitStatus(): void {
    this.deps.events.emit('queue.updated', this.status());
  }

  private progress(entry: Entry, sent: number): void {
    entry.job.bytesSent = sent;
    const at = Date.now();
    entry.speed.add(at, sent);
    const complete = sent >= entry.job.sizeBytes;
    if (!complete && at - entry.lastProgressAt < this.progressIntervalMs) return;
    entry.lastProgressAt = at;
    const speed = entry.speed.bytesPerSecond();
    this.update(entry, complete ? { state: 'processing' } : speed === undefined ? {} : { bytesPerSecond: speed });
  }

  /** Changes a job that may be finished (retry, save again, back to waiting). */
  private reopen(entry: Entry, change: Partial<Job>): void {
    const { job } = entry;
    delete job.error;
    delete job.retryAt;
    delete job.bytesPerSecond;
    delete job.unsaved;
    if (change.state !== undefined) job.stateSince = this.now().toISOString();
    Object.assign(job, change);
    this.changed(entry, change.state !== undefined);
  }

  private update(entry: Entry, change: Partial<Job>): void {
    if (isTerminal(entry.job.state)) return;
    const stateChanged = change.state !== undefined && change.state !== entry.job.state;
    if (stateChanged) entry.job.stateSince = this.now().toISOString();
    if (change.state === 'processing') delete entry.job.bytesPerSecond;
    Object.assign(entry.job, change);
    this.changed(entry, stateChanged);
  }

  private changed(entry: Entry, stateChanged: boolean): void {
    this.deps.events.emit('jobs.updated', { ...entry.job });
    if (stateChanged) this.persist();
  }

  private persist(): void {
    void this.deps.file.save(() => this.snapshot());
  }

  private snapshot(): StoredJob[] {
    return [...this.entries.values()].map((e) => ({ job: { ...e.job }, input: e.input }));
  }
}
