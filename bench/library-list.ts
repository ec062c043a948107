// Library benchmark: a library of 1,000 transcripts listed after a start, in Chromium through the
// web host with main's real services, against an empty library started the same way (the baseline:
// everything a start does but the library). Each round starts main afresh on the same data folder and
// opens a new page, the two libraries in turn; the time is taken inside the page, from navigation until the list's first rows
// are in a frame with the whole count known. Main's part alone is timed too: the saved list against
// reading every entry file, as every start did before. Figures, not a test: nothing passes or fails.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import type { Browser } from '@playwright/test';
import { defaultTranscribeOptions, libraryEntrySchema } from '../common/domain';
import { TranscriptStore } from '../main/services/library/transcript-store';
import { InMemorySecretStore } from '../test/support/in-memory-secret-store';
import { startWebHost } from '../test/web-host/web-host';
import type { WebHost } from '../test/web-host/web-host';
import { median, range } from './figures';
import { longTranscript } from './long-transcript';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const libraryCount = Number(process.env.BENCH_LIBRARY ?? 1000);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Start {
  /** First contentful paint of the window. */
  paintMs: number;
  /** The list's first rows in a frame with the whole count known (or the empty library's message). */
  listedMs: number;
}

/** One start of the window on a library of `count`, on the page's clock from navigation. */
async function listed(browser: Browser, host: WebHost, count: number): Promise<Start> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
  const at = await page.waitForFunction(
    (n) => {
      let shown: number;
      if (n === 0) shown = document.querySelector('.library-empty') ? 1 : 0;
      else {
        // A windowed list says its length on each row; a full one has them all.
        const total = document.querySelector('.library-list > li')?.getAttribute('aria-setsize');
        shown = total ? Number(total) : document.querySelectorAll('.library-list > li').length;
      }
      return shown >= Math.max(1, n) ? performance.now() : 0;
    },
    count,
    { polling: 'raf', timeout: 60_000 },
  );
  const listedMs = (await at.jsonValue()) as number;
  // The paint entry is reported a little after the paint itself.
  const paintMs = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        new PerformanceObserver((entries) => {
          const paint = entries.getEntriesByName('first-contentful-paint')[0];
          if (paint) done(paint.startTime);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  // The start's background work (damage check, index check) ends before this host closes, so it
  // never runs into the next start.
  for (let waited = 0; waited < 20_000 && !host.sent.some((frame) => frame.includes('"library.indexChecked"')); waited += 50) await sleep(50);
  await page.close();
  return { listedMs, paintMs };
}

/** Times `work` over `rounds` runs, in milliseconds each. */
async function timesOf(work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const begun = performance.now();
    await work();
    times.push(performance.now() - begun);
  }
  return times;
}

async function measure(browser: Browser): Promise<void> {
  const full = await mkdtemp(join(tmpdir(), 'bench-library-'));
  const empty = await mkdtemp(join(tmpdir(), 'bench-library-empty-'));
  const secrets = new InMemorySecretStore();
  try {
    const store = new TranscriptStore(full);
    const response = longTranscript({ hours: 0.02 });
    for (let i = 0; i < libraryCount; i += 1) {
      await store.save({ title: `Meeting ${i}`, sizeBytes: 1000 + i, options: defaultTranscribeOptions, requestId: null, response });
    }

    // Main alone: a fresh store each time, as after a start.
    const scanMs = await timesOf(() => new TranscriptStore(full).list());
    const savedMs = await timesOf(() => new TranscriptStore(full).entries());
    const wholeBytes = JSON.stringify(await store.list()).length;
    const entryBytes = JSON.stringify((await store.entries()).map((e) => libraryEntrySchema.parse(e))).length;

    const starts = { full: [] as Start[], empty: [] as Start[] };
    const libraries = [
      { dir: full, kind: 'full', count: libraryCount },
      { dir: empty, kind: 'empty', count: 0 },
    ] as const;
    for (const { dir } of libraries) {
      // The first start indexes the library; the measured starts find the index current, as after any later start.
      const host = await startWebHost({ dataDir: dir, secrets });
      await host.services.keys.save({ name: 'Bench', endpoint: { kind: 'custom', url: 'http://127.0.0.1:9', selfHosted: true }, key: 'bench-key-not-sent' });
      await host.services.librarySearch.check();
      await host.close();
    }
    // The two kinds of start take turns, so a slower spell of the machine falls on both.
    for (let r = 0; r < rounds; r += 1) {
      for (const { dir, kind, count } of libraries) {
        const host = await startWebHost({ dataDir: dir, secrets });
        starts[kind].push(await listed(browser, host, count));
        await host.close();
      }
    }

    const listedFull = starts.full.map((s) => s.listedMs);
    const listedEmpty = starts.empty.map((s) => s.listedMs);
    const afterPaint = (kind: 'full' | 'empty'): number[] => starts[kind].map((s) => s.listedMs - s.paintMs);
    console.log(`## Library of ${libraryCount} transcripts, Chromium ${browser.version()}, 1280×800, ${rounds} starts each, min–max`);
    console.log('\n| figure | baseline | ours | ratio (medians) |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| navigation to the list painted (baseline: an empty library) | ${range(listedEmpty, 0)} ms | ${range(listedFull, 0)} ms | ${(median(listedFull) / median(listedEmpty)).toFixed(2)} |`);
    console.log(`| the window's first paint to the list painted (baseline: an empty library) | ${range(afterPaint('empty'), 0)} ms | ${range(afterPaint('full'), 0)} ms | ${(median(afterPaint('full')) / median(afterPaint('empty'))).toFixed(2)} |`);
    console.log(`| main: the list, fresh store (baseline: reading every entry file) | ${range(scanMs, 1)} ms | ${range(savedMs, 1)} ms | ${(median(savedMs) / median(scanMs)).toFixed(2)} |`);
    console.log(`| what crosses to the window (baseline: whole summaries) | ${(wholeBytes / 1024).toFixed(0)} kB | ${(entryBytes / 1024).toFixed(0)} kB | ${(entryBytes / wholeBytes).toFixed(2)} |`);
    console.log(`\nAdded by the library at start (median of ours − median of the empty library): ${(median(listedFull) - median(listedEmpty)).toFixed(0)} ms; the target is 100 ms.`);
  } finally {
    await rm(full, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  }
}

await run('sh', ['-c', 'npx electron-vite build && npx vite build -c test/web-host/vite.bridge.config.ts'], { cwd: root });
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--disable-background-networking', '--no-first-run'] });
try {
  await measure(browser);
} finally {
  await browser.close();
}
