import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { speechWav } from '../support/audio';
import { projectName } from '../support/double';
import { connect, dropFiles, expect, routeMainEvents, saveTranscript, startBatch, test } from './fixtures';

/** Puts a finished transcript in the library, as the queue would after a transcription. */

/** Lets requests the page has already started come back and be shown. */
async function settle(page: Page): Promise<void> {
  for (let i = 0; i < 2; i++) await page.evaluate(async () => void (await window.app.prefs.get()));
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

const jobRow = (page: Page, fileName: string) =>
  page.getByRole('region', { name: 'Transcriptions' }).getByRole('listitem').filter({ hasText: fileName });

test('files the OS hands over are queued with the current options: waiting for the key, while open, and at start', async ({
  appPage: page,
  double,
  host,
}) => {
  test.setTimeout(90_000);
  const dir = await mkdtemp(join(tmpdir(), 'e2e-opened-'));
  const beforeKey = await speechWav(dir, 'Opened from the file manager before the key was saved.', 'double-clicked.wav');
  const whileOpen = await speechWav(dir, 'Handed over by a second launch of the app.', 'second-launch.wav');
  const atStart = await speechWav(dir, 'Given on the command line while no window was open.', 'command-line.wav');

  // No key yet: nothing can be sent, so the file must wait in main, not be lost.
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  host.services.openedFiles.add([beforeKey]);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await expect(jobRow(page, 'double-clicked.wav')).toContainText('Done', { timeout: 30_000 });

  // While the window is open, with the options chosen in it.
  await page.getByLabel('Identify speakers').uncheck();
  host.services.openedFiles.add([whileOpen]);
  await expect(jobRow(page, 'second-launch.wav')).toContainText('Done', { timeout: 30_000 });

  // Files that arrive while no window is there are taken when it starts.
  await page.goto('about:blank');
  host.services.openedFiles.add([atStart]);
  await page.goto(host.url);
  await expect(jobRow(page, 'command-line.wav')).toContainText('Done', { timeout: 30_000 });

  const listens = double.requests.filter((r) => r.path === '/v1/listen');
  // The default preset (Meeting) identifies speakers; the window's choice applies from then on.
  expect(listens.map((r) => r.query.diarize?.[0])).toEqual(['true', 'false', 'false']);
  expect(host.services.queue.list().map((job) => job.fileName)).toEqual(['double-clicked.wav', 'second-launch.wav', 'command-line.wav']);
  expect(host.services.openedFiles.take()).toEqual([]);
});

test('a notification about a failed job scrolls its row into view and focuses it, failure shown', async ({ appPage: page, double, host }) => {
  test.setTimeout(90_000);
  const dir = await mkdtemp(join(tmpdir(), 'e2e-show-job-'));
  const events = await routeMainEvents(page);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  double.failNext({ kind: 'status', status: 400, path: '/v1/listen' });
  await dropFiles(page, [await speechWav(dir, 'Nobody will hear this one.', 'refused.wav')], ['audio/wav']);
  await startBatch(page);
  const failed = jobRow(page, 'refused.wav');
  await expect(failed).toContainText('Failed');

  // Later jobs push the failed one out of the list's view.
  const filler = await speechWav(dir, 'More work.', 'filler.wav');
  const more = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => copyFile(filler, join(dir, `later-${n}.wav`)).then(() => join(dir, `later-${n}.wav`))));
  await dropFiles(page, more, more.map(() => 'audio/wav'));
  await startBatch(page);
  await expect(page.getByRole('region', { name: 'Transcriptions' }).getByText('Done', { exact: true })).toHaveCount(6, { timeout: 30_000 });
  await expect(failed).not.toBeInViewport();

  const job = host.services.queue.list().find((j) => j.fileName === 'refused.wav')!;
  events.emit('shell.command', { command: 'show-job', jobId: job.id });
  await expect(failed).toBeFocused();
  await expect(failed.getByRole('alert')).toContainText('(400)');
  await expect(failed.getByRole('alert')).toBeInViewport({ ratio: 1 });

  events.emit('shell.command', { command: 'show-job', jobId: 'not-a-job-of-this-session' });
  await expect(page.getByRole('status').filter({ hasText: 'That transcription is no longer in the list.' })).toBeVisible();
});

test('menu commands: Settings opens the dialog, Find filters the library, New Recording starts one, Export asks for a transcript', async ({
  appPage: page,
  host,
}) => {
  await saveTranscript(host, 'Quarterly budget review', 'We went through the budget line by line.');
  await saveTranscript(host, 'Hiring plan: Résumé screening', 'Three roles open this quarter.');
  await saveTranscript(host, 'Launch retrospective', 'The launch went well overall.');
  const events = await routeMainEvents(page);
  const notice = page.locator('.notice-region');

  // Before there is a key, the main screen is not there to act on; the window says why.
  events.emit('shell.command', { command: 'settings' });
  await expect(notice).toHaveText(/Connect to Deepgram first/);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  events.emit('shell.command', { command: 'settings' });
  await expect(dialog).toBeVisible();

  // Find closes the dialog and puts the cursor in the library filter.
  events.emit('shell.command', { command: 'find' });
  await expect(dialog).toHaveCount(0);
  const filter = page.getByLabel('Filter transcripts by title');
  await expect(filter).toBeFocused();
  const library = page.getByRole('navigation', { name: 'Transcripts' });
  await expect(library.getByRole('listitem')).toHaveCount(3);
  await page.keyboard.type('resume');
  await expect(library.getByRole('listitem')).toHaveCount(1);
  await expect(library.getByRole('listitem')).toContainText('Hiring plan: Résumé screening');
  await page.keyboard.type(' nothing-like-this');
  await expect(library.getByRole('listitem')).toHaveCount(0);
  await expect(library).toContainText('No transcript titles match');
  await page.keyboard.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(library.getByRole('listitem')).toHaveCount(3);

  // The window's own shortcut does what the menu's Find does.
  await page.getByRole('heading', { name: 'Deepgram Desk' }).focus();
  await page.keyboard.press('ControlOrMeta+f');
  await expect(filter).toBeFocused();

  // Export needs an open transcript; without one the window says how to get there.
  events.emit('shell.command', { command: 'export' });
  await expect(notice).toHaveText(/Open a transcript first, then export it/);
  // New Recording starts one; this browser has no microphone, and the recording panel says so.
  events.emit('shell.command', { command: 'new-recording' });
  await expect(page.getByRole('alert').filter({ hasText: /microphone/ })).toBeVisible();
  expect(host.services.recordings.current()).toBeUndefined();
  // Nothing was pretended: no transcription started, no dialog opened.
  expect(host.services.queue.list()).toEqual([]);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveText('');
});

test('a notification opens its transcript; the last one opened reopens at the next start, unless closed or gone', async ({
  appPage: page,
  host,
  dataDir,
}) => {
  const budget = await saveTranscript(host, 'Budget review', 'We reviewed the budget line by line.');
  const launch = await saveTranscript(host, 'Launch plan', 'The launch moves to the first of May.');
  const events = await routeMainEvents(page);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const article = page.getByRole('article', { name: 'Transcript' });
  const library = page.getByRole('navigation', { name: 'Transcripts' });
  const remembered = async (): Promise<string | null> => (await host.services.preferences.get()).lastTranscriptId;

  events.emit('shell.command', { command: 'open-transcript', transcriptId: launch });
  await expect(article.getByRole('heading', { name: 'Launch plan' })).toBeVisible();
  await expect.poll(remembered).toBe(launch);

  await page.reload();
  await expect(article.getByRole('heading', { name: 'Launch plan' })).toBeVisible();
  await expect(article).toContainText('first of May');
  await expect(library.getByRole('button', { name: /Launch plan/ })).toHaveAttribute('aria-current', 'true');

  // Closed: nothing reopens.
  await article.getByRole('button', { name: 'Close transcript' }).click();
  await expect(article).toHaveCount(0);
  await expect.poll(remembered).toBe(null);
  await page.reload();
  await expect(library.getByRole('listitem')).toHaveCount(2);
  await settle(page);
  await expect(article).toHaveCount(0);
  await expect(page.getByText('Choose a transcript from the library')).toBeVisible();

  // Deleted from disk since: forgotten without troubling the user.
  await library.getByRole('button', { name: /Budget review/ }).click();
  await expect(article.getByRole('heading', { name: 'Budget review' })).toBeVisible();
  await expect.poll(remembered).toBe(budget);
  await rm(join(dataDir, 'transcripts', `${budget}.meta.json`));
  await rm(join(dataDir, 'transcripts', `${budget}.response.json`));
  await page.reload();
  await expect(library.getByRole('listitem')).toHaveCount(1);
  await expect.poll(remembered).toBe(null);
  await settle(page);
  await expect(article).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('uncaught errors and rejections in the window reach main’s log, cut to size, and a loop cannot flood it', async ({ page, host }) => {
  const reports: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framesent', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { channel?: string };
      if (message.channel === 'log.rendererError') reports.push(String(frame.payload));
    }),
  );
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  const log = (): Promise<string> => readFile(host.logFile, 'utf8').catch(() => '');

  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error(`planted failure ${'x'.repeat(100_000)}`);
    });
    void Promise.reject(new TypeError('planted rejection'));
  });
  await expect.poll(log).toContain('planted rejection');
  await expect.poll(log).toContain('planted failure xxx');
  const written = await log();
  expect(written).toContain('unhandled rejection');
  expect(written).toMatch(/Error: planted failure x+…/);
  expect(written).not.toContain('x'.repeat(1000));
  expect(reports).toHaveLength(2);

  // A failure in a loop: a handful get through, the rest are dropped in the window.
  await page.evaluate(async () => {
    for (let i = 0; i < 200; i++) {
      setTimeout(() => {
        throw new Error(`looping failure ${i}`);
      });
    }
    await new Promise((done) => setTimeout(done, 10));
    await window.app.prefs.get();
  });
  const sentLoops = (): number => reports.filter((r) => r.includes('looping failure')).length;
  const loggedLoops = async (): Promise<number> => (await log()).match(/Renderer error[^\n]*looping failure/g)?.length ?? 0;
  await expect.poll(loggedLoops).toBeGreaterThan(0);
  await settle(page);
  await expect.poll(async () => (await loggedLoops()) === sentLoops()).toBe(true);
  // Five at once, two used above; a fourth only if ten seconds passed in between.
  expect(sentLoops()).toBeGreaterThanOrEqual(3);
  expect(sentLoops()).toBeLessThanOrEqual(4);
});
