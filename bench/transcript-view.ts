// Viewer benchmark, in Chromium through the web host with main's real services: opening a 1, 3 and
// 10 hour transcript (click to first paint, long tasks, DOM nodes, JS heap), scrolling it at wheel
// speed and jumping through it (frames per second), finding in it (time per keystroke for the search
// and its render, and until the count is painted) and jumping to its end, against the naive baseline
// measured in the same page: every paragraph of the same transcript rendered as plain DOM at once.
// Each round starts the host afresh on the same data folder, so every open reads from disk as the
// first open after a start does.
// Times are taken inside the page (performance.now, requestAnimationFrame), not from Playwright's
// round trips. Figures, not a test: nothing passes or fails.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import type { Browser, Locator, Page } from '@playwright/test';
import { defaultTranscribeOptions } from '../common/domain';
import { toParagraphs } from '../common/transcript/paragraphs';
import { InMemorySecretStore } from '../test/support/in-memory-secret-store';
import { startWebHost } from '../test/web-host/web-host';
import { median, range } from './figures';
import { longTranscript } from './long-transcript';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const hoursList = (process.env.BENCH_HOURS ?? '1,3,10').split(',').filter((h) => h !== '').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** What a person types into the find bar, one query per keystroke. */
const typed = ['word42', 'zebra'];
const scrollMs = 3000;

interface Item {
  speaker: string;
  time: string;
  text: string;
}

/** One round's figures for ours or the baseline; NaN where a figure does not apply. */
interface Figures {
  openMs: number;
  longTasks: number;
  longestTaskMs: number;
  nodes: number;
  heapMb: number;
  heapScrolledMb: number;
  wheelFps: number;
  wheelDropped: number;
  jumpFps: number;
  jumpDropped: number;
  findMedianMs: number;
  findMaxMs: number;
  findWorkMedianMs: number;
  findWorkMaxMs: number;
  endMs: number;
}

interface FrameStats {
  fps: number;
  dropped: number;
}

interface BenchWindow {
  __longTasks: { start: number; duration: number }[];
  __open?: Promise<{ clickAt: number; paintAt: number }>;
  __frames?: number[];
  __recording?: boolean;
}

async function heapMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  await session.detach();
  return usedSize / 1e6;
}

async function newPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // tsx keeps function names with a helper the page does not have.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.addInitScript(() => {
    const w = window as unknown as BenchWindow;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page.getByText('Project:').waitFor();
  return page;
}

/** Long tasks that started in [from, to) of the page's clock. */
async function longTasksBetween(page: Page, from: number, to: number): Promise<{ count: number; longest: number }> {
  return page.evaluate(
    ([a, b]) => {
      const tasks = (window as unknown as BenchWindow).__longTasks.filter((t) => t.start >= a && t.start < b);
      return { count: tasks.length, longest: Math.max(0, ...tasks.map((t) => t.duration)) };
    },
    [from, to] as const,
  );
}

/** Frames painted while `during` runs: frames per second and frames missed at 60 Hz. */
async function frames(page: Page, during: () => Promise<void>): Promise<FrameStats> {
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.__frames = [];
    w.__recording = true;
    const tick = (t: number): void => {
      w.__frames!.push(t);
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await during();
  const times = await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.__recording = false;
    return w.__frames ?? [];
  });
  return frameStats(times);
}

function frameStats(times: number[]): FrameStats {
  if (times.length < 2) return { fps: 0, dropped: 0 };
  let dropped = 0;
  for (let i = 1; i < times.length; i += 1) dropped += Math.max(0, Math.round((times[i]! - times[i - 1]!) / (1000 / 60)) - 1);
  return { fps: ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!), dropped };
}

/** Wheel steps as fast as the page takes them, for three seconds, over the middle of `target`. */
async function wheel(page: Page, target: Locator): Promise<FrameStats> {
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  return frames(page, async () => {
    const end = Date.now() + scrollMs;
    while (Date.now() < end) await page.mouse.wheel(0, 100);
  });
}

/** A new random scroll position every frame for three seconds (the same positions for both). */
async function jump(target: Locator): Promise<FrameStats> {
  const times = await target.evaluate(
    (el, ms) =>
      new Promise<number[]>((resolve) => {
        let seed = 7;
        const random = (): number => {
          seed = (seed * 1664525 + 1013904223) % 4294967296;
          return seed / 4294967296;
        };
        const seen: number[] = [];
        const step = (t: number): void => {
          seen.push(t);
          el.scrollTop = random() * (el.scrollHeight - el.clientHeight);
          if (t - seen[0]! < ms) requestAnimationFrame(step);
          else resolve(seen);
        };
        requestAnimationFrame(step);
      }),
    scrollMs,
  );
  return frameStats(times);
}

/**
 * Types each query into `input` one keystroke at a time (as an input event, which the page handles
 * at once) and times each until the next frame is painted with the count; `answer` for the baseline
 * does the counting in place of the app.
 */
async function find(input: Locator, count: Locator, baseline: boolean): Promise<{ median: number; max: number; workMedian: number; workMax: number; last: string }> {
  const handle = await count.elementHandle();
  const { times, work, last } = await input.evaluate(
    async (el, [queries, countEl, naive]) => {
      const field = el as HTMLInputElement;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const texts = naive ? [...document.querySelectorAll('#naive-baseline p')].map((p) => p.textContent.toLowerCase()) : [];
      const painted = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => setTimeout(done)));
      const out: number[] = [];
      const handled: number[] = [];
      let shown = '';
      for (const query of queries) {
        for (let n = 1; n <= query.length; n += 1) {
          const value = query.slice(0, n);
          const start = performance.now();
          if (naive) {
            let found = 0;
            for (const text of texts) for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) found += 1;
            countEl!.textContent = found === 0 ? 'No matches' : `1 of ${found}`;
          } else {
            setValue.call(field, value);
            field.dispatchEvent(new Event('input', { bubbles: true }));
          }
          // React renders a typed key in a task it queues during the event, which runs before this one:
          // the search and its render, without the wait for the frame.
          await new Promise<void>((done) => queueMicrotask(done));
          handled.push(performance.now() - start);
          const counted = countEl!.textContent;
          await painted();
          out.push(performance.now() - start);
          if (countEl!.textContent !== counted) throw new Error(`the count changed after the search was timed (${counted} → ${countEl!.textContent})`);
        }
        shown = countEl!.textContent;
        if (!naive) {
          setValue.call(field, '');
          field.dispatchEvent(new Event('input', { bubbles: true }));
        }
        await painted();
      }
      return { times: out, work: handled, last: shown };
    },
    [typed, handle, baseline] as const,
  );
  return { median: median(times), max: Math.max(...times), workMedian: median(work), workMax: Math.max(...work), last };
}

/** The figures ours and the baseline measure the same way, from what was measured. */
function measured(m: {
  tasks: { count: number; longest: number };
  heap: number;
  heapScrolled: number;
  wheeled: FrameStats;
  jumped: FrameStats;
  found: Awaited<ReturnType<typeof find>>;
}): Omit<Figures, 'openMs' | 'nodes' | 'endMs'> {
  return {
    longTasks: m.tasks.count,
    longestTaskMs: m.tasks.longest,
    heapMb: m.heap,
    heapScrolledMb: m.heapScrolled,
    wheelFps: m.wheeled.fps,
    wheelDropped: m.wheeled.dropped,
    jumpFps: m.jumped.fps,
    jumpDropped: m.jumped.dropped,
    findMedianMs: m.found.median,
    findMaxMs: m.found.max,
    findWorkMedianMs: m.found.workMedian,
    findWorkMaxMs: m.found.workMax,
  };
}

/** Opens the transcript from the library the way a person does, then reads, scrolls, finds and jumps to its end. */
async function ours(page: Page, title: string): Promise<Figures> {
  await page.evaluate(() => {
    const w = window as unknown as BenchWindow;
    w.__open = new Promise((resolve) => {
      let clickAt = 0;
      document.addEventListener('click', () => (clickAt = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[data-paragraph="0"]')) return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => resolve({ clickAt, paintAt: performance.now() })));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  });
  await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: new RegExp(`^${title}`) }).click();
  const open = await page.evaluate(() => (window as unknown as BenchWindow).__open!);
  // The rest of the document arrives after the first screen: its work counts as the open's.
  await page.waitForTimeout(1500);
  const tasks = await longTasksBetween(page, open.clickAt, open.clickAt + 1500);
  const article = page.getByRole('article', { name: 'Transcript' });
  const nodes = await article.evaluate((a) => a.querySelectorAll('*').length);
  const heap = await heapMb(page);
  const wheeled = await wheel(page, article);
  await article.evaluate((a) => a.scrollTo({ top: 0 }));
  const jumped = await jump(article);
  const heapScrolled = await heapMb(page);
  await article.evaluate((a) => a.scrollTo({ top: 0 }));
  await article.focus();
  await page.keyboard.press('Control+f');
  const findInput = article.getByRole('searchbox', { name: 'Find in transcript' });
  await findInput.waitFor();
  const found = await find(findInput, article.locator('.find-count'), false);
  if (found.last === '') throw new Error('the find bar showed no count');
  await findInput.press('Escape');
  const endAt = await article.evaluate(
    (a) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        a.scrollTo({ top: a.scrollHeight });
        const check = (): void => {
          const rows = [...a.querySelectorAll<HTMLElement>('[data-paragraph]')].map((r) => Number(r.dataset.paragraph));
          if (rows.length > 0 && Math.max(...rows) > 100) setTimeout(() => resolve(performance.now() - start));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
  return { openMs: open.paintAt - open.clickAt, nodes, endMs: endAt, ...measured({ tasks, heap, heapScrolled, wheeled, jumped, found }) };
}

/** The same paragraphs rendered all at once as plain DOM: what a viewer without windowing builds. */
async function naive(page: Page, paragraphs: Item[]): Promise<Figures> {
  const result = await page.evaluate((items) => {
    const host = document.createElement('div');
    host.id = 'naive-baseline';
    host.style.cssText = 'position:fixed;inset:0;overflow:auto;background:white;z-index:9999';
    const count = document.createElement('span');
    count.id = 'naive-count';
    const field = document.createElement('input');
    field.id = 'naive-find';
    host.append(field, count);
    document.body.append(host);
    const start = performance.now();
    for (const item of items) {
      const row = document.createElement('div');
      const meta = document.createElement('div');
      const speaker = document.createElement('button');
      speaker.textContent = item.speaker;
      const time = document.createElement('time');
      time.textContent = item.time;
      meta.append(speaker, time);
      const text = document.createElement('p');
      text.textContent = item.text;
      row.append(meta, text);
      host.append(row);
    }
    return new Promise<{ openMs: number; start: number; nodes: number }>((resolve) =>
      requestAnimationFrame(() => setTimeout(() => resolve({ openMs: performance.now() - start, start, nodes: host.querySelectorAll('*').length }))),
    );
  }, paragraphs);
  await page.waitForTimeout(300);
  const tasks = await longTasksBetween(page, result.start - 1, result.start + 1500);
  const heap = await heapMb(page);
  const host = page.locator('#naive-baseline');
  const wheeled = await wheel(page, host);
  await host.evaluate((h) => h.scrollTo({ top: 0 }));
  const jumped = await jump(host);
  const heapScrolled = await heapMb(page);
  const found = await find(page.locator('#naive-find'), page.locator('#naive-count'), true);
  const endMs = await host.evaluate(
    (h) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        h.scrollTo({ top: h.scrollHeight });
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
      }),
  );
  await page.evaluate(() => document.getElementById('naive-baseline')?.remove());
  return { openMs: result.openMs, nodes: result.nodes, endMs, ...measured({ tasks, heap, heapScrolled, wheeled, jumped, found }) };
}

/** min–max of a figure over the rounds. */
const rows: { figure: string; key: keyof Figures; digits: number; unit: string }[] = [
  { figure: 'click to first paint', key: 'openMs', digits: 0, unit: 'ms' },
  { figure: 'long tasks during open (> 50 ms)', key: 'longTasks', digits: 0, unit: '' },
  { figure: 'longest task during open', key: 'longestTaskMs', digits: 0, unit: 'ms' },
  { figure: 'DOM nodes in the reader', key: 'nodes', digits: 0, unit: '' },
  { figure: 'JS heap after open', key: 'heapMb', digits: 1, unit: 'MB' },
  { figure: 'JS heap after scrolling and jumping', key: 'heapScrolledMb', digits: 1, unit: 'MB' },
  { figure: 'wheel scrolling', key: 'wheelFps', digits: 1, unit: 'fps' },
  { figure: 'wheel: frames missed in 3 s', key: 'wheelDropped', digits: 0, unit: '' },
  { figure: 'jumping (new scrollTop every frame)', key: 'jumpFps', digits: 1, unit: 'fps' },
  { figure: 'jumping: frames missed in 3 s', key: 'jumpDropped', digits: 0, unit: '' },
  { figure: 'find, per keystroke (median)', key: 'findMedianMs', digits: 1, unit: 'ms' },
  { figure: 'find, per keystroke (slowest)', key: 'findMaxMs', digits: 1, unit: 'ms' },
  { figure: 'find, search and render per keystroke, before the frame (median)', key: 'findWorkMedianMs', digits: 1, unit: 'ms' },
  { figure: 'find, search and render per keystroke, before the frame (slowest)', key: 'findWorkMaxMs', digits: 1, unit: 'ms' },
  { figure: 'jump to the end', key: 'endMs', digits: 0, unit: 'ms' },
];

function table(hours: number, paragraphs: number, base: Figures[], mine: Figures[]): void {
  console.log(`\n### ${hours} h (${paragraphs} paragraphs), ${base.length} rounds, min–max\n`);
  console.log('| figure | baseline | ours | ratio ours/baseline (medians) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const { figure, key, digits, unit } of rows) {
    const b = base.map((f) => f[key]);
    const o = mine.map((f) => f[key]);
    const ratio = median(b) === 0 ? '—' : (median(o) / median(b)).toFixed(2);
    console.log(`| ${figure} | ${range(b, digits)} ${unit} | ${range(o, digits)} ${unit} | ${ratio} |`);
  }
}

async function measure(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-view-'));
  const secrets = new InMemorySecretStore();
  let host = await startWebHost({ dataDir, secrets });
  // A self-hosted endpoint is not checked over the network: the viewer needs no Deepgram here.
  await host.services.keys.save({ name: 'Bench', endpoint: { kind: 'custom', url: 'http://127.0.0.1:9', selfHosted: true }, key: 'bench-key-not-sent' });
  const baselines = new Map<number, Item[]>();
  for (const hours of hoursList) {
    const response = longTranscript({ hours });
    const summary = await host.services.transcripts.save({ title: `Bench ${hours} h`, sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
    // As after a transcription: the library index reads the new transcript.
    await host.services.librarySearch.indexTranscript(summary.id);
    // Opening it there also kept its paragraphs in the transcript cache, written just after.
    for (let waited = 0; waited < 10_000 && !existsSync(join(dataDir, 'transcript-cache', `${summary.id}.json`)); waited += 50) await sleep(50);
    baselines.set(
      hours,
      toParagraphs(response).map((p) => ({ speaker: `Speaker ${(p.speaker ?? 0) + 1}`, time: String(Math.floor(p.start)), text: p.text })),
    );
  }
  await host.close();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--disable-background-networking', '--no-first-run'] });
  const results = new Map(hoursList.map((h) => [h, { base: [] as Figures[], mine: [] as Figures[] }]));
  try {
    for (let r = 0; r < rounds; r += 1) {
      host = await startWebHost({ dataDir, secrets });
      const page = await newPage(browser, host.url);
      for (const hours of hoursList) {
        const entry = results.get(hours)!;
        entry.base.push(await naive(page, baselines.get(hours)!));
        entry.mine.push(await ours(page, `Bench ${hours} h`));
        await page.getByRole('button', { name: 'Close transcript' }).click();
      }
      await page.close();
      await host.close();
    }
    console.log(`## Transcript viewer, Chromium ${browser.version()}, 1280×800`);
    console.log('Baseline: every paragraph as plain DOM in the same page, from data already in it. Ours: the app, each round a fresh start of main on the same data folder.');
    for (const hours of hoursList) table(hours, baselines.get(hours)!.length, results.get(hours)!.base, results.get(hours)!.mine);
    console.log(`\nfind types ${typed.map((t) => `"${t}"`).join(' and ')} one key at a time; the baseline counts substrings of the lowercased paragraphs. "open" for ours includes loading from main over the loopback transport.`);
  } finally {
    await browser.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await run('sh', ['-c', 'npx electron-vite build && npx vite build -c test/web-host/vite.bridge.config.ts'], { cwd: root });
await measure();
