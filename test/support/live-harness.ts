import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultTranscribeOptions } from '../../common/transcribe-options';
import type { TranscribeOptions } from '../../common/transcribe-options';
import type { CaptionSegment, CaptionUpdate, LiveStatus } from '../../common/live';
import { LiveCaptionService } from '../../main/services/live/live-caption-service';
import type { LiveEvent, LiveTuning } from '../../main/services/live/live-caption-service';
import type { Logger } from '../../main/services/logging/logger';

const run = promisify(execFile);

/** 16 kHz 16-bit PCM of `text` spoken by espeak-ng; two channels repeat it on both sides. */
export async function speechPcm(dir: string, text: string, channels: 1 | 2 = 1, name = 'speech'): Promise<Buffer> {
  const wav = join(dir, `${name}.wav`);
  const raw = join(dir, `${name}-${channels}.raw`);
  await run('espeak-ng', ['-s', '160', '-w', wav, text]);
  await run('sox', [wav, '-t', 'raw', '-r', '16000', '-e', 'signed', '-b', '16', '-c', String(channels), raw]);
  return readFile(raw);
}

/** A logger that keeps every line as text, the way the app's logger renders it. */
export class LinesLogger implements Logger {
  readonly lines: string[] = [];
  private add(level: string, message: string, meta: unknown[]): void {
    const rendered = meta.map((m) => (m instanceof Error ? `${m.name}: ${m.message} ${String(m.cause ?? '')}` : typeof m === 'string' ? m : JSON.stringify(m)));
    this.lines.push([level, message, ...rendered].join(' '));
  }
  info(message: string, ...meta: unknown[]): void {
    this.add('info', message, meta);
  }
  warn(message: string, ...meta: unknown[]): void {
    this.add('warn', message, meta);
  }
  error(message: string, ...meta: unknown[]): void {
    this.add('error', message, meta);
  }
}

/** Tight timings so that a test takes seconds; pacing stays on (1.2×). */
export const testTuning: Partial<LiveTuning> = {
  keepAliveMs: 150,
  idleAudioMs: 300,
  stopWaitMs: 15_000,
  backoffInitialMs: 50,
  backoffMaxMs: 400,
  persistDelayMs: 100,
  handshakeTimeoutMs: 5000,
};

export interface LiveRig {
  service: LiveCaptionService;
  logger: LinesLogger;
  events: LiveEvent[];
  dataDir: string;
  captions(): CaptionUpdate[];
  statuses(): LiveStatus[];
  finals(): CaptionSegment[];
  /** Resolves when a status satisfies `predicate` (already emitted or later). */
  waitForStatus(predicate: (s: LiveStatus) => boolean, timeoutMs?: number): Promise<LiveStatus>;
}

export async function liveRig(credentials: { key: string; baseUrl: string; tags?: string[] }, tuning: Partial<LiveTuning> = {}): Promise<LiveRig> {
  const dataDir = await mkdtemp(join(tmpdir(), 'live-data-'));
  const logger = new LinesLogger();
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  const service = new LiveCaptionService({
    credentials: () => Promise.resolve({ key: credentials.key, baseUrl: credentials.baseUrl, tags: credentials.tags ?? [] }),
    dataDir,
    logger,
    tuning: { ...testTuning, ...tuning },
  });
  service.subscribe((event) => {
    events.push(event);
    for (const waiter of waiters) waiter();
  });
  const statuses = (): LiveStatus[] => events.flatMap((e) => (e.event === 'live.status' ? [e.payload] : []));
  const captions = (): CaptionUpdate[] => events.flatMap((e) => (e.event === 'live.caption' ? [e.payload] : []));
  return {
    service,
    logger,
    events,
    dataDir,
    captions,
    statuses,
    finals: () => captions().flatMap((u) => u.finals),
    waitForStatus: (predicate, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = statuses().find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no such live status; saw ${JSON.stringify(statuses().map((s) => s.state))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

/** Splits PCM into frames of `frameBytes` (100 ms of mono by default). */
export function framesOf(pcm: Buffer, frameBytes = 3200): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < pcm.length; offset += frameBytes) frames.push(new Uint8Array(pcm.subarray(offset, Math.min(pcm.length, offset + frameBytes))));
  return frames;
}

/** Hands frames to the service, `perTick` at a time every `everyMs` (real time is 1 per 100 ms). */
export async function feed(service: LiveCaptionService, recordingId: string, frames: Uint8Array[], opts: { firstSeq?: number; perTick?: number; everyMs?: number } = {}): Promise<void> {
  const perTick = opts.perTick ?? 5;
  const everyMs = opts.everyMs ?? 100;
  let seq = opts.firstSeq ?? 0;
  for (let i = 0; i < frames.length; i += perTick) {
    for (const frame of frames.slice(i, i + perTick)) service.frame(recordingId, seq++, frame);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const liveOptions = (change: Partial<TranscribeOptions> = {}): TranscribeOptions => ({ ...defaultTranscribeOptions, ...change });
