// Live captions against the double over TLS, two figures with their baselines from the same run:
// 1. Latency from a frame handed to LiveCaptionService.frame() to the caption update it completes
//    (the double finalises every second of audio), against a raw `ws` client sending the same
//    frames at the same pace straight to the double and timing the final Results. Real time.
// 2. Memory over a simulated 2-hour stream (BENCH_LIVE_SECONDS, default 7200) fed faster than real
//    time with pacing off (`replayRate: Infinity`), heap sampled after a full GC, against the same
//    process idle. The draft itself grows with the text (it is the product); its size is printed.
// A figure, not a test. Run: node --expose-gc --import tsx bench/live-latency.ts
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import { defaultTranscribeOptions } from '../common/transcribe-options';
import { LiveCaptionService } from '../main/services/live/live-caption-service';
import type { LiveEvent } from '../main/services/live/live-caption-service';
import { startDeepgramDouble } from '../test/deepgram-double/server';
import { makeTestCertificate } from '../test/support/test-tls';

const run = promisify(execFile);
const BPS = 32_000;
const FRAME = 3200;
const latencySeconds = Number(process.env['BENCH_LIVE_LATENCY_SECONDS'] ?? 15);
const memorySeconds = Number(process.env['BENCH_LIVE_SECONDS'] ?? 7200);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

// The process trusts the test CA only through NODE_EXTRA_CA_CERTS, read at start: the first run
// makes the certificate and runs this script again with it set.
const childDir = process.env['BENCH_LIVE_CHILD'];
if (!childDir) {
  const parentDir = await mkdtemp(join(tmpdir(), 'bench-live-'));
  const made = await makeTestCertificate(join(parentDir, 'tls'));
  const { stdout } = await run(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: made.caFile, BENCH_LIVE_CHILD: parentDir },
    maxBuffer: 16 * 1024 * 1024,
  });
  process.stdout.write(stdout);
  await rm(parentDir, { recursive: true, force: true });
  process.exit(0);
}
const dir = childDir;
const childTls = { cert: await readFile(join(dir, 'tls/server.pem'), 'utf8'), key: await readFile(join(dir, 'tls/server-key.pem'), 'utf8'), ca: await readFile(join(dir, 'tls/ca.pem'), 'utf8') };
const key = 'b'.repeat(40);
// A double that releases results as soon as their audio has arrived (`livePace`, where the double
// has it), so that the memory run may go faster than real time.
const doubleOptions = { ...childTls, keys: [{ key }], tmpDir: dir, idleTimeoutMs: 60_000, livePace: Number.POSITIVE_INFINITY };
const double = await startDeepgramDouble(doubleOptions);

// Real speech, looped to length.
await run('espeak-ng', ['-s', '160', '-w', join(dir, 's.wav'), 'Live captions follow the meeting as it happens, every word once and in order.']);
await run('sox', [join(dir, 's.wav'), '-t', 'raw', '-r', '16000', '-e', 'signed', '-b', '16', '-c', '1', join(dir, 's.raw')]);
const speech = await readFile(join(dir, 's.raw'));
const audioOf = (seconds: number): Buffer => {
  const out = Buffer.alloc(seconds * BPS);
  for (let offset = 0; offset < out.length; offset += speech.length) speech.copy(out, offset, 0, Math.min(speech.length, out.length - offset));
  return out;
};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

// The double finalises a second of audio on the frame that completes it (or, as its float sum
// falls short, the next one): a final is timed from the last frame handed in before it came.

async function baselineLatencies(audio: Buffer): Promise<number[]> {
  const url = `${double.url.replace('https', 'wss')}/v1/listen?model=nova-3&encoding=linear16&sample_rate=16000&channels=1&interim_results=true&utterance_end_ms=1000&endpointing=300`;
  const ws = new WebSocket(url, { headers: { Authorization: `Token ${key}` }, perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const sentAt: number[] = [];
  const latencies: number[] = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = JSON.parse(String(data)) as { type: string; is_final?: boolean; from_finalize?: boolean };
    if (message.type === 'Results' && message.is_final && !message.from_finalize) {
      const at = sentAt.at(-1);
      if (at !== undefined) latencies.push(performance.now() - at);
    }
  });
  const start = performance.now();
  for (let i = 0; i * FRAME < audio.length; i += 1) {
    await sleep(Math.max(0, start + i * 100 - performance.now()));
    sentAt.push(performance.now());
    ws.send(audio.subarray(i * FRAME, (i + 1) * FRAME));
  }
  await sleep(300);
  ws.close();
  return latencies;
}

async function serviceLatencies(audio: Buffer): Promise<number[]> {
  const service = new LiveCaptionService({ credentials: () => Promise.resolve({ key, baseUrl: double.url }), dataDir: join(dir, 'latency'), logger: quiet });
  const sentAt: number[] = [];
  const latencies: number[] = [];
  let stopping = false;
  let live: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    live = resolve;
  });
  service.subscribe((event: LiveEvent) => {
    if (event.event === 'live.status' && event.payload.state === 'live') live();
    if (event.event === 'live.caption' && event.payload.finals.length > 0 && !stopping) {
      const at = sentAt.at(-1);
      if (at !== undefined) latencies.push(performance.now() - at);
    }
  });
  service.start({ recordingId: 'latency', channels: 1, options: defaultTranscribeOptions });
  await opened;
  const start = performance.now();
  for (let i = 0; i * FRAME < audio.length; i += 1) {
    await sleep(Math.max(0, start + i * 100 - performance.now()));
    sentAt.push(performance.now());
    service.frame('latency', i, new Uint8Array(audio.subarray(i * FRAME, (i + 1) * FRAME)));
  }
  await sleep(300);
  // The flush on stop is not a frame's latency.
  stopping = true;
  await service.stop('latency');
  return latencies;
}

interface Sample { second: number; heapMb: number; rssMb: number; draftKb: number }

function sample(second: number, draftKb: number): Sample {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return { second, heapMb: m.heapUsed / 2 ** 20, rssMb: m.rss / 2 ** 20, draftKb };
}

async function memoryRun(seconds: number): Promise<{ idle: Sample; samples: Sample[]; wallSec: number }> {
  await sleep(500);
  const idle = sample(0, 0);
  const service = new LiveCaptionService({
    credentials: () => Promise.resolve({ key, baseUrl: double.url }),
    dataDir: join(dir, 'memory'),
    logger: quiet,
    tuning: { replayRate: Number.POSITIVE_INFINITY },
  });
  service.start({ recordingId: 'memory', channels: 1, options: defaultTranscribeOptions });
  const chunk = audioOf(10);
  const samples: Sample[] = [];
  const started = performance.now();
  let seq = 0;
  const received = (): number => double.requests.filter((r) => r.path === '/v1/listen').at(-1)?.bytes ?? 0;
  for (let second = 0; second < seconds; second += 10) {
    for (let offset = 0; offset < chunk.length; offset += FRAME) service.frame('memory', seq++, new Uint8Array(chunk.subarray(offset, offset + FRAME)));
    // Stay at most 20 s of audio ahead of the double, as a real-time source would be.
    while ((second + 10) * BPS - received() > 20 * BPS) await sleep(5);
    if ((second + 10) % 600 === 0) {
      const draft = await service.draft('memory');
      samples.push(sample(second + 10, JSON.stringify(draft).length / 1024));
    }
  }
  const draft = await service.stop('memory');
  samples.push(sample(seconds, JSON.stringify(draft).length / 1024));
  return { idle, samples, wallSec: (performance.now() - started) / 1000 };
}

const latencyAudio = audioOf(latencySeconds);
const baseline = await baselineLatencies(latencyAudio);
const through = await serviceLatencies(latencyAudio);
if (process.env['BENCH_LIVE_DEBUG']) console.log(baseline.map(Math.round).join(' '), '/', through.map(Math.round).join(' '));
const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

console.log(`\nLive caption latency, frame handed in → final caption out (${latencySeconds} s of speech at real time, 100 ms frames, double over TLS on loopback)`);
console.log(row(['path', 'finals', 'median ms', 'p95 ms']));
console.log(row(['---', '---:', '---:', '---:']));
console.log(row(['raw ws client → double (baseline)', String(baseline.length), f2(percentile(baseline, 50)), f2(percentile(baseline, 95))]));
console.log(row(['LiveCaptionService → double', String(through.length), f2(percentile(through, 50)), f2(percentile(through, 95))]));
console.log(row(['ratio', '', f1(percentile(through, 50) / percentile(baseline, 50)), f1(percentile(through, 95) / percentile(baseline, 95))]));

const memory = await memoryRun(memorySeconds);
console.log(`\nMemory over a simulated ${f1(memorySeconds / 3600)}-hour stream (fed at ${f1(memorySeconds / memory.wallSec)}× real time, pacing off, heap after full GC; the double runs in the same process)`);
console.log(row(['audio min', 'heap MB', 'RSS MB', 'heap ÷ idle', 'draft KB']));
console.log(row(['---:', '---:', '---:', '---:', '---:']));
console.log(row(['idle', f1(memory.idle.heapMb), f1(memory.idle.rssMb), '1.0', '0']));
for (const s of memory.samples) console.log(row([f1(s.second / 60), f1(s.heapMb), f1(s.rssMb), f1(s.heapMb / memory.idle.heapMb), f1(s.draftKb)]));
if (!globalThis.gc) console.log('(run with --expose-gc for heap figures after a full GC)');

await double.close();
