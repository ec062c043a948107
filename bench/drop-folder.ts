// Drop benchmark: a folder of 500 files (small real recordings of seven kinds made with ffmpeg, plus
// files that are not media) dropped at once.
//  (a) Main's pre-flight (`files.inspect`: folder walk, content checks, durations, fingerprints)
//      against a bare walk of the same files (stat + open + read the first 4 KiB), in the same run.
//  (b) The built renderer in Chromium, served by the web host with main's real services and the
//      Deepgram double: long tasks while the folder is checked, queued and transcribed, against the
//      same observation of the idle page, with each task's main-thread CPU time from a trace (on a
//      busy machine a task can last long while its thread waits for a core).
// A figure, not a test: nothing here passes or fails. Run with `npm run bench:drop`.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { InMemorySecretStore } from '../test/support/in-memory-secret-store';
import { startTrustedDouble, validKey } from '../test/support/double';
import { makeTestCertificate } from '../test/support/test-tls';
import { uploadPath } from '../test/web-host/protocol';
import { startWebHost } from '../test/web-host/web-host';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const idleMs = Number(process.env.BENCH_IDLE_MS ?? 15_000);
const processCapMs = Number(process.env.BENCH_PROCESS_MS ?? 300_000);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// A file to write a Chromium performance trace to (open it in DevTools' Performance panel), from
// the drop until all is transcribed. Tracing slows the page down: take figures from runs without it.
const traceFile = process.env.BENCH_TRACE;

/** Media kinds: extension and the ffmpeg output options that make it (lavfi inputs 0 = tone, 1 = picture). */
const kinds: readonly { ext: string; args: readonly string[] }[] = [
  { ext: 'wav', args: ['-map', '0:a', '-c:a', 'pcm_s16le', '-ar', '16000', '-ac', '1'] },
  { ext: 'mp3', args: ['-map', '0:a', '-c:a', 'libmp3lame', '-b:a', '64k'] },
  { ext: 'm4a', args: ['-map', '0:a', '-c:a', 'aac', '-b:a', '64k'] },
  { ext: 'flac', args: ['-map', '0:a', '-c:a', 'flac'] },
  { ext: 'ogg', args: ['-map', '0:a', '-c:a', 'libopus', '-b:a', '32k'] },
  { ext: 'webm', args: ['-map', '0:a', '-c:a', 'libopus', '-b:a', '32k'] },
  { ext: 'mp4', args: ['-map', '1:v', '-map', '0:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k'] },
];
const totalFiles = 500;
const perKind = 66;
const otherFiles = totalFiles - perKind * kinds.length;
const subfolders = ['monday', 'tuesday', 'wednesday', 'thursday', join('friday', 'afternoon')];

/**
 * Writes the dropped folder: 462 recordings (each its own length, so no two are the same file)
 * spread over nested folders, and 38 files that are not media (text, JSON, PNG, a PDF, empty files).
 */
async function makeFolder(parent: string): Promise<{ folder: string; media: number; other: number }> {
  const folder = join(parent, 'recordings');
  for (const sub of subfolders) await mkdir(join(folder, sub), { recursive: true });
  const where = (i: number): string => join(folder, subfolders[i % subfolders.length]!);
  // One ffmpeg per kind writes all its files: each output takes its own duration (1 s to 7.5 s).
  await Promise.all(
    kinds.map(async ({ ext, args }) => {
      const outputs = Array.from({ length: perKind }, (_, i) => ['-t', (1 + i * 0.1).toFixed(1), ...args, join(where(i), `take ${i + 1}.${ext}`)]).flat();
      await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=16000:duration=8', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=8', ...outputs], {
        maxBuffer: 16 * 1024 * 1024,
      });
    }),
  );
  const png = join(parent, 'cover.png');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x64', '-frames:v', '1', png]);
  for (let i = 0; i < otherFiles; i += 1) {
    const base = join(where(i), `notes ${i + 1}`);
    switch (i % 5) {
      case 0:
        await writeFile(`${base}.txt`, `Agenda item ${i}: budget, launch, hiring.\n`);
        break;
      case 1:
        await writeFile(`${base}.json`, JSON.stringify({ item: i, speakers: ['Anna', 'Bruno'] }));
        break;
      case 2:
        await copyFile(png, `${base}.png`);
        break;
      case 3:
        await writeFile(`${base}.pdf`, `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
        break;
      default:
        await writeFile(`${base}.wav`, '');
    }
  }
  return { folder, media: perKind * kinds.length, other: otherFiles };
}

/** Runs `fn` over `items` with at most `limit` at a time (main's pre-flight checks 8 files at a time). */
async function mapLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** The baseline: the same folder walked with readdir, each file stat'ed, opened, its first 4 KiB read. */
async function bareWalk(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const buffer = Buffer.alloc(4096);
  let read = 0;
  await mapLimited(files, 8, async (path) => {
    await stat(path);
    const handle = await open(path, 'r');
    try {
      await handle.read(buffer, 0, buffer.length, 0);
      read += 1;
    } finally {
      await handle.close();
    }
  });
  return read;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};


interface LongTask {
  start: number;
  duration: number;
}

/** Starts recording the page's long tasks (main-thread tasks of 50 ms or more). */
async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const store = globalThis as unknown as { benchLongTasks: { start: number; duration: number }[] };
    store.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) store.benchLongTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
}

async function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => (globalThis as unknown as { benchLongTasks: LongTask[] }).benchLongTasks);
}

/** Marks a phase boundary in the page (it shows in the trace too); returns the page's clock. */
const mark = (page: Page, name: string): Promise<number> => page.evaluate((label) => performance.mark(label).startTime, `bench-${name}`);

/** A main-thread task of the page's renderer from the trace: wall time and the CPU time the thread actually ran. */
interface TracedTask {
  ts: number;
  wallMs: number;
  cpuMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/** The page's main-thread tasks (found by the thread the marks were made on) and the trace time of each mark. */
function readTrace(buffer: Buffer): { tasks: TracedTask[]; marks: Map<string, number> } {
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const marks = events.filter((e) => e.name.startsWith('bench-'));
  const thread = marks[0];
  const tasks = events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === thread?.pid && e.tid === thread.tid)
    .map((e) => ({ ts: e.ts, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
  return { tasks, marks: new Map(marks.map((e) => [e.name.slice('bench-'.length), e.ts])) };
}

/** Dispatches a drop of one folder on the drop zone; the web host's path answer is replaced by the folder's real path. */
async function dropFolder(page: Page, folder: string): Promise<void> {
  await page.route(
    (url) => url.pathname === uploadPath,
    (route) => route.fulfill({ json: { path: folder } }),
  );
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([], 'recordings'));
    return transfer;
  });
  const zone = page.getByLabel('Drop audio or video files here');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

interface Phase {
  name: string;
  /** Marks that open and close it. */
  from: string;
  to: string;
}

const cell = (value: string | number, width: number): string => String(value).padStart(width);

/** One line per phase: long tasks as the page saw them, and the CPU the main thread spent in its tasks (from the trace). */
function describe(phase: Phase, clock: Map<string, number>, longTasks: LongTask[], trace: ReturnType<typeof readTrace>): string {
  const [from, to] = [clock.get(phase.from)!, clock.get(phase.to)!];
  const observed = longTasks.filter((t) => t.start >= from && t.start < to);
  const [traceFrom, traceTo] = [trace.marks.get(phase.from) ?? 0, trace.marks.get(phase.to) ?? 0];
  const traced = trace.tasks.filter((t) => t.ts >= traceFrom && t.ts < traceTo);
  const cpuBusy = traced.reduce((sum, t) => sum + t.cpuMs, 0) / ((traceTo - traceFrom) / 1000);
  return [
    `  ${phase.name.padEnd(44)}${cell(((to - from) / 1000).toFixed(1), 6)} s`,
    `${cell(observed.length, 5)}`,
    `${cell(observed.filter((t) => t.duration > 100).length, 5)}`,
    `${cell(Math.max(0, ...observed.map((t) => t.duration)).toFixed(0), 8)}`,
    `${cell(Math.max(0, ...traced.map((t) => t.cpuMs)).toFixed(0), 8)}`,
    `${cell(traced.filter((t) => t.cpuMs > 50).length, 6)}`,
    `${cell((cpuBusy * 100).toFixed(1), 8)}%`,
  ].join(' ');
}

async function measure(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'bench-drop-'));
  const double = await startTrustedDouble();
  const host = await startWebHost({ dataDir: join(work, 'data'), deepgramUrl: double.url, secrets: new InMemorySecretStore() });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const made = performance.now();
    const { folder, media, other } = await makeFolder(work);
    console.log(`Folder: ${media} recordings (${kinds.map((k) => k.ext).join(', ')}, 1–7.5 s) and ${other} other files in ${subfolders.length} nested folders, made in ${((performance.now() - made) / 1000).toFixed(1)} s`);

    // (a) Pre-flight against the bare walk, alternating, after one warm-up of each (files in the page cache).
    const inspect = host.services.handlers['files.inspect'];
    const first = await inspect({ paths: [folder] });
    await bareWalk(folder);
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      let t = performance.now();
      await bareWalk(folder);
      bare.push(performance.now() - t);
      t = performance.now();
      await inspect({ paths: [folder] });
      ours.push(performance.now() - t);
    }
    const withDuration = first.files.filter((f) => f.durationSec !== null).length;
    console.log(`\n(a) Pre-flight of the dropped folder (files.inspect handler, in-process), median of ${rounds} rounds, warm page cache`);
    console.log(`  accepted ${first.files.length}, refused ${first.rejected.length}, duration known for ${withDuration}`);
    console.log(`  bare walk (readdir + stat + open + read 4 KiB): ${median(bare).toFixed(0)} ms (best ${Math.min(...bare).toFixed(0)} ms)`);
    console.log(`  files.inspect (walk + checks + duration + fingerprint): ${median(ours).toFixed(0)} ms (best ${Math.min(...ours).toFixed(0)} ms)`);
    console.log(`  ratio inspect/bare: ${(median(ours) / median(bare)).toFixed(1)}×; ${(median(ours) / totalFiles).toFixed(2)} ms per file`);

    // (b) The renderer while the same folder is dropped, checked, queued and transcribed.
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(host.url);
    await page.getByLabel('Deepgram API key').fill(validKey);
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.getByText('Project:').waitFor();
    await observeLongTasks(page);
    // The trace gives each task's CPU time on the page's main thread: on a busy machine a task can
    // last long only because the thread was waiting for a core, which a long task alone cannot tell.
    const detail = traceFile ? ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] : [];
    await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing', ...detail], ...(traceFile ? { path: traceFile } : {}) });
    const clock = new Map<string, number>();
    const at = async (name: string): Promise<void> => void clock.set(name, await mark(page, name));

    await at('idle');
    await page.waitForTimeout(idleMs);
    await at('drop');
    await dropFolder(page, folder);
    const panel = page.getByRole('region', { name: /ready to transcribe$/ });
    await panel.getByRole('heading', { name: `${first.files.length} files ready to transcribe` }).waitFor({ timeout: 120_000 });
    await at('ready');
    await panel.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText(`Added ${first.files.length} files to the queue.`).waitFor({ timeout: 120_000 });
    await at('queued');
    const deadline = Date.now() + processCapMs;
    const finished = (): number => host.services.queue.list().filter((job) => job.state === 'done' || job.state === 'failed').length;
    while (finished() < first.files.length && Date.now() < deadline) await page.waitForTimeout(250);
    await page.getByText(`${first.files.length} done`).waitFor({ timeout: 30_000 }).catch(() => undefined);
    await at('done');
    const observed = await longTasks(page);
    const trace = readTrace(await browser.stopTracing());
    const jobs = host.services.queue.list();

    console.log(`\n(b) The renderer (Chromium ${browser.version()}; web host, main's services and the double in this process)`);
    console.log(`  long tasks: PerformanceObserver 'longtask' (wall time, ≥ 50 ms); CPU: the main thread's CPU time per task, from a trace`);
    console.log(`  ${'phase'.padEnd(44)}${'time'.padStart(8)} long >100ms longest most-CPU CPU>50   main-thread`);
    console.log(`  ${''.padEnd(44)}${''.padStart(8)} tasks  tasks  (wall)  in a task tasks  CPU busy`);
    const phases: Phase[] = [
      { name: 'idle page (baseline)', from: 'idle', to: 'drop' },
      { name: 'drop → batch panel ready', from: 'drop', to: 'ready' },
      { name: 'Start → all queued', from: 'ready', to: 'queued' },
      { name: `queue transcribing (${jobs.filter((j) => j.state === 'done').length} done, ${jobs.filter((j) => j.state === 'failed').length} failed)`, from: 'queued', to: 'done' },
      { name: 'drop → all transcribed', from: 'drop', to: 'done' },
    ];
    for (const phase of phases) console.log(describe(phase, clock, observed, trace));
    const dropAt = clock.get('drop')!;
    const worst = [...observed].sort((a, b) => b.duration - a.duration).slice(0, 5);
    console.log(`  five longest tasks (wall): ${worst.map((t) => `${t.duration.toFixed(0)} ms at +${((t.start - dropAt) / 1000).toFixed(1)} s`).join(', ') || 'none'}`);
    const traceDrop = trace.marks.get('drop') ?? 0;
    const longTraced = trace.tasks.filter((t) => t.ts >= traceDrop && t.wallMs >= 50).sort((a, b) => b.wallMs - a.wallMs).slice(0, 5);
    console.log(`  five longest in the trace, wall / CPU: ${longTraced.map((t) => `${t.wallMs.toFixed(0)} / ${t.cpuMs.toFixed(0)} ms`).join(', ') || 'none'}`);
    if (problems.length > 0) console.log(`  page errors: ${problems.join('; ')}`);
  } finally {
    await browser.close();
    await host.close();
    await double.close();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.env.DG_TEST_TLS_DIR && process.env.NODE_EXTRA_CA_CERTS) {
  await measure();
} else {
  // The double's certificate must be trusted from the start of the process that uploads, so the
  // measuring run is a child process given the certificate made here. The renderer is built first.
  await run('sh', ['-c', 'npx electron-vite build && npx vite build -c test/web-host/vite.bridge.config.ts'], { cwd: root });
  const certDir = await mkdtemp(join(tmpdir(), 'bench-drop-tls-'));
  try {
    const tls = await makeTestCertificate(certDir);
    const code = await new Promise<number | null>((done) => {
      const child = spawn(join(root, 'node_modules/.bin/tsx'), [import.meta.filename], {
        env: { ...process.env, DG_TEST_TLS_DIR: certDir, NODE_EXTRA_CA_CERTS: tls.caFile },
        stdio: 'inherit',
      });
      child.on('exit', done);
    });
    process.exitCode = code ?? 1;
  } finally {
    await rm(certDir, { recursive: true, force: true });
  }
}
