import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { idSchema } from '../../../common/domain';
import { AppError } from '../../../common/errors';
import type { AppErrorValue } from '../../../common/errors';
import type { GapReason, RecordingProgress, RecordingStart, RecordingSummary } from '../../../common/recording';
import { describeWriteProblem } from '../fs/write-errors';
import type { Logger } from '../logging/logger';
import { finalizeCapture } from './recording-finalize';
import { readMetadata, recordingPaths, recordingsRoot } from './recording-files';
import type { RecordingPaths } from './recording-files';
import { recoverAll } from './recording-recovery';
import type { RecoveryReport } from './recording-recovery';
import { RecordingWriter, systemClock } from './recording-writer';
import type { AppendOutcome, CaptureFile, RecordingClock, WriterSnapshot } from './recording-writer';

/** What the recording service tells its listeners. */
export type RecordingEvent =
  | { type: 'progress'; progress: RecordingProgress }
  /** The recording ended and its playable file and metadata are on disk: ready to transcribe. */
  | { type: 'finished'; recording: RecordingSummary }
  /** The recording stopped on a failed write. `recording` is there when what was kept could be finished now. */
  | { type: 'failed'; id: string; error: AppErrorValue; recording?: RecordingSummary };

export interface RecordingServiceDeps {
  dataDir: string;
  logger: Logger;
  clock?: RecordingClock;
  /** Longest time audio may wait before fsync; 1 s by default. */
  syncIntervalMs?: number;
  newId?: () => string;
  /** For tests that make the disk fail. */
  openCapture?: (path: string) => Promise<CaptureFile>;
  /** Told whether a recording runs (the tray, the power-save blocker and the updater follow it). */
  indicator?: { set(recording: boolean): void };
}

interface Active {
  id: string;
  paths: RecordingPaths;
  meta: RecordingStart;
  writer: RecordingWriter;
}

/**
 * Main's side of recording: takes MediaRecorder's chunks from the renderer and puts them on disk
 * at once (the renderer never holds the recording), finishes the file when the recording stops,
 * and on launch finishes any recording a crash interrupted. One recording at a time.
 */
export class RecordingService {
  private readonly root: string;
  private readonly clock: RecordingClock;
  private readonly listeners = new Set<(event: RecordingEvent) => void>();
  private active: Active | undefined;
  /** Recordings whose capture ended but whose file is still being finished. */
  private readonly finishing = new Set<string>();
  private recovered: RecoveryReport = { recovered: [], failed: [], discarded: [] };

  constructor(private readonly deps: RecordingServiceDeps) {
    this.root = recordingsRoot(deps.dataDir);
    this.clock = deps.clock ?? systemClock;
  }

  /** Starts a recording and answers with its id; the renderer then sends chunks under that id. */
  async start(meta: RecordingStart): Promise<{ id: string }> {
    if (this.active) throw new AppError('INVALID_ARGUMENT', 'A recording is already running. Stop it before starting another.');
    const id = (this.deps.newId ?? randomUUID)();
    const paths = recordingPaths(this.root, id);
    const writer = await RecordingWriter.start(id, meta, {
      paths,
      clock: this.clock,
      syncIntervalMs: this.deps.syncIntervalMs ?? 1000,
      ...(this.deps.openCapture ? { openCapture: this.deps.openCapture } : {}),
      onSync: () => this.emitProgress(),
      onFailure: (error) => this.afterFailure(id, error),
    }).catch((error: unknown) => {
      throw new AppError('SAVE_FAILED', `The recording could not start because ${describeWriteProblem(error)}. Free some space or check the app's data folder, then try again.`, { cause: error });
    });
    this.active = { id, paths, meta, writer };
    this.deps.indicator?.set(true);
    this.emitProgress();
    return { id };
  }

  /** Appends chunk `seq` of recording `id`; a repeated chunk is ignored, one out of order refused. */
  async append(id: string, seq: number, bytes: Uint8Array): Promise<AppendOutcome> {
    const outcome = await this.running(id).writer.append(seq, bytes);
    if (outcome === 'written') this.emitProgress();
    return outcome;
  }

  /** Records that the renderer paused its MediaRecorder. */
  async pause(id: string): Promise<void> {
    await this.running(id).writer.pause();
    this.emitProgress();
  }

  /** Records that the renderer resumed its MediaRecorder. */
  async resume(id: string): Promise<void> {
    await this.running(id).writer.resume();
    this.emitProgress();
  }

  /** Records that audio is missing from here on (a device was lost), for the transcript to show. */
  async markGap(id: string, reason: GapReason): Promise<void> {
    await this.running(id).writer.markGap(reason);
  }

  /** Ends the recording (after the renderer sent its last chunk) and finishes the file. */
  async stop(id: string): Promise<RecordingSummary> {
    const active = this.running(id);
    const snapshot = await active.writer.stop();
    this.release(active);
    if (snapshot.error) throw snapshot.error;
    try {
      return await this.finish(active, snapshot);
    } catch (error) {
      this.deps.logger.error(`Recording ${id} could not be finished`, error);
      throw new AppError(
        'SAVE_FAILED',
        `The recording is kept, but it could not be made ready to play and transcribe: ${describeWriteProblem(error)}. It is finished the next time Deepgram Desk starts.`,
        { cause: error },
      );
    }
  }

  /** The running recording's progress, if one runs. */
  current(): RecordingProgress | undefined {
    return this.active ? toProgress(this.active.id, this.active.writer.snapshot()) : undefined;
  }

  /**
   * Finishes recordings a crash left unfinished; call at launch, before any recording starts, and
   * again when the user asks after freeing space. The report is also kept for `takeRecovered`.
   */
  async recoverUnfinished(): Promise<RecoveryReport> {
    const exclude = new Set([...this.finishing, ...(this.active ? [this.active.id] : [])]);
    const report = await recoverAll(this.root, () => this.clock.now(), exclude);
    for (const recording of report.recovered) this.deps.logger.info(`Recovered recording ${recording.id} (${recording.durationSec.toFixed(1)} s)`);
    for (const { id, error } of report.failed) this.deps.logger.warn(`Recording ${id} could not be recovered: ${error.message}`);
    this.recovered = {
      recovered: [...this.recovered.recovered, ...report.recovered],
      // Only the latest attempt's failures still stand.
      failed: report.failed,
      discarded: [...this.recovered.discarded, ...report.discarded],
    };
    return report;
  }

  /** What recovery found since the last call (the window asks once it is up); taking empties it. */
  takeRecovered(): RecoveryReport {
    const report = this.recovered;
    this.recovered = { recovered: [], failed: report.failed, discarded: [] };
    return report;
  }

  /** Finished recordings, newest first. */
  async list(): Promise<RecordingSummary[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const found: RecordingSummary[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const summary = await readMetadata(recordingPaths(this.root, entry.name)).catch(() => undefined);
      if (summary) found.push(summary);
    }
    return found.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** The playable file of a finished recording, for the transcription queue and the media protocol. */
  async audioPath(id: string): Promise<string> {
    const paths = recordingPaths(this.root, id);
    if (!(await readMetadata(paths))) throw new AppError('NOT_FOUND', 'That recording is not on disk any more.');
    return paths.audio;
  }

  /** The finished recording whose playable file is `path`, if it is one; reads only that recording's metadata. */
  async byAudioPath(path: string): Promise<RecordingSummary | undefined> {
    const id = basename(dirname(path));
    if (!idSchema.safeParse(id).success) return undefined;
    const paths = recordingPaths(this.root, id);
    if (paths.audio !== path) return undefined;
    return readMetadata(paths).catch(() => undefined);
  }

  /** Calls `listener` on every event; returns the way to stop. */
  subscribe(listener: (event: RecordingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private running(id: string): Active {
    if (!this.active || this.active.id !== id) throw new AppError('NOT_FOUND', 'That recording is not running.');
    return this.active;
  }

  private release(active: Active): void {
    if (this.active !== active) return;
    this.active = undefined;
    this.deps.indicator?.set(false);
  }

  private async finish(active: Active, snapshot: WriterSnapshot): Promise<RecordingSummary> {
    this.finishing.add(active.id);
    try {
      const ended = { id: active.id, meta: active.meta, startedAt: snapshot.startedAt, endedAt: new Date(this.clock.now()).toISOString(), marks: snapshot.marks };
      const recording = snapshot.error
        ? await finalizeCapture(active.paths, { ...ended, end: 'write-failed', error: snapshot.error.toValue() }, () => this.clock.now())
        : await finalizeCapture(active.paths, { ...ended, end: 'stopped' }, () => this.clock.now());
      if (!snapshot.error) this.emit({ type: 'finished', recording });
      return recording;
    } finally {
      this.finishing.delete(active.id);
    }
  }

  private afterFailure(id: string, error: AppError): void {
    const active = this.active;
    if (active?.id !== id) return;
    this.release(active);
    this.deps.logger.error(`Recording ${id} stopped: ${error.message}`);
    // The writer calls this from inside its own queue: finish outside it.
    queueMicrotask(() => {
      const snapshot = active.writer.snapshot();
      this.finish(active, snapshot).then(
        (recording) => this.emit({ type: 'failed', id, error: error.toValue(), recording }),
        (finishError: unknown) => {
          // Most likely the same full disk; the recording stays unfinished and is repaired at the next launch.
          this.deps.logger.warn(`Recording ${id} could not be finished yet: ${String(finishError)}`);
          this.emit({ type: 'failed', id, error: error.toValue() });
        },
      );
    });
  }

  private emitProgress(): void {
    const progress = this.current();
    if (progress) this.emit({ type: 'progress', progress });
  }

  private emit(event: RecordingEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.deps.logger.error('A recording listener failed', error);
      }
    }
  }
}

function toProgress(id: string, snapshot: WriterSnapshot): RecordingProgress {
  const progress: RecordingProgress = {
    id,
    state: snapshot.state === 'paused' ? 'paused' : 'recording',
    bytesWritten: snapshot.bytesWritten,
    elapsedSec: snapshot.mediaSec,
    chunks: snapshot.chunks,
  };
  if (snapshot.lastSyncAt) progress.lastSyncAt = snapshot.lastSyncAt;
  return progress;
}
