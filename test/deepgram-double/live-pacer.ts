import { performance } from 'node:perf_hooks';

/** Deepgram accepts streaming audio at most this many times faster than real time. */
export const MAX_REALTIME_FACTOR = 1.25;
/**
 * Audio seconds a client may be ahead of MAX_REALTIME_FACTOR × wall clock before it counts as too fast: a client
 * that buffered audio while connecting flushes it at once, which is fine.
 */
export const BURST_TOLERANCE_SECONDS = 1;

interface Entry {
  dueMs: number;
  run: () => void;
}

/**
 * Paces one stream as if its audio were consumed at `pace` × real time from the first audio frame: work queued for
 * audio time t runs no earlier than first-audio + t / pace, in the order queued. Also measures how far the client
 * ran ahead of MAX_REALTIME_FACTOR (RequestRecord.fasterThanRealtime).
 */
export class LivePacer {
  private firstAudioMs: number | undefined;
  private readonly queue: Entry[] = [];
  private lastDueMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private maxAhead = 0;

  constructor(
    private readonly pace: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Notes that the client has sent `totalSeconds` of audio so far; returns the largest lead seen, in seconds. */
  noteAudio(totalSeconds: number): number {
    const now = this.now();
    this.firstAudioMs ??= now;
    const elapsed = (now - this.firstAudioMs) / 1000;
    this.maxAhead = Math.max(this.maxAhead, totalSeconds - BURST_TOLERANCE_SECONDS - MAX_REALTIME_FACTOR * elapsed);
    return this.maxAhead;
  }

  /** Milliseconds from now until audio up to `audioSeconds` counts as consumed; 0 when it already does. */
  delayUntil(audioSeconds: number): number {
    return Math.max(0, this.consumedAt(audioSeconds) - this.now());
  }

  private consumedAt(audioSeconds: number): number {
    const now = this.now();
    if (this.firstAudioMs === undefined) return now;
    return Math.max(now, this.firstAudioMs + (audioSeconds / this.pace) * 1000);
  }

  /** Runs `run` once audio up to `audioSeconds` is consumed and everything queued before it has run. */
  at(audioSeconds: number, run: () => void): void {
    const dueMs = Math.max(this.lastDueMs, this.consumedAt(audioSeconds));
    this.lastDueMs = dueMs;
    this.queue.push({ dueMs, run });
    if (this.queue.length === 1) this.flush();
  }

  /** Drops everything queued (the stream closed). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let head = this.queue[0]; head && head.dueMs <= this.now(); head = this.queue[0]) {
      this.queue.shift();
      head.run();
    }
    const head = this.queue[0];
    // Timers may fire a little early against performance.now(); flush then simply waits again.
    if (head && this.timer === undefined) this.timer = setTimeout(() => this.flush(), Math.max(1, head.dueMs - this.now()));
  }
}
