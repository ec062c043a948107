import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { defaultTranscribeOptions, type Job } from '../../common/domain';
import { estimateCostUsd } from '../../common/presets';
import { speechWav } from '../support/audio';
import { projectName } from '../support/double';
import { connect, dropPaths, expect, expectReadableInBothThemes, routeMainEvents, sha256, startBatch, startHostAgain, test } from './fixtures';

const queue = (page: Page) => page.getByRole('region', { name: 'Transcriptions' });
const jobRow = (page: Page, fileName: string) => queue(page).getByRole('listitem').filter({ hasText: fileName });
const batchPanel = (page: Page) => page.getByRole('region', { name: /ready to transcribe|Checking files|No file can be transcribed|to the queue/ });

/** A folder as users drop them: recordings, a text file, and a nested folder with another recording. */
async function mixedFolder(): Promise<{ folder: string; media: string[]; speech: Record<string, string> }> {
  const root = await mkdtemp(join(tmpdir(), 'e2e-folder-'));
  const folder = join(root, 'interviews');
  await mkdir(join(folder, 'day 2'), { recursive: true });
  const speech: Record<string, string> = {
    'anna.wav': 'Anna talks about the budget for the spring.',
    'bruno.wav': 'Bruno explains the launch plan in detail.',
    'chloé.wav': 'Chloé reviews the hiring plan for the quarter.',
    'dmitri.wav': 'Dmitri closes the meeting with the next steps.',
  };
  const media = [
    await speechWav(folder, speech['anna.wav']!, 'anna.wav'),
    await speechWav(folder, speech['bruno.wav']!, 'bruno.wav'),
    await speechWav(folder, speech['chloé.wav']!, 'chloé.wav'),
    await speechWav(join(folder, 'day 2'), speech['dmitri.wav']!, 'dmitri.wav'),
  ];
  await writeFile(join(folder, 'notes.txt'), 'Agenda: budget, launch, hiring.\n');
  return { folder, media, speech };
}

test('a dropped folder: batch panel with counts, duration, cost and refusals; start, cancel one, retry it, clear finished', async ({
  appPage: page,
  double,
  host,
}) => {
  test.setTimeout(120_000);
  const { folder, media, speech } = await mixedFolder();
  for (const path of media) double.setSpeech(speech[path.split('/').pop()!]!, await sha256(path));

  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  // A price that makes the estimate easy to read, set where the user sets it.
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Price per minute for nova-3, US dollars').fill('1.2');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByText('Saved.')).toBeVisible();
  await expect.poll(async () => (await host.services.transcriptionSettings.get()).pricesPerMinute['nova-3']).toBe(1.2);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await dropPaths(page, [folder]);
  const panel = batchPanel(page);
  await expect(panel.getByRole('heading', { name: '4 files ready to transcribe' })).toBeVisible();

  // What main measured, summed and priced as the panel must show it.
  const inspected = await host.services.queue.inspect([folder]);
  expect(inspected.files.map((f) => f.fileName).sort()).toEqual(['anna.wav', 'bruno.wav', 'chloé.wav', 'dmitri.wav']);
  const seconds = inspected.files.reduce((sum, f) => sum + (f.durationSec ?? Number.NaN), 0);
  expect(seconds).toBeGreaterThan(4);
  expect(seconds).toBeLessThan(59);
  const fact = (term: string) => panel.locator('dl > dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('Files')).toHaveText('4');
  await expect(fact('Duration')).toHaveText(`${Math.round(seconds)} s`);
  const cost = estimateCostUsd(seconds, 'nova-3', { 'nova-3': 1.2 })!;
  await expect(fact('Estimated cost')).toHaveText(`About $${cost.toFixed(2)} with nova-3`);
  await expect(panel).toContainText('1 file refused');
  await expect(panel).toContainText('notes.txt: This doesn’t look like an audio or video file');
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toEqual([]);

  // The first request Deepgram gets answers late, so that job can be canceled while it runs.
  double.failNext({ kind: 'slow', delayMs: 25_000, path: '/v1/listen' });
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Added 4 files to the queue.' })).toBeVisible();
  await expect(queue(page).getByRole('listitem')).toHaveCount(4);

  // Three finish; the slow one is still with Deepgram, its elapsed time counting.
  await expect(queue(page).getByText('Done', { exact: true })).toHaveCount(3, { timeout: 45_000 });
  const slow = queue(page).getByRole('listitem').filter({ hasText: /Processing \d+:\d\d/ });
  await expect(slow).toHaveCount(1);
  const first = await slow.locator('.job-status').textContent();
  await expect(slow.locator('.job-status')).not.toHaveText(first!);
  const slowName = (await slow.locator('.job-name').textContent())!;

  // Newest first: the order main keeps, reversed.
  const names = await queue(page).locator('.job-name').allTextContents();
  expect(names).toEqual(host.services.queue.list().map((j) => j.fileName).reverse());

  await slow.getByRole('button', { name: `Cancel ${slowName}` }).click();
  const canceled = jobRow(page, slowName);
  await expect(canceled.locator('.job-status')).toHaveText('Canceled');
  await canceled.getByRole('button', { name: `Retry ${slowName}` }).click();
  await expect(canceled.locator('.job-status')).toHaveText('Done', { timeout: 30_000 });
  await expect(queue(page).getByText('Done', { exact: true })).toHaveCount(4);

  const listens = double.requests.filter((r) => r.path === '/v1/listen');
  expect(listens).toHaveLength(5);
  const saved = await host.services.transcripts.list();
  expect(saved.map((t) => t.title).sort()).toEqual(['anna.wav', 'bruno.wav', 'chloé.wav', 'dmitri.wav']);

  // A job removed elsewhere (another window, the menu) leaves the list here too.
  const dmitri = host.services.queue.list().find((j) => j.fileName === 'dmitri.wav')!;
  host.services.queue.remove(dmitri.id);
  await expect(jobRow(page, 'dmitri.wav')).toHaveCount(0);
  await expect(queue(page).getByRole('listitem')).toHaveCount(3);

  // The transcript of a finished row opens from the row.
  await jobRow(page, 'anna.wav').getByRole('button', { name: 'Open the transcript of anna.wav' }).click();
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('budget for the spring');

  await queue(page).getByRole('button', { name: 'Clear finished' }).click();
  await expect(queue(page)).toHaveCount(0);
  expect(host.services.queue.list()).toEqual([]);
});

test('the same folder again: already transcribed files are flagged, opened or transcribed again', async ({ appPage: page, double }) => {
  test.setTimeout(90_000);
  const root = await mkdtemp(join(tmpdir(), 'e2e-dup-'));
  const wav = await speechWav(root, 'The same recording twice.', 'standup.wav');
  double.setSpeech('The same recording twice.', await sha256(wav));
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  await dropPaths(page, [wav]);
  await batchPanel(page).getByRole('button', { name: 'Start', exact: true }).click();
  await expect(jobRow(page, 'standup.wav').locator('.job-status')).toHaveText('Done', { timeout: 30_000 });
  const article = page.getByRole('article', { name: 'Transcript' });
  await article.getByRole('button', { name: 'Close transcript' }).click();
  await expect(article).toHaveCount(0);

  // The same content under another name, with the same options.
  const copy = join(root, 'standup copy.wav');
  await copyFile(wav, copy);
  await dropPaths(page, [copy]);
  const panel = batchPanel(page);
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(panel.getByRole('heading', { name: 'Nothing was added to the queue' })).toBeFocused();
  await expect(panel.getByRole('heading', { name: 'Already transcribed with these options' })).toBeVisible();
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toHaveLength(1);

  await panel.getByRole('button', { name: 'Open the transcript of standup copy.wav' }).click();
  await expect(article.getByRole('heading', { name: 'standup.wav' })).toBeVisible();

  await panel.getByRole('button', { name: 'Transcribe standup copy.wav again' }).click();
  await expect(panel).toHaveCount(0);
  await expect(jobRow(page, 'standup copy.wav').locator('.job-status')).toHaveText('Done', { timeout: 30_000 });
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toHaveLength(2);
});

test('the web host stops mid-queue and starts again on the same data folder: the unfinished job resumes and completes once', async ({
  appPage: page,
  double,
  host,
  dataDir,
  keychain,
}) => {
  test.setTimeout(120_000);
  const root = await mkdtemp(join(tmpdir(), 'e2e-restart-'));
  const quick = await speechWav(root, 'This one finishes before the restart.', 'quick.wav');
  const long = await speechWav(root, 'This one is still with Deepgram when the app stops.', 'long-call.wav');
  double.setSpeech('This one finishes before the restart.', await sha256(quick));
  double.setSpeech('This one is still with Deepgram when the app stops.', await sha256(long));

  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await dropPaths(page, [long]);
  double.failNext({ kind: 'slow', delayMs: 60_000, path: '/v1/listen' });
  await batchPanel(page).getByRole('button', { name: 'Start', exact: true }).click();
  await expect(jobRow(page, 'long-call.wav').locator('.job-status')).toHaveText(/Processing/, { timeout: 30_000 });
  await dropPaths(page, [quick]);
  await batchPanel(page).getByRole('button', { name: 'Start', exact: true }).click();
  await expect(jobRow(page, 'quick.wav').locator('.job-status')).toHaveText('Done', { timeout: 30_000 });
  await expect(jobRow(page, 'long-call.wav').locator('.job-status')).toHaveText(/Processing/);

  await page.goto('about:blank');
  await host.close();
  const again = await startHostAgain({ dataDir, deepgramUrl: double.url, keychain });
  try {
    await page.goto(again.host.url);
    await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
    await expect(jobRow(page, 'long-call.wav').locator('.job-status')).toHaveText('Done', { timeout: 45_000 });
    await expect(jobRow(page, 'quick.wav').locator('.job-status')).toHaveText('Done');
    await expect(queue(page).getByRole('listitem')).toHaveCount(2);

    // One request cut short by the stop, one after the start again, one for the quick file: nothing sent twice after it finished.
    const listens = double.requests.filter((r) => r.path === '/v1/listen');
    expect(listens).toHaveLength(3);
    const saved = await again.host.services.transcripts.list();
    expect(saved.map((t) => t.title).sort()).toEqual(['long-call.wav', 'quick.wav']);
    await jobRow(page, 'long-call.wav').getByRole('button', { name: 'Open the transcript of long-call.wav' }).click();
    await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('still with Deepgram when the app stops');
  } finally {
    await page.goto('about:blank');
    await again.stop();
  }
});

test('402 pauses the whole queue with a banner, later files wait, Resume goes on; options the language rules out cannot be chosen', async ({
  appPage: page,
  double,
  host,
}) => {
  test.setTimeout(120_000);
  const { folder, media, speech } = await mixedFolder();
  for (const path of media) double.setSpeech(speech[path.split('/').pop()!]!, await sha256(path));
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  // One file at a time, set where the user sets it.
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Files transcribed at once').fill('1');
  await expectReadableInBothThemes(page, 'Settings with presets, prices and concurrency');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => host.services.queue.status().concurrency).toBe(1);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A language without summaries: the summary is switched off and cannot be switched on, with the reason.
  const options = page.getByRole('group', { name: 'Transcription options' });
  await options.getByRole('button', { name: 'More options' }).click();
  const summary = options.getByLabel('Summary');
  await expect(summary).toBeChecked();
  await options.getByLabel('Language').selectOption('de');
  await expect(summary).not.toBeChecked();
  await expect(summary).toBeDisabled();
  await expect(summary).toHaveAccessibleDescription(/available for English audio only/);
  await expect(page.getByLabel('Preset')).toHaveAccessibleDescription('changed for the next files');
  await options.getByLabel('Language').selectOption('en');
  await expect(summary).toBeEnabled();
  await expect(summary).not.toBeChecked();
  await summary.check();
  await expect(page.getByLabel('Preset')).not.toHaveAccessibleDescription('changed for the next files');

  await dropPaths(page, [folder]);
  await expect(page.getByRole('region', { name: '4 files ready to transcribe' })).toBeVisible();
  await expectReadableInBothThemes(page, 'batch panel with a refusal and every option shown');
  double.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
  await startBatch(page);

  const banner = page.getByRole('alert').filter({ hasText: 'Transcriptions are paused' });
  await expect(banner).toContainText('needs credit');
  await expect(banner).toContainText('run out of credit');
  await expect(queue(page).locator('.job-status')).toHaveText(['Waiting', 'Waiting', 'Waiting', 'Waiting']);
  await expect(queue(page).getByText(/Last attempt: .*run out of credit.*Request ID: [0-9a-f-]{36}/)).toHaveCount(1);
  // Paused at the failure: the other files were not sent.
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toHaveLength(1);
  await expectReadableInBothThemes(page, 'queue paused for payment');

  await banner.getByRole('button', { name: 'Resume' }).click();
  await expect(banner).toHaveCount(0);
  await expect(queue(page).locator('.job-status')).toHaveText(['Done', 'Done', 'Done', 'Done'], { timeout: 45_000 });
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toHaveLength(5);
  await expectReadableInBothThemes(page, 'queue done');
});

test('each state main reports reads as the user needs it: upload speed and time left, retry countdown, not saved with Save again', async ({
  appPage: page,
}) => {
  const events = await routeMainEvents(page);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  const now = Date.now();
  const base: Job = {
    id: 'job-a',
    fileName: 'board-meeting.mp4',
    sizeBytes: 100_000_000,
    bytesSent: 0,
    state: 'queued',
    createdAt: new Date(now - 60_000).toISOString(),
    options: defaultTranscribeOptions,
    source: { kind: 'file' },
    durationSec: 3600,
    attempt: 0,
  };
  events.emit('jobs.updated', { ...base, state: 'uploading', attempt: 1, bytesSent: 42_000_000, bytesPerSecond: 3_100_000 });
  const uploading = jobRow(page, 'board-meeting.mp4');
  // 58 MB left at 3.1 MB/s: 18.7 s, read as 19.
  await expect(uploading.locator('.job-status')).toHaveText('Uploading 42% · 3.1 MB/s · 19 s left');
  await expect(uploading.getByRole('progressbar', { name: 'Upload progress for board-meeting.mp4' })).toHaveAttribute('value', '42000000');

  events.emit('jobs.updated', {
    ...base,
    id: 'job-b',
    fileName: 'podcast.mp3',
    createdAt: new Date(now - 30_000).toISOString(),
    attempt: 1,
    retryAt: new Date(Date.now() + 30_000).toISOString(),
    error: { code: 'DEEPGRAM_UNAVAILABLE', message: 'Deepgram is unavailable right now (503).', requestId: '0b6f3a52-7c1e-4b7e-9d55-3f1c2a9e8d10' },
  });
  const retrying = jobRow(page, 'podcast.mp3');
  await expect(retrying.locator('.job-status')).toHaveText(/^Retrying in (30|29|28) s \(attempt 2\)$/);
  const before = await retrying.locator('.job-status').textContent();
  await expect(retrying.locator('.job-status')).not.toHaveText(before!);
  await expect(retrying).toContainText('Last attempt: Deepgram is unavailable right now (503). Request ID: 0b6f3a52-7c1e-4b7e-9d55-3f1c2a9e8d10');

  events.emit('jobs.updated', {
    ...base,
    id: 'job-c',
    fileName: 'interview.wav',
    createdAt: new Date(now).toISOString(),
    state: 'failed',
    attempt: 1,
    bytesSent: base.sizeBytes,
    unsaved: true,
    error: { code: 'SAVE_FAILED', message: 'The disk is full: the transcript could not be saved. Free some space, then choose Save again.' },
  });
  const unsaved = jobRow(page, 'interview.wav');
  await expect(unsaved.locator('.job-status')).toHaveText('Not saved');
  await expect(unsaved.getByRole('alert')).toContainText('The disk is full');
  await expect(unsaved.getByRole('button', { name: 'Retry interview.wav' })).toHaveCount(0);
  await expect(unsaved.getByRole('button', { name: 'Remove interview.wav' })).toHaveCount(0);
  // Newest first, whatever order the events came in.
  await expect(queue(page).locator('.job-name')).toHaveText(['interview.wav', 'podcast.mp3', 'board-meeting.mp4']);
  await expectReadableInBothThemes(page, 'uploading, retrying and unsaved rows');

  // These jobs exist only in the events above: main's answer to Save again shows that it was asked.
  await unsaved.getByRole('button', { name: 'Save interview.wav again' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This job no longer exists.' })).toBeVisible();

  events.emit('jobs.removed', { ids: ['job-a', 'job-b'] });
  await expect(queue(page).locator('.job-name')).toHaveText(['interview.wav']);
});
