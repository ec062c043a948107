import type { Page } from '@playwright/test';
import type { DeepgramDouble } from '../deepgram-double/types';
import { projectName } from '../support/double';
import { seriousViolations } from './axe-check';
import { connect, expect, expectReadableInBothThemes, test } from './fixtures';
import { fakeMicrophone, panel, shownSeconds, speechFile, spoken } from './recording-fixtures';

test.use(fakeMicrophone(speechFile));

/** 16 kHz, 16-bit, one channel: the live stream's bytes per second of audio. */
const bytesPerSecond = 32_000;

interface ShownLine {
  start: number;
  end: number;
  text: string;
}

async function shownLines(page: Page): Promise<ShownLine[]> {
  return page.getByTestId('live-line').evaluateAll((nodes) =>
    nodes.map((n) => ({ start: Number(n.getAttribute('data-start')), end: Number(n.getAttribute('data-end')), text: n.querySelector('.live-text')?.textContent ?? '' })),
  );
}

const liveRequests = (double: DeepgramDouble) => double.requests.filter((r) => r.path === '/v1/listen' && r.status === 101);

/** Lines follow each other on the recording's time line: none starts before the previous ended, and none leaves a hole. */
function expectContiguous(lines: ShownLine[]): void {
  for (let i = 1; i < lines.length; i++) {
    expect(lines[i]!.start, `line ${i} starts where line ${i - 1} ended`).toBeGreaterThanOrEqual(lines[i - 1]!.end - 0.01);
    expect(lines[i]!.start - lines[i - 1]!.end, `no hole before line ${i}`).toBeLessThan(0.05);
  }
}

test('captions appear while recording; stop → the final transcript replaces the draft and keeps the name given live', async ({ appPage: page, double }) => {
  test.setTimeout(120_000);
  double.setSpeech(spoken);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Live captions while recording' })).toBeChecked();
  await expect(page.getByText(/≈ \$0\.46 per hour with nova-3/)).toBeVisible();

  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  const live = page.getByRole('region', { name: 'Live captions' });
  await expect(live.getByRole('status')).toHaveText('Live', { timeout: 15_000 });
  await expect(live.getByTestId('live-line').first()).toContainText('Good morning everyone', { timeout: 15_000 });
  // Provisional text shows in place for half of each second, then the final replaces it.
  await expect(live.getByTestId('live-interim').first()).toBeAttached({ timeout: 10_000 });
  const request = liveRequests(double).at(-1)!;
  expect(request).toBeDefined();

  // Named during the meeting: the first speaker of the diarized stream.
  await live.getByRole('button', { name: 'Rename Speaker 1' }).click();
  await live.getByRole('textbox', { name: 'New name for Speaker 1' }).fill('Ada');
  await live.getByRole('textbox', { name: 'New name for Speaker 1' }).press('Enter');
  await expect(live.getByTestId('live-line').first().locator('.live-speaker')).toHaveText('Ada');
  await live.scrollIntoViewIfNeeded();
  await expectReadableInBothThemes(page, 'live captions while recording');
  expect(await seriousViolations(page)).toEqual([]);

  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(8);
  const linesBeforeStop = (await shownLines(page)).length;
  expect(linesBeforeStop).toBeGreaterThan(1);
  await page.getByRole('button', { name: 'Stop recording' }).click();

  // The draft stays, complete, until the final pass is there; then the transcript opens with the name.
  const draft = page.getByRole('region', { name: 'Live draft' });
  await expect(draft).toBeVisible();
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('weekly meeting', { timeout: 30_000 });
  await expect(article.getByText('Ada', { exact: true }).first()).toBeVisible();
  await expect(draft.getByRole('button', { name: 'Open the final transcript' })).toBeVisible();
  // The draft is kept for comparing, with every line it had and the rest Deepgram flushed on stop.
  expect((await shownLines(page)).length).toBeGreaterThanOrEqual(linesBeforeStop);
  const lines = await shownLines(page);
  expectContiguous(lines);
  // Stopping flushed the stream with Finalize then CloseStream, and no empty frame (the double would close 1000 either way, so look at what it received).
  expect(request.bytes).toBeGreaterThan(6 * bytesPerSecond);
});

test('a dropped connection mid-meeting: reconnects, replays, and the draft has every second once, in order', async ({ appPage: page, double }) => {
  test.setTimeout(120_000);
  double.setSpeech(spoken);
  // The first live connection is cut without a close frame after four seconds of audio.
  double.failNext({ kind: 'reset', afterBytes: 4 * bytesPerSecond, path: '/v1/listen' });
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  const live = page.getByRole('region', { name: 'Live captions' });

  await expect.poll(() => liveRequests(double).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await expect(live.getByRole('status')).toHaveText(/^Live/, { timeout: 20_000 });
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(12);
  // Caught up: the lines reach close to the time recorded.
  await expect.poll(async () => (await shownLines(page)).at(-1)?.end ?? 0, { timeout: 20_000 }).toBeGreaterThan(8);
  const recorded = await shownSeconds(page);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await expect(page.getByRole('region', { name: 'Live draft' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Live draft' }).getByRole('status')).toHaveText('Live draft complete', { timeout: 15_000 });

  const lines = await shownLines(page);
  expect(lines[0]!.start).toBe(0);
  expectContiguous(lines);
  // The recording's seconds, each once: the draft ends about where the recording does.
  const end = lines.at(-1)!.end;
  expect(end).toBeGreaterThan(recorded - 1);
  expect(end).toBeLessThanOrEqual(recorded + 2);
  await expect(page.getByTestId('live-gap')).toHaveCount(0);
});

test('no credit for streaming: a clear message, and the recording goes on and is transcribed', async ({ appPage: page, double, host }) => {
  test.setTimeout(120_000);
  double.setSpeech(spoken);
  double.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  const live = page.getByRole('region', { name: 'Live captions' });
  await expect(live.getByRole('status')).toHaveText('Live captions stopped', { timeout: 15_000 });
  await expect(live).toContainText(/credit/i);
  await expect(live).toContainText('The recording goes on');

  const writtenBefore = host.services.recordings.current()!.bytesWritten;
  await expect.poll(() => host.services.recordings.current()?.bytesWritten ?? 0).toBeGreaterThan(writtenBefore);
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(5);
  // Not retried: a refused payment is not a network hiccup.
  const upgradesSoFar = double.requests.filter((r) => r.path === '/v1/listen').length;
  await page.waitForTimeout(3000);
  expect(double.requests.filter((r) => r.path === '/v1/listen').length).toBe(upgradesSoFar);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('weekly meeting', { timeout: 30_000 });
});

test('live captions off: the recording streams nothing', async ({ appPage: page, double }) => {
  test.setTimeout(90_000);
  double.setSpeech(spoken);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByRole('checkbox', { name: 'Live captions while recording' }).uncheck();
  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(4);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('weekly meeting', { timeout: 30_000 });
  expect(liveRequests(double)).toHaveLength(0);
  await expect(page.getByRole('region', { name: /Live (captions|draft)/ })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Live captions while recording' })).not.toBeChecked();
});
