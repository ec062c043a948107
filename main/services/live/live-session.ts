import { AppError } from '../../../common/errors';
import { addGap, applyCaptionUpdate, emptyDraft } from '../../../common/live/caption-lines';
import { liveSampleRate } from '../../../common/live';
import type { CaptionUpdate, LiveDraft, LiveStart, LiveState, LiveStatus } from '../../../common/live';
import { capText } from '../../../common/text';
import type { DeepgramCredentials } from '../deepgram/deepgram-gateway';
import type { Logger } from '../logging/logger';
import type { RecordingClock } from '../recordings/recording-writer';
import { openLiveConnection } from './live-connection';
import type { LiveConnection } from './live-connection';
import type { LiveDraftStore } from './live-draft-store';
import { parseLiveMessage } from './live-messages';
import { pacingWaitMs, reconnectDelayMs } from './live-pacing';
import type { LiveMessage, LiveResults } from './live-messages';
import { liveListenUrl, toLiveQuery } from './live-query';
import { isRetriable } from './live-refusals';
import { ReplayBuffer } from './replay-buffer';
import { DraftSaver } from './draft-saver';
import { LaneTimeline } from './lane-timeline';

/** Timings and bounds of a live stream; tests shrink them. */
export interface LiveTuning {
  /** How often to check whether a KeepAlive is due. */
  keepAliveMs: number;
  /** A KeepAlive goes out once no audio was sent for this long (paused or silent). */
  idleAudioMs: number;
  /** Longest wait in `stop()` for the last text, the Metadata and the close. */
  stopWaitMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Audio is sent at most this many times faster than real time (Deepgram refuses more than 1.25); Infinity sends at once. */
  replayRate: number;
  /** Seconds of audio kept for a replay; older audio is dropped and becomes a gap if it was never transcribed. */
  maxReplaySec: number;
  /** Audio before the last final's end that a replay repeats, so the model hears the seam's context; repeated words are dropped. */
  replayLeadSec: number;
  /** The draft is saved at most this long after a change (and at once on stop). */
  persistDelayMs: number;
  handshakeTimeoutMs: number;
}

export const defaultLiveTuning: LiveTuning = {
  keepAliveMs: 4000,
  idleAudioMs: 3000,
  stopWaitMs: 5000,
  backoffInitialMs: 500,
  backoffMaxMs: 30_000,
  replayRate: 1.2,
  maxReplaySec: 120,
  replayLeadSec: 0.5,
  persistDelayMs: 2000,
  handshakeTimeoutMs: 10_000,
};

export type LiveEvent = { event: 'live.caption'; payload: CaptionUpdate } | { event: 'live.status'; payload: LiveStatus };

export interface LiveSessionDeps {
  credentials: () => Promise<DeepgramCredentials>;
  logger: Logger;
  clock: RecordingClock;
  random: () => number;
  store: LiveDraftStore;
  tuning: LiveTuning;
  emit: (event: LiveEvent) => void;
}

interface Finishing {
  closeSent: boolean;
  done: boolean;
  promise: Promise<LiveDraft>;
  resolve: (draft: LiveDraft) => void;
}

const sameInstant = 0.01;

/**
 * One recording's live stream: frames in, caption updates out. Keeps the audio since the last
 * final text so that a dropped connection is replayed on a new one (paced, placed on the
 * recording's time line, with the seam's repeated words dropped); never stops the recording.
 */
export class LiveSession {
  readonly recordingId: string;
  private readonly channels: 1 | 2;
  private readonly start: LiveStart;
  private readonly bytesPerSecond: number;
  private readonly buffer: ReplayBuffer;
  private state: LiveState = 'connecting';
  private error: AppError | undefined;
  private draft: LiveDraft;
  private nextSeq = 0;
  private readonly timeline: LaneTimeline;
  private readonly saver: DraftSaver;

  private conn: LiveConnection | null = null;
  /** The connection attempt under way; aborting it ends its handshake. */
  private attempt: AbortController | null = null;
  private attempts = 0;
  private connOffsetSec = 0;
  private sentByte = 0;
  private connStartMs = 0;
  private connSentBytes = 0;
  private lastAudioAt = 0;
  private reportedBehind = 0;

  private cancelReconnect: (() => void) | undefined;
  private cancelPump: (() => void) | undefined;
  private cancelKeepAlive: (() => void) | undefined;
  private cancelDeadline: (() => void) | undefined;
  private finishing: Finishing | null = null;

  constructor(start: LiveStart, private readonly deps: LiveSessionDeps) {
    this.start = start;
    this.recordingId = start.recordingId;
    this.channels = start.channels;
    this.bytesPerSecond = liveSampleRate * 2 * start.channels;
    const frameBytes = 2 * start.channels;
    this.buffer = new ReplayBuffer(Math.ceil((deps.tuning.maxReplaySec * this.bytesPerSecond) / frameBytes) * frameBytes);
    this.draft = emptyDraft(start.recordingId, start.channels);
    this.timeline = new LaneTimeline(start.recordingId, start.channels, start.options.diarize && start.channels === 1);
    this.saver = new DraftSaver(() => this.draft, { store: deps.store, clock: deps.clock, logger: deps.logger, delayMs: deps.tuning.persistDelayMs });
  }

  /** Opens the first connection; frames are kept meanwhile. */
  open(): void {
    this.emitStatus();
    void this.connect();
  }

  /** The draft as it stands. */
  currentDraft(): LiveDraft {
    return this.draft;
  }

  /** Whether a stop is under way. */
  get stopping(): boolean {
    return this.finishing !== null && !this.settled;
  }

  /** Whether the stream is over (ended or failed): its draft is final. */
  get settled(): boolean {
    return this.state === 'ended' || this.state === 'failed';
  }

  /** Takes frame `seq`: a repeat is ignored, a missing predecessor refused; after a failure frames are accepted and dropped. */
  frame(seq: number, bytes: Uint8Array): void {
    if (seq < this.nextSeq) return;
    if (seq > this.nextSeq) throw new AppError('INVALID_ARGUMENT', `Live frame ${seq} arrived before frame ${this.nextSeq}.`);
    if (bytes.byteLength === 0 || bytes.byteLength % (2 * this.channels) !== 0) {
      throw new AppError('INVALID_ARGUMENT', `A live frame of ${this.channels} channel(s) holds whole 16-bit samples for every channel.`);
    }
    this.nextSeq += 1;
    if (this.settled || this.finishing) return;
    const dropped = this.buffer.append(Buffer.from(bytes));
    if (dropped && dropped.to > this.sentByte) this.overflowed();
    if (this.conn) this.pump();
    else this.reportBehind();
  }

  /** Flushes what is pending, ends the stream (bounded by `stopWaitMs`) and answers with the saved draft. */
  stop(): Promise<LiveDraft> {
    if (this.finishing) return this.finishing.promise;
    if (this.settled) return this.saver.now().then(() => this.draft);
    let resolve: (draft: LiveDraft) => void = () => undefined;
    const promise = new Promise<LiveDraft>((r) => {
      resolve = r;
    });
    this.finishing = { closeSent: false, done: false, promise, resolve };
    this.state = 'finishing';
    this.emitStatus();
    this.cancelDeadline = this.deps.clock.setTimeout(() => void this.finish(false), this.deps.tuning.stopWaitMs);
    if (this.buffer.endByte === 0 && !this.conn) {
      void this.finish(true);
    } else if (this.conn) {
      this.pump();
    } else if (!this.attempt) {
      this.cancelReconnect?.();
      void this.connect();
    }
    return promise;
  }

  /** Drops the current socket (it may be dead after sleep or a network change) and connects again at once. */
  reconnectNow(): void {
    if (this.settled) return;
    this.cancelReconnect?.();
    this.attempts = 0;
    if (this.conn) this.detach(true);
    this.abortAttempt();
    void this.connect();
  }

  /** Names a lane or a speaker in the draft and saves it. */
  async rename(who: string, name: string): Promise<LiveDraft> {
    this.draft = { ...this.draft, names: { ...this.draft.names, [who]: name } };
    await this.saver.now();
    return this.draft;
  }

  // --- connections ---

  private async connect(): Promise<void> {
    if (this.settled || this.conn) return;
    const attempt = new AbortController();
    this.attempt = attempt;
    const current = (): boolean => this.attempt === attempt && !this.settled;
    let credentials: DeepgramCredentials;
    try {
      credentials = await this.deps.credentials();
    } catch (error) {
      if (current()) this.fail(error instanceof AppError ? error : new AppError('NO_KEY', 'No Deepgram key is available for live captions. Add one in Settings → Keys.'));
      return;
    }
    if (!current()) return;
    const holder: { conn: LiveConnection | null } = { conn: null };
    try {
      const url = liveListenUrl(credentials.baseUrl, toLiveQuery(this.start.options, this.channels, credentials.tags ?? []));
      const conn = await openLiveConnection({
        url,
        key: credentials.key,
        options: this.start.options,
        channels: this.channels,
        handshakeTimeoutMs: this.deps.tuning.handshakeTimeoutMs,
        signal: attempt.signal,
        events: {
          onText: (text) => {
            if (holder.conn && this.conn === holder.conn) this.onText(text);
          },
          onClose: (code, reason) => {
            if (holder.conn && this.conn === holder.conn) this.onClosed(code, reason);
          },
        },
      });
      holder.conn = conn;
      if (!current()) {
        conn.close();
        return;
      }
      this.attempt = null;
      this.opened(conn);
    } catch (error) {
      if (!current()) return;
      this.attempt = null;
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', 'Live captions could not start.', { cause: error });
      if (!isRetriable(appError)) {
        this.fail(appError);
        return;
      }
      this.deps.logger.warn(`Live captions: connection refused or failed (${appError.code}${appError.status ? ` ${appError.status}` : ''}); retrying`);
      this.error = appError;
      this.retryLater(appError.retryAfterMs);
    }
  }

  private opened(conn: LiveConnection): void {
    this.conn = conn;
    const start = this.buffer.startByte;
    this.noteLostAudio(start / this.bytesPerSecond);
    this.sentByte = start;
    this.connOffsetSec = start / this.bytesPerSecond;
    this.connStartMs = this.deps.clock.now();
    this.connSentBytes = 0;
    this.lastAudioAt = this.connStartMs;
    this.state = this.finishing ? 'finishing' : 'live';
    this.error = undefined;
    this.deps.logger.info(`Live captions: connected (request ${conn.requestId ?? 'unknown'}), replaying from ${this.connOffsetSec.toFixed(2)} s`);
    this.emitStatus();
    this.startKeepAlive();
    this.pump();
  }

  private onClosed(code: number, reason: string): void {
    this.conn = null;
    this.stopConnectionTimers();
    if (this.finishing?.closeSent) {
      void this.finish(code === 1000);
      return;
    }
    this.deps.logger.warn(`Live captions: connection closed (${code}${reason ? ` ${capText(reason, 120)}` : ''}); reconnecting`);
    this.lost();
    this.retryLater();
  }

  private abortAttempt(): void {
    const attempt = this.attempt;
    this.attempt = null;
    attempt?.abort();
  }

  /** Forgets the current connection (its events are ignored from now on). */
  private detach(terminate: boolean): void {
    const conn = this.conn;
    this.conn = null;
    this.stopConnectionTimers();
    if (terminate) conn?.terminate();
    else conn?.close();
    if (terminate) this.lost();
  }

  /** The connection is gone: its provisional text is void, and the status says so. */
  private lost(): void {
    // Every lane, not only those known to show text: the window may hold text from an update it got late.
    this.timeline.dropInterim();
    this.emitCaption({ recordingId: this.recordingId, finals: [], lineEnds: [], clearInterim: this.timeline.lanes() });
    if (!this.finishing) this.state = 'reconnecting';
    this.emitStatus();
  }

  private retryLater(retryAfterMs?: number): void {
    if (this.settled) return;
    const { backoffInitialMs, backoffMaxMs } = this.deps.tuning;
    const delay = reconnectDelayMs(this.attempts, backoffInitialMs, backoffMaxMs, this.deps.random(), retryAfterMs);
    this.attempts += 1;
    if (!this.finishing) this.state = 'reconnecting';
    this.emitStatus();
    this.cancelReconnect?.();
    this.cancelReconnect = this.deps.clock.setTimeout(() => {
      this.cancelReconnect = undefined;
      void this.connect();
    }, delay);
  }

  private fail(error: AppError): void {
    this.deps.logger.warn(`Live captions stopped: ${error.code}${error.status ? ` (${error.status})` : ''}`);
    this.error = error;
    this.cancelReconnect?.();
    this.abortAttempt();
    if (this.conn) this.detach(true);
    this.buffer.clear();
    this.state = 'failed';
    this.emitStatus();
    void this.saver.now();
    if (this.finishing) void this.finish(false);
  }

  private async finish(clean: boolean): Promise<void> {
    const finishing = this.finishing;
    if (!finishing || finishing.done) return;
    finishing.done = true;
    this.cancelDeadline?.();
    this.cancelReconnect?.();
    this.abortAttempt();
    const conn = this.conn;
    this.conn = null;
    this.stopConnectionTimers();
    if (clean) conn?.close();
    else conn?.terminate();
    if (!clean && this.state !== 'failed') {
      const floor = this.timeline.committedFloor();
      const end = this.buffer.endByte / this.bytesPerSecond;
      if (end - floor > sameInstant) this.addGap(floor, end);
    }
    const showing = this.timeline.dropInterim();
    if (showing.length > 0) this.emitCaption({ recordingId: this.recordingId, finals: [], lineEnds: [], clearInterim: showing });
    // The stream is over: every lane's last line is complete.
    const open = this.timeline.lanes().filter((lane) => this.draft.lines.some((l) => l.lane === lane && !l.closed));
    if (open.length > 0) this.emitCaption({ recordingId: this.recordingId, finals: [], lineEnds: open });
    this.buffer.clear();
    if (this.state !== 'failed') this.state = 'ended';
    this.emitStatus();
    await this.saver.now();
    finishing.resolve(this.draft);
  }

  // --- audio ---

  private pump(): void {
    this.cancelPump?.();
    this.cancelPump = undefined;
    const conn = this.conn;
    if (!conn) return;
    const { replayRate } = this.deps.tuning;
    while (this.sentByte < this.buffer.endByte) {
      if (conn.bufferedAmount > this.bytesPerSecond) {
        this.schedulePump(20);
        break;
      }
      const wait = pacingWaitMs(this.connSentBytes, this.deps.clock.now() - this.connStartMs, replayRate, this.bytesPerSecond);
      if (wait > 0) {
        this.schedulePump(wait);
        break;
      }
      const bytes = this.buffer.from(this.sentByte);
      if (!bytes) break;
      conn.sendAudio(bytes);
      this.sentByte += bytes.length;
      this.connSentBytes += bytes.length;
      this.lastAudioAt = this.deps.clock.now();
    }
    this.reportBehind();
    if (this.finishing && !this.finishing.closeSent && this.sentByte >= this.buffer.endByte) {
      this.finishing.closeSent = true;
      conn.sendControl('Finalize');
      conn.sendControl('CloseStream');
    }
  }

  private schedulePump(ms: number): void {
    this.cancelPump = this.deps.clock.setTimeout(() => {
      this.cancelPump = undefined;
      this.pump();
    }, ms);
  }

  private startKeepAlive(): void {
    this.cancelKeepAlive?.();
    const { keepAliveMs, idleAudioMs } = this.deps.tuning;
    const tick = (): void => {
      this.cancelKeepAlive = this.deps.clock.setTimeout(tick, keepAliveMs);
      if (this.conn && this.deps.clock.now() - this.lastAudioAt >= idleAudioMs) this.conn.sendControl('KeepAlive');
    };
    this.cancelKeepAlive = this.deps.clock.setTimeout(tick, keepAliveMs);
  }

  private stopConnectionTimers(): void {
    this.cancelPump?.();
    this.cancelPump = undefined;
    this.cancelKeepAlive?.();
    this.cancelKeepAlive = undefined;
  }

  /** The oldest audio went to stay within the bound. */
  private overflowed(): void {
    if (this.conn) {
      // Deepgram's clock runs on the audio it got: skipping audio mid-connection would shift every
      // later time, so a new connection starts where the kept audio starts.
      this.deps.logger.warn('Live captions: more audio is waiting than can be kept; skipping the oldest');
      this.detach(true);
      void this.connect();
      return;
    }
    this.noteLostAudio(this.buffer.startByte / this.bytesPerSecond);
  }

  /** Records as a gap the audio between the last final text and `replayFromSec`, which can no longer be sent. */
  private noteLostAudio(replayFromSec: number): void {
    const floor = Math.max(this.timeline.committedFloor(), this.draft.gaps.at(-1)?.toSec ?? 0);
    if (replayFromSec - floor > sameInstant) this.addGap(floor, replayFromSec);
  }

  private addGap(fromSec: number, toSec: number): void {
    const next = addGap(this.draft, fromSec, toSec);
    if (next === this.draft) return;
    this.draft = next;
    this.saver.changed();
    this.emitStatus();
  }

  private behindSec(): number {
    const from = this.conn ? this.sentByte : this.buffer.startByte;
    return Math.max(0, Math.round(((this.buffer.endByte - from) / this.bytesPerSecond) * 10) / 10);
  }

  private reportBehind(): void {
    const behind = this.behindSec();
    if (Math.abs(behind - this.reportedBehind) >= 0.5 || (behind === 0) !== (this.reportedBehind === 0)) this.emitStatus();
  }

  // --- messages ---

  private onText(text: string): void {
    const message: LiveMessage | null = parseLiveMessage(text);
    if (!message) return;
    switch (message.type) {
      case 'Results':
        this.onResults(message);
        break;
      case 'UtteranceEnd': {
        const lane = message.channel[0];
        if ((lane === 0 || lane === 1) && lane < this.channels) this.emitCaption({ recordingId: this.recordingId, finals: [], lineEnds: [lane] });
        break;
      }
      case 'Metadata':
        if (this.finishing?.closeSent) void this.finish(true);
        break;
      case 'Error':
      case 'Warning':
        this.deps.logger.warn(
          `Live captions: Deepgram ${message.type.toLowerCase()}: ${capText(message.description ?? message.message ?? message.warn_msg ?? message.variant ?? message.warn_code ?? '', 200)}`,
        );
        break;
    }
  }

  private onResults(message: LiveResults): void {
    const update = this.timeline.apply(message, this.connOffsetSec);
    if (!update) return;
    // Text is flowing: the next drop starts its backoff afresh.
    this.attempts = 0;
    if (message.is_final === true) this.trimBuffer();
    this.emitCaption(update);
  }

  /** Drops audio a replay will not need: before the last final (less the lead). */
  private trimBuffer(): void {
    const keepFrom = Math.max(0, this.timeline.committedFloor() - this.deps.tuning.replayLeadSec);
    this.buffer.dropBefore(Math.min(this.sentByte, Math.floor(keepFrom * this.bytesPerSecond)));
  }

  // --- events and disk ---

  private emitCaption(update: CaptionUpdate): void {
    const next = applyCaptionUpdate(this.draft, update);
    if (next !== this.draft) {
      this.draft = next;
      this.saver.changed();
    }
    this.deps.emit({ event: 'live.caption', payload: update });
  }

  private emitStatus(): void {
    const behindSec = this.behindSec();
    this.reportedBehind = behindSec;
    const status: LiveStatus = { recordingId: this.recordingId, state: this.state, behindSec, gaps: this.draft.gaps };
    if (this.error && (this.state === 'failed' || this.state === 'reconnecting')) status.error = this.error.toValue();
    this.deps.emit({ event: 'live.status', payload: status });
  }
}
