import { createHash } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { AppError } from '../../../common/errors';
import type { GapReason, RecordingMark, RecordingStart } from '../../../common/recording';
import { describeWriteProblem } from '../fs/write-errors';
import type { RecordingPaths } from './recording-files';
import { RecordingJournal } from './recording-journal';

/** Time for the recording: wall-clock milliseconds and a timer; a fake in tests. */
export interface RecordingClock {
  now(): number;
  /** Calls `fn` once after `ms`; returns the way to cancel it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

/** The real clock. */
export const systemClock: RecordingClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** The part of a file handle the writer uses (node's FileHandle fits); tests inject failures through it. */
export interface CaptureFile {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface RecordingWriterOptions {
  paths: RecordingPaths;
  clock: RecordingClock;
  /** Longest time written audio may wait before it is made durable (fsync). */
  syncIntervalMs: number;
  /** Creates the capture file; never overwrites one. */
  openCapture?: (path: string) => Promise<CaptureFile>;
  /** After every fsync. */
  onSync?: () => void;
  /** When a write fails in the background (a timed fsync); the recording has already stopped. */
  onFailure?: (error: AppError) => void;
}

export type WriterState = 'recording' | 'paused' | 'stopped' | 'failed';
export type AppendOutcome = 'written' | 'duplicate';

export interface WriterSnapshot {
  state: WriterState;
  bytesWritten: number;
  chunks: number;
  /** Seconds recorded, pauses excluded. */
  mediaSec: number;
  lastSyncAt: string | undefined;
  startedAt: string;
  marks: RecordingMark[];
  error: AppError | undefined;
}

const openExclusive = async (path: string): Promise<CaptureFile> => open(path, 'wx', 0o600);

/**
 * Appends one recording's chunks to its capture file and journals each one, making both durable at
 * least every `syncIntervalMs`. Chunks must arrive in sequence: a repeat of a written chunk is
 * ignored, anything else out of order is refused, so the file only ever holds the stream in order.
 * A failed write stops the recording with every complete chunk kept.
 */
export class RecordingWriter {
  private state: WriterState = 'recording';
  private bytes = 0;
  private nextSeq = 0;
  private readonly digests: string[] = [];
  private readonly marks: RecordingMark[] = [];
  private activeSinceMs: number;
  private recordedMs = 0;
  private pausedAtMs = 0;
  private lastSyncMs: number;
  private lastSyncAt: string | undefined;
  private cancelTimer: (() => void) | undefined;
  private failure: AppError | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly startedAt: string;

  private constructor(
    private readonly options: RecordingWriterOptions,
    private readonly capture: CaptureFile,
    private readonly journal: RecordingJournal,
  ) {
    this.activeSinceMs = options.clock.now();
    this.lastSyncMs = this.activeSinceMs;
    this.startedAt = new Date(this.activeSinceMs).toISOString();
  }

  /** Creates the recording's folder, capture file and journal; fails if the recording exists. */
  static async start(id: string, meta: RecordingStart, options: RecordingWriterOptions): Promise<RecordingWriter> {
    await mkdir(options.paths.dir, { recursive: true });
    const journal = await RecordingJournal.create(options.paths.journal, { id, at: new Date(options.clock.now()).toISOString(), meta });
    let capture: CaptureFile;
    try {
      capture = await (options.openCapture ?? openExclusive)(options.paths.capture);
    } catch (error) {
      await journal.close();
      throw error;
    }
    return new RecordingWriter(options, capture, journal);
  }

  /** Writes chunk `seq` (0 first) at the end of the file and journals it. */
  append(seq: number, bytes: Uint8Array): Promise<AppendOutcome> {
    return this.serial(async () => {
      this.assertOpen();
      if (!Number.isSafeInteger(seq) || seq < 0) throw new AppError('INVALID_ARGUMENT', `Chunk number ${seq} is not valid.`);
      if (bytes.byteLength === 0) throw new AppError('INVALID_ARGUMENT', `Chunk ${seq} is empty.`);
      if (seq < this.nextSeq) {
        if (this.digests[seq] === digest(bytes)) return 'duplicate';
        throw new AppError('INVALID_ARGUMENT', `Chunk ${seq} was already written with other content; the new one was refused.`);
      }
      if (seq > this.nextSeq) {
        throw new AppError('INVALID_ARGUMENT', `Chunk ${seq} came before chunk ${this.nextSeq}; it was not written.`);
      }
      try {
        await this.writeAll(bytes, this.bytes);
        await this.journal.append({ type: 'chunk', seq, offset: this.bytes, length: bytes.byteLength, at: this.iso() });
      } catch (error) {
        throw await this.fail(error);
      }
      this.bytes += bytes.byteLength;
      this.digests[seq] = digest(bytes);
      this.nextSeq = seq + 1;
      await this.syncWhenDue();
      return 'written';
    });
  }

  /** Notes that the renderer paused MediaRecorder: the time until `resume` is not part of the recording. */
  pause(): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      if (this.state !== 'recording') return;
      const now = this.options.clock.now();
      this.recordedMs += now - this.activeSinceMs;
      this.pausedAtMs = now;
      this.state = 'paused';
      this.marks.push({ kind: 'pause', atSec: this.recordedMs / 1000 });
      await this.journalled({ type: 'pause', at: this.iso(), mediaSec: this.recordedMs / 1000 });
    });
  }

  /** Notes that recording goes on after a pause. */
  resume(): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      if (this.state !== 'paused') return;
      const now = this.options.clock.now();
      const pausedSec = (now - this.pausedAtMs) / 1000;
      this.activeSinceMs = now;
      this.state = 'recording';
      const mark = this.marks.at(-1);
      if (mark?.kind === 'pause') mark.pausedSec = pausedSec;
      await this.journalled({ type: 'resume', at: this.iso(), pausedSec });
    });
  }

  /** Notes that from here the audio is missing or damaged (a device went away), so the transcript can say so. */
  markGap(reason: GapReason): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      const mediaSec = this.mediaSec();
      this.marks.push({ kind: 'gap', atSec: mediaSec, reason });
      await this.journalled({ type: 'gap', at: this.iso(), mediaSec, reason });
    });
  }

  /** Ends the capture: everything written is made durable and the journal says the recording stopped. */
  stop(): Promise<WriterSnapshot> {
    return this.serial(async () => {
      if (this.state === 'failed' || this.state === 'stopped') return this.snapshot();
      const mediaSec = this.mediaSec();
      if (this.state === 'recording') this.recordedMs += this.options.clock.now() - this.activeSinceMs;
      this.state = 'stopped';
      this.cancelTimer?.();
      try {
        await this.journal.append({ type: 'stop', at: this.iso(), reason: 'stopped', mediaSec });
        await this.syncNow();
      } catch (error) {
        throw await this.fail(error);
      }
      await this.closeFiles();
      return this.snapshot();
    });
  }

  /** Where the recording stands now. */
  snapshot(): WriterSnapshot {
    return {
      state: this.state,
      bytesWritten: this.bytes,
      chunks: this.nextSeq,
      mediaSec: this.mediaSec(),
      lastSyncAt: this.lastSyncAt,
      startedAt: this.startedAt,
      marks: this.marks.map((mark) => ({ ...mark })),
      error: this.failure,
    };
  }

  private mediaSec(): number {
    const running = this.state === 'recording' ? this.options.clock.now() - this.activeSinceMs : 0;
    return (this.recordedMs + running) / 1000;
  }

  private iso(): string {
    return new Date(this.options.clock.now()).toISOString();
  }

  private assertOpen(): void {
    if (this.failure) throw this.failure;
    if (this.state === 'stopped') throw new AppError('INVALID_ARGUMENT', 'The recording has already stopped.');
  }

  private async writeAll(bytes: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < bytes.byteLength) {
      const { bytesWritten } = await this.capture.write(bytes, done, bytes.byteLength - done, position + done);
      done += bytesWritten;
    }
  }

  private async journalled(record: Parameters<RecordingJournal['append']>[0]): Promise<void> {
    try {
      await this.journal.append(record);
      await this.syncNow();
    } catch (error) {
      throw await this.fail(error);
    }
  }

  private async syncWhenDue(): Promise<void> {
    const due = this.lastSyncMs + this.options.syncIntervalMs;
    const now = this.options.clock.now();
    if (now >= due) {
      try {
        await this.syncNow();
      } catch (error) {
        throw await this.fail(error);
      }
      return;
    }
    // A chunk never waits longer than the interval, even if no other chunk follows it.
    this.cancelTimer ??= this.options.clock.setTimeout(() => {
      this.cancelTimer = undefined;
      this.serial(async () => {
        if (this.state !== 'recording' && this.state !== 'paused') return;
        try {
          await this.syncNow();
        } catch (error) {
          await this.fail(error);
        }
      }).catch(() => undefined);
    }, due - now);
  }

  private async syncNow(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    // The data first: a journaled chunk must never point past what is durable in the capture.
    await this.capture.sync();
    await this.journal.sync();
    this.lastSyncMs = this.options.clock.now();
    this.lastSyncAt = new Date(this.lastSyncMs).toISOString();
    this.options.onSync?.();
  }

  /** Stops the recording after a failed write, keeping every complete chunk; answers with the error to show. */
  private async fail(cause: unknown): Promise<AppError> {
    if (this.failure) return this.failure;
    const mediaSec = this.mediaSec();
    if (this.state === 'recording') this.recordedMs += this.options.clock.now() - this.activeSinceMs;
    this.state = 'failed';
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const minutes = Math.floor(mediaSec / 60);
    const seconds = Math.floor(mediaSec % 60);
    const kept = `${minutes}:${String(seconds).padStart(2, '0')}`;
    const error = new AppError(
      'SAVE_FAILED',
      `The recording stopped because ${describeWriteProblem(cause)}. The first ${kept} is kept and can be transcribed. Free some space, then start a new recording.`,
      { cause },
    );
    this.failure = error;
    // Best effort: the disk that refused the audio may refuse these too; recovery copes either way.
    await this.capture.truncate(this.bytes).catch(() => undefined);
    await this.journal.append({ type: 'stop', at: this.iso(), reason: 'write-failed', mediaSec, error: error.toValue() }).catch(() => undefined);
    await this.capture.sync().catch(() => undefined);
    await this.journal.sync().catch(() => undefined);
    await this.closeFiles();
    this.options.onFailure?.(error);
    return error;
  }

  private async closeFiles(): Promise<void> {
    await this.capture.close().catch(() => undefined);
    await this.journal.close().catch(() => undefined);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
