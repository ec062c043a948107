// Viewer benchmark, in Chromium through the web host with main's real services: opening a 1, 3 and
// 10 hour transcript (time until its first paragraph shows, DOM nodes in the reader, JS heap) and
// jumping to its end, against the naive baseline measured in the same page: every paragraph of the
// same transcript rendered as plain DOM at once. A figure, not a test: nothing passes or fails.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from '@playwright/test';
import type { Page } from '@playwright/test';
import { defaultTranscribeOptions } from '../common/domain';
import { toParagraphs } from '../common/transcript/paragraphs';
import { InMemorySecretStore } from '../test/support/in-memory-secret-store';
import { startWebHost } from '../test/web-host/web-host';
import { longTranscript } from './long-transcript';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const hoursList = (process.env.BENCH_HOURS ?? '1,3,10').split(',').map(Number);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Figures {
  openMs: number;
  nodes: number;
  heapMb: number;
  endMs: number;
}

async function heapMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  await session.detach();
  return usedSize / 1e6;
}

/** Opens the transcript from the library the way a person does, then jumps to its end. */
async function ours(page: Page, title: string): Promise<Figures> {
  const started = Date.now();
  await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: new RegExp(`^${title}`) }).click();
  await page.locator('[data-paragraph="0"]').waitFor();
  const openMs = Date.now() - started;
  const nodes = await page.getByRole('article', { name: 'Transcript' }).evaluate((a) => a.querySelectorAll('*').length);
  const heap = await heapMb(page);
  const jump = Date.now();
  await page.getByRole('article', { name: 'Transcript' }).evaluate((a) => a.scrollTo({ top: a.scrollHeight }));
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('[data-paragraph]')].map((r) => Number(r.dataset.paragraph));
    return rows.length > 0 && Math.max(...rows) > 100;
  });
  const endMs = Date.now() - jump;
  return { openMs, nodes, heapMb: heap, endMs };
}

/** The same paragraphs rendered all at once as plain DOM: what a viewer without windowing builds. */
async function naive(page: Page, paragraphs: { speaker: string; time: string; text: string }[]): Promise<Figures> {
  const result = await page.evaluate((items) => {
    const host = document.createElement('div');
    host.id = 'naive-baseline';
    host.style.cssText = 'position:fixed;inset:0;overflow:auto;background:white;z-index:9999';
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
    void host.offsetHeight;
    const openMs = performance.now() - start;
    const jump = performance.now();
    host.scrollTo({ top: host.scrollHeight });
    void host.offsetHeight;
    return { openMs, endMs: performance.now() - jump, nodes: host.querySelectorAll('*').length };
  }, paragraphs);
  const heap = await heapMb(page);
  await page.evaluate(() => document.getElementById('naive-baseline')?.remove());
  return { ...result, heapMb: heap };
}

async function measure(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-view-'));
  const host = await startWebHost({ dataDir, secrets: new InMemorySecretStore() });
  // A self-hosted endpoint is not checked over the network: the viewer needs no Deepgram here.
  await host.services.keys.save({ name: 'Bench', endpoint: { kind: 'custom', url: 'http://127.0.0.1:9', selfHosted: true }, key: 'bench-key-not-sent' });
  const titles: string[] = [];
  const baselines = new Map<number, { speaker: string; time: string; text: string }[]>();
  for (const hours of hoursList) {
    const response = longTranscript({ hours });
    const title = `Bench ${hours} h`;
    titles.push(title);
    await host.services.transcripts.save({ title, sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
    baselines.set(
      hours,
      toParagraphs(response).map((p) => ({ speaker: `Speaker ${(p.speaker ?? 0) + 1}`, time: String(Math.floor(p.start)), text: p.text })),
    );
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByText('Project:').waitFor();
    console.log(`Transcript viewer, Chromium ${browser.version()}, 1280×800; baseline: every paragraph as plain DOM in the same page`);
    console.log('hours  paragraphs  figure              baseline     ours       ratio ours/baseline');
    for (const hours of hoursList) {
      const items = baselines.get(hours)!;
      const base = await naive(page, items);
      const mine = await ours(page, `Bench ${hours} h`);
      const row = (figure: string, b: number, o: number, unit: string): void =>
        console.log(`${String(hours).padStart(5)}  ${String(items.length).padStart(10)}  ${figure.padEnd(18)}  ${`${b.toFixed(1)} ${unit}`.padStart(11)}  ${`${o.toFixed(1)} ${unit}`.padStart(9)}  ${(o / b).toFixed(3)}`);
      row('open (first text)', base.openMs, mine.openMs, 'ms');
      row('DOM nodes', base.nodes, mine.nodes, '');
      row('JS heap after', base.heapMb, mine.heapMb, 'MB');
      row('jump to the end', base.endMs, mine.endMs, 'ms');
      await page.getByRole('button', { name: 'Close transcript' }).click();
    }
    console.log('"open" for ours includes loading the transcript and its edit layer from main over the loopback transport; the baseline only builds DOM from data already in the page.');
  } finally {
    await browser.close();
    await host.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await run('sh', ['-c', 'npx electron-vite build && npx vite build -c test/web-host/vite.bridge.config.ts'], { cwd: root });
await measure();
