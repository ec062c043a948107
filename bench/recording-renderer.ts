// Recording in the window, measured in real Chromium with the fake microphone playing looped
// espeak-ng speech, through the web host to main's real services in this process:
//  1. the page's JS heap and the CPU of the renderer while recording, per recorded minute, against
//     the same page idle on the home screen for the same time (baseline);
//  2. the audio lost when the page dies mid-recording (closed, or its renderer crashed), against
//     the bound of one MediaRecorder timeslice.
// A figure, not a test: nothing here passes or fails. Needs the built renderer and bridge
// (`npm run bench:recording` builds them). BENCH_RECORD_SECONDS sets the recording of part 1
// (default 120), BENCH_IDLE_SECONDS its idle baseline (default the same); BENCH_KILL_AT the seconds
// of recording at which the page dies (default 4.3,5.7,7.1,8.5,9.9: every part of the 1 s
// timeslice; kills alternate between closing the page and crashing its renderer; empty for none).
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import type { Browser, CDPSession, Page } from 'playwright';
import { timesliceMs } from '../renderer/audio/meeting-recorder';
import type { DeepgramDouble } from '../test/deepgram-double/server';
import { projectName, startTrustedDouble, validKey } from '../test/support/double';
import { InMemorySecretStore } from '../test/support/in-memory-secret-store';
import { fakeMicrophone, panel, probeDuration, speechFile } from '../test/renderer/recording-fixtures';
import { startWebHost } from '../test/web-host/web-host';
import { rerunWithTestTls } from './with-test-tls';
import type { WebHost } from '../test/web-host/web-host';

declare global {
  interface Window {
    /** performance.now() when the page's MediaRecorder fired `start`; set by the bench's init script. */
    benchRecorderStartedAt?: number;
  }
}

const recordSeconds = Number(process.env.BENCH_RECORD_SECONDS ?? 120);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? recordSeconds);
const killAt = (process.env.BENCH_KILL_AT ?? '4.3,5.7,7.1,8.5,9.9')
  .split(',')
  .filter((value) => value.trim() !== '')
  .map(Number);
const sampleEveryMs = 10_000;

await rerunWithTestTls();

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const mb = (bytes: number): number => bytes / 1024 ** 2;
const f2 = (n: number): string => n.toFixed(2);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return num / den;
}

interface Sample {
  atSec: number;
  heapUsedMb: number;
  taskSec: number;
  scriptSec: number;
  /** CPU seconds of each Chromium process type (renderer, utility: the audio service, gpu, browser). */
  cpu: Record<string, number>;
}

async function openApp(browser: Browser, host: WebHost): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const start = MediaRecorder.prototype.start;
    MediaRecorder.prototype.start = function (this: MediaRecorder, timeslice?: number) {
      this.addEventListener('start', () => (window.benchRecorderStartedAt = performance.now()), { once: true });
      return start.call(this, timeslice);
    };
  });
  await page.goto(host.url);
  await page.getByLabel('Deepgram API key').fill(validKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByText(`Project: ${projectName}`).waitFor();
  return page;
}

async function sampleNow(page: CDPSession, browserSession: CDPSession, since: number): Promise<Sample> {
  // Retained heap, not garbage the collector has yet to take.
  await page.send('HeapProfiler.collectGarbage');
  const { metrics } = await page.send('Performance.getMetrics');
  const metric = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0;
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
  const cpu: Record<string, number> = {};
  for (const p of processInfo) cpu[p.type] = (cpu[p.type] ?? 0) + p.cpuTime;
  return { atSec: (performance.now() - since) / 1000, heapUsedMb: mb(metric('JSHeapUsedSize')), taskSec: metric('TaskDuration'), scriptSec: metric('ScriptDuration'), cpu };
}

async function samplePhase(page: CDPSession, browserSession: CDPSession, seconds: number): Promise<Sample[]> {
  const since = performance.now();
  const samples = [await sampleNow(page, browserSession, since)];
  while (samples.at(-1)!.atSec < seconds - 0.5) {
    await sleep(Math.max(0, since + samples.length * sampleEveryMs - performance.now()));
    samples.push(await sampleNow(page, browserSession, since));
  }
  return samples;
}

interface PhaseFigures { minutes: number; heapSlopeMbPerMin: number; lateHeapSlopeMbPerMin: number; heapStartMb: number; heapEndMb: number; taskPerMin: number; scriptPerMin: number; cpuPerMin: Record<string, number> }

function figures(samples: Sample[]): PhaseFigures {
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const minutes = (last.atSec - first.atSec) / 60;
  const cpuPerMin: Record<string, number> = {};
  for (const type of Object.keys(last.cpu)) cpuPerMin[type] = ((last.cpu[type] ?? 0) - (first.cpu[type] ?? 0)) / minutes;
  return {
    minutes,
    heapSlopeMbPerMin: slope(samples.map((s) => ({ x: s.atSec / 60, y: s.heapUsedMb }))),
    // The first minute of recording warms up (code, the recorder's objects); a leak shows after it.
    lateHeapSlopeMbPerMin: slope(samples.slice(Math.floor(samples.length / 2)).map((s) => ({ x: s.atSec / 60, y: s.heapUsedMb }))),
    heapStartMb: first.heapUsedMb,
    heapEndMb: last.heapUsedMb,
    taskPerMin: (last.taskSec - first.taskSec) / minutes,
    scriptPerMin: (last.scriptSec - first.scriptSec) / minutes,
    cpuPerMin,
  };
}

async function memoryAndCpu(browser: Browser, double: DeepgramDouble): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-rec-renderer-'));
  const host = await startWebHost({ dataDir, deepgramUrl: double.url, secrets: new InMemorySecretStore() });
  try {
    const page = await openApp(browser, host);
    const session = await page.context().newCDPSession(page);
    await session.send('Performance.enable');
    const browserSession = await browser.newBrowserCDPSession();
    await sleep(2000);
    const idle = figures(await samplePhase(session, browserSession, idleSeconds));
    await panel(page).getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor();
    const recordingSamples = await samplePhase(session, browserSession, recordSeconds);
    const recording = figures(recordingSamples);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await panel(page).getByRole('button', { name: 'Start recording' }).waitFor({ timeout: 60_000 });
    const [summary] = await host.services.recordings.list();

    console.log(`\nRenderer while recording: ${f2(recording.minutes)} min recorded (file ${f2(summary?.durationSec ?? NaN)} s) vs ${f2(idle.minutes)} min idle on the home screen, same page, sampled every ${sampleEveryMs / 1000} s after a forced GC`);
    console.log(`  JS heap used:   idle ${f2(idle.heapStartMb)} → ${f2(idle.heapEndMb)} MB, slope ${idle.heapSlopeMbPerMin.toFixed(3)} MB/min;  recording ${f2(recording.heapStartMb)} → ${f2(recording.heapEndMb)} MB, slope ${recording.heapSlopeMbPerMin.toFixed(3)} MB/min;  difference ${(recording.heapSlopeMbPerMin - idle.heapSlopeMbPerMin).toFixed(3)} MB/min`);
    console.log(`  heap while recording, MB every ${sampleEveryMs / 1000} s: ${recordingSamples.map((r) => f2(r.heapUsedMb)).join(' ')}`);
    console.log(`  heap slope over the second half of each phase: idle ${idle.lateHeapSlopeMbPerMin.toFixed(3)} MB/min, recording ${recording.lateHeapSlopeMbPerMin.toFixed(3)} MB/min, ` +
      `difference ${f2((recording.lateHeapSlopeMbPerMin - idle.lateHeapSlopeMbPerMin) * 60)} MB per recorded hour (whole phase: ${f2((recording.heapSlopeMbPerMin - idle.heapSlopeMbPerMin) * 60)} MB/h)`);
    const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a');
    console.log(`  main-thread task time:  idle ${f2(idle.taskPerMin)} s/min, recording ${f2(recording.taskPerMin)} s/min per recorded minute, ratio ${ratio(recording.taskPerMin, idle.taskPerMin)}`);
    console.log(`  script time:            idle ${f2(idle.scriptPerMin)} s/min, recording ${f2(recording.scriptPerMin)} s/min, ratio ${ratio(recording.scriptPerMin, idle.scriptPerMin)}`);
    for (const type of Object.keys(recording.cpuPerMin).sort()) {
      const r = recording.cpuPerMin[type] ?? 0;
      const i = idle.cpuPerMin[type] ?? 0;
      console.log(`  process CPU, ${type.padEnd(9)}: idle ${f2(i)} s/min, recording ${f2(r)} s/min per recorded minute, ratio ${ratio(r, i)}`);
    }
    await page.context().close();
  } finally {
    await host.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface Kill { how: 'close' | 'crash'; atSec: number; audioAtKillSec: number; chunksAtKill: number; chunksKept: number; recoveredSec: number; lostSec: number }

/** Hosts whose window was killed; see killOnce. */
const abandoned: WebHost[] = [];

async function killOnce(browser: Browser, double: DeepgramDouble, atSec: number, how: Kill['how']): Promise<Kill> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-rec-kill-'));
  const secrets = new InMemorySecretStore();
  const host = await startWebHost({ dataDir, deepgramUrl: double.url, secrets });
  try {
    const page = await openApp(browser, host);
    const session = await page.context().newCDPSession(page);
    await panel(page).getByRole('button', { name: 'Start recording' }).click();
    await page.waitForFunction(() => window.benchRecorderStartedAt !== undefined);
    const elapsed = (): Promise<number> => page.evaluate(() => (performance.now() - window.benchRecorderStartedAt!) / 1000);
    await sleep(Math.max(0, (atSec - (await elapsed())) * 1000 - 150));
    while ((await elapsed()) < atSec - 0.02) await sleep(5);
    const measuredAt = await elapsed();
    const answeredAt = performance.now();
    const chunksAtKill = host.services.recordings.current()?.chunks ?? 0;
    // Half the evaluate's round trip is already in `measuredAt`; what passed until the kill was
    // issued is added. The page dies a little after that, so the loss is if anything overstated.
    const audioAtKillSec = measuredAt + (performance.now() - answeredAt) / 1000;
    if (how === 'close') {
      await page.close({ runBeforeUnload: false });
    } else {
      const crashed = page.waitForEvent('crash');
      session.send('Page.crash').catch(() => undefined);
      await crashed;
    }
    // Main lives on when a window dies: whatever the socket delivered before the kill gets written.
    await sleep(1000);
    const chunksKept = host.services.recordings.current()?.chunks ?? 0;
    await page.context().close();
    await host.close();
    // The first host's service still holds the dead recording's files open, as a main process
    // whose window died would; it is kept so that they are not closed by the garbage collector.
    abandoned.push(host);
    const again = await startWebHost({ dataDir, deepgramUrl: double.url, secrets });
    try {
      const recovered = again.services.recordings.takeRecovered().recovered;
      if (recovered.length !== 1) throw new Error(`expected one recovered recording, got ${recovered.length}`);
      const recoveredSec = await probeDuration(await again.services.recordings.audioPath(recovered[0]!.id));
      return { how, atSec, audioAtKillSec, chunksAtKill, chunksKept, recoveredSec, lostSec: audioAtKillSec - recoveredSec };
    } finally {
      await again.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function killed(browser: Browser, double: DeepgramDouble): Promise<void> {
  const kills: Kill[] = [];
  for (const [i, atSec] of killAt.entries()) kills.push(await killOnce(browser, double, atSec, i % 2 === 0 ? 'close' : 'crash'));
  console.log(`\nAudio lost when the page dies mid-recording (recovered by a new host on the same data folder; duration by ffprobe)`);
  console.log('  kill                 audio at kill   chunks in main at kill / kept   recovered   lost     since last timeslice boundary');
  for (const k of kills) {
    const how = k.how === 'close' ? 'page.close' : 'Page.crash';
    // What a chunk that had reached main at every boundary would lose (the bound's share of this kill).
    const sinceBoundary = k.audioAtKillSec % (timesliceMs / 1000);
    console.log(`  ${how} at ${k.atSec.toFixed(1).padStart(4)} s   ${f2(k.audioAtKillSec).padStart(8)} s       ${String(k.chunksAtKill).padStart(6)} / ${String(k.chunksKept).padEnd(6)}              ${f2(k.recoveredSec).padStart(7)} s   ${f2(k.lostSec)} s   ${f2(sinceBoundary)} s`);
  }
  const lost = kills.map((k) => k.lostSec);
  const bound = timesliceMs / 1000;
  console.log(`  lost: median ${f2(median(lost))} s, max ${f2(Math.max(...lost))} s; bound: one timeslice ${f2(bound)} s (+0.06 s target ${f2(bound + 0.06)} s); ` +
    `median/bound ${(median(lost) / bound).toFixed(2)}, max/bound ${(Math.max(...lost) / bound).toFixed(2)}`);
}

const double = await startTrustedDouble();
const browser = await chromium.launch(fakeMicrophone(speechFile).launchOptions);
try {
  console.log(`Chromium ${browser.version()}, ${availableParallelism()} cores, fake microphone looping ${speechFile}`);
  if (recordSeconds > 0) await memoryAndCpu(browser, double);
  if (killAt.length > 0) await killed(browser, double);
} finally {
  await browser.close();
  await double.close();
}
