// Live captions from capture to screen, in real Chromium with the fake microphone, through the web
// host to main's real services in this process and the double over TLS (answering at once: pacing
// off). For every second of audio the double finalises, the time from the page handing the frame
// that completes that second to the bridge (the tap's callback, right after the worklet delivered
// it) to the next animation frame after its text is in the DOM. Baseline, same run: a raw `ws`
// client streaming the same 100 ms frames at real time straight to the double, timing the final
// Results of each second. What the app adds is the difference.
// A figure, not a test. Needs the built renderer and bridge (`npm run bench:live:screen` builds them).
// BENCH_LIVE_SCREEN_SECONDS sets the recording length (default 40).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import type { Page } from 'playwright';
import { WebSocket } from 'ws';
import { startDeepgramDouble } from '../test/deepgram-double/server';
import type { DeepgramDouble } from '../test/deepgram-double/types';
import { projectName, validKey } from '../test/support/double';
import { InMemorySecretStore } from '../test/support/in-memory-secret-store';
import { testTlsFromEnv } from '../test/support/test-tls';
import { fakeMicrophone, panel, speechFile, spoken } from '../test/renderer/recording-fixtures';
import { startWebHost } from '../test/web-host/web-host';
import { rerunWithTestTls } from './with-test-tls';

declare global {
  interface Window {
    benchLive?: { sends: { at: number; bytes: number }[]; painted: { second: number; at: number }[] };
  }
}

const seconds = Number(process.env.BENCH_LIVE_SCREEN_SECONDS ?? 40);
const bytesPerSecond = 32_000;
const frameBytes = 3200;

await rerunWithTestTls();

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
};
const f1 = (n: number): string => n.toFixed(1);

async function startDouble(): Promise<DeepgramDouble> {
  const tls = testTlsFromEnv();
  if (!tls) throw new Error('no test certificate');
  const double = await startDeepgramDouble({ cert: tls.cert, key: tls.key, keys: [{ key: validKey, projectName }], livePace: Infinity });
  double.setSpeech(spoken);
  return double;
}

/** Seconds of audio → ms from the frame completing it being sent to its final Results, for a bare client. */
async function baseline(double: DeepgramDouble, pcm: Buffer): Promise<number[]> {
  const url = `${double.url.replace(/^https/, 'wss')}/v1/listen?model=nova-3&encoding=linear16&sample_rate=16000&channels=1&interim_results=true&punctuate=true`;
  const ws = new WebSocket(url, { headers: { Authorization: `Token ${validKey}` } });
  await new Promise<void>((done, fail) => (ws.once('open', () => done()), ws.once('error', fail)));
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; is_final?: boolean; start?: number; duration?: number };
    if (message.type !== 'Results' || !message.is_final) return;
    const second = Math.round((message.start ?? 0) + (message.duration ?? 0));
    const sent = sentAt.get(second);
    if (sent !== undefined) latencies.push(now() - sent);
  });
  const began = performance.now();
  for (let i = 0; i * frameBytes < Math.min(pcm.length, seconds * bytesPerSecond); i++) {
    await sleep(Math.max(0, began + i * 100 - performance.now()));
    const frame = pcm.subarray(i * frameBytes, (i + 1) * frameBytes);
    const endSec = ((i + 1) * frameBytes) / bytesPerSecond;
    if (Number.isInteger(Math.round(endSec * 1000) / 1000)) sentAt.set(Math.round(endSec), now());
    ws.send(frame);
  }
  await sleep(500);
  ws.close();
  return latencies;
}

/** Epoch milliseconds with sub-millisecond precision, on the same clock as the page's. */
const now = (): number => performance.timeOrigin + performance.now();

interface Legs {
  total: number[];
  toMain: number[];
  inMain: number[];
  toScreen: number[];
}

async function app(double: DeepgramDouble): Promise<Legs> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-live-screen-'));
  const host = await startWebHost({ dataDir, deepgramUrl: double.url, secrets: new InMemorySecretStore() });
  const browser = await chromium.launch(fakeMicrophone(speechFile).launchOptions);
  // Main's side of the same path: when each frame reached the service, and when each second's final left it.
  const arrivals: { at: number; bytes: number }[] = [];
  const finalsOut = new Map<number, number>();
  const frame = host.services.live.frame.bind(host.services.live);
  host.services.live.frame = (recordingId, seq, bytes) => {
    arrivals.push({ at: now(), bytes: bytes.byteLength });
    frame(recordingId, seq, bytes);
  };
  host.services.live.subscribe((event) => {
    if (event.event !== 'live.caption') return;
    for (const segment of event.payload.finals) {
      const second = Math.round(segment.end);
      if (Math.abs(segment.end - second) < 1e-3 && !finalsOut.has(second)) finalsOut.set(second, now());
    }
  });
  try {
    const page: Page = await browser.newPage();
    await page.goto(host.url);
    await page.getByLabel('Deepgram API key').fill(validKey);
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.getByText(`Project: ${projectName}`).waitFor();
    await page.evaluate(() => {
      const record: NonNullable<Window['benchLive']> = { sends: [], painted: [] };
      window.benchLive = record;
      // The namespace objects of `window.app` are plain: the frame call is wrapped to time each send.
      const live = window.app.live as { frame: typeof window.app.live.frame };
      const frame = live.frame.bind(live);
      live.frame = (arg) => {
        record.sends.push({ at: performance.timeOrigin + performance.now(), bytes: arg.bytes.byteLength });
        return frame(arg);
      };
      let shown = 0;
      new MutationObserver(() => {
        const ends = [...document.querySelectorAll('[data-testid=live-line]')].map((n) => Number(n.getAttribute('data-end')));
        const reached = Math.floor(Math.max(0, ...ends) + 1e-6);
        if (reached <= shown) return;
        const from = shown + 1;
        shown = reached;
        requestAnimationFrame(() => {
          const at = performance.timeOrigin + performance.now();
          for (let s = from; s <= reached; s++) record.painted.push({ second: s, at });
        });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-end'], characterData: true });
    });
    await panel(page).getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor();
    await sleep(seconds * 1000);
    const record = await page.evaluate(() => window.benchLive!);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 30_000 });
    const sent = completing(record.sends);
    const arrived = completing(arrivals);
    const legs: Legs = { total: [], toMain: [], inMain: [], toScreen: [] };
    for (const { second, at } of record.painted) {
      const s = sent.get(second);
      const a = arrived.get(second);
      const out = finalsOut.get(second);
      if (s === undefined || a === undefined || out === undefined) continue;
      legs.total.push(at - s);
      legs.toMain.push(a - s);
      legs.inMain.push(out - a);
      legs.toScreen.push(at - out);
    }
    return legs;
  } finally {
    await browser.close();
    await host.close();
    // The recording's final pass may still be writing into the folder as the host goes.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
  }
}

/** Second → when the frame whose bytes, added up, reach that many seconds of audio was sent. */
function completing(frames: { at: number; bytes: number }[]): Map<number, number> {
  const at = new Map<number, number>();
  let total = 0;
  for (const frame of frames) {
    const before = total;
    total += frame.bytes;
    for (let s = Math.floor(before / bytesPerSecond) + 1; s <= Math.floor(total / bytesPerSecond); s++) at.set(s, frame.at);
  }
  return at;
}

const double = await startDouble();
try {
  // The speech file is 22.05 kHz; the baseline streams it as 16 kHz PCM made by ffmpeg.
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-stream_loop', '-1', '-i', speechFile, '-t', String(seconds + 1), '-f', 's16le', '-ac', '1', '-ar', '16000', '-'], { maxBuffer: 64 * 1024 * 1024 });
  const bare = await baseline(double, pcm);
  const ours = await app(double);
  console.log(`\nLive captions, capture to screen: ${seconds} s of the fake microphone, 100 ms frames, the double answering at once (pacing off)`);
  console.log('| path | seconds finalised | median ms | p95 ms | max ms |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const row = (name: string, values: number[]): void =>
    console.log(`| ${name} | ${values.length} | ${f1(quantile(values, 0.5))} | ${f1(quantile(values, 0.95))} | ${f1(Math.max(...values))} |`);
  row('raw ws client → double (baseline)', bare);
  row('app: page → main → double → main → page, painted', ours.total);
  row('  of which page → main (test bridge)', ours.toMain);
  row('  of which main: frame in → final out', ours.inMain);
  row('  of which main → painted', ours.toScreen);
  console.log(`| added by the app | | ${f1(quantile(ours.total, 0.5) - quantile(bare, 0.5))} | ${f1(quantile(ours.total, 0.95) - quantile(bare, 0.95))} | |`);
} finally {
  await double.close();
}
