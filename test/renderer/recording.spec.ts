import type { RecordingSummary } from '../../common/recording';
import { projectName } from '../support/double';
import { connect, expect, startHostAgain, test } from './fixtures';
import { envelopeCorrelation, fakeMicrophone, meanVolume, panel, probeDuration, shownSeconds, speechFile, spoken } from './recording-fixtures';

test.use(fakeMicrophone(speechFile));

test('record: the meter moves, settings open meanwhile, stop gives a playable file, and its transcript follows', async ({ appPage: page, double, host }) => {
  test.setTimeout(90_000);
  double.setSpeech(spoken);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('button', { name: 'Stop recording' })).toBeVisible();
  const startedAt = Date.now();
  await expect.poll(() => page.getByLabel('Microphone level').evaluate((m) => (m as HTMLMeterElement).value)).toBeGreaterThan(0.2);

  // Settings is a modal over the page; the capture does not belong to any view and goes on.
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  const writtenBefore = host.services.recordings.current()!.bytesWritten;
  await expect.poll(() => host.services.recordings.current()?.bytesWritten ?? 0).toBeGreaterThan(writtenBefore);
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  // Ten seconds, as a person would time it: from the Stop button's appearance to its click.
  await expect.poll(() => Date.now() - startedAt, { intervals: [100] }).toBeGreaterThanOrEqual(10_000);
  const shown = await shownSeconds(page);
  const recordedFor = (Date.now() - startedAt) / 1000;
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await expect(page.getByRole('button', { name: 'Start recording' })).toBeVisible();

  const [recording] = await host.services.recordings.list();
  expect(recording!.channelLayout).toBe('mono');
  expect(recording!.end).toBe('stopped');
  expect(recording!.durationSec).toBeGreaterThan(shown - 1);
  expect(recording!.durationSec).toBeLessThan(shown + 2);
  const file = await host.services.recordings.audioPath(recording!.id);
  expect(Math.abs((await probeDuration(file)) - recording!.durationSec)).toBeLessThan(0.5);
  expect(await meanVolume(file)).toBeGreaterThan(-45);
  expect(Math.abs(recording!.durationSec - recordedFor)).toBeLessThanOrEqual(0.5);
  // Not just sound: the speech the microphone heard, its loudness rising and falling with the source
  // (about 0.74 here; a recording of something else peaks near 0.2 over the loop's phases).
  expect(await envelopeCorrelation(file, speechFile)).toBeGreaterThan(0.5);

  // The recording goes to the queue by itself and its transcript opens.
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('weekly meeting', { timeout: 30_000 });
  const listen = double.requests.filter((r) => r.path === '/v1/listen').at(-1)!;
  expect(listen.contentType).toContain('webm');
  await expect(page.getByRole('navigation', { name: 'Transcripts' })).toContainText(/Recording \d{4}-\d\d-\d\d/);
});

test('pause and resume: one file without the paused span, the pause marked', async ({ appPage: page, host }) => {
  test.setTimeout(90_000);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('heading', { name: 'Recording paused' })).toBeVisible();
  const pausedAt = Date.now();
  const atPause = await shownSeconds(page);
  await expect.poll(() => Date.now() - pausedAt, { intervals: [500] }).toBeGreaterThan(4000);
  expect(await shownSeconds(page)).toBe(atPause);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(atPause + 3);
  const shown = await shownSeconds(page);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await expect(page.getByRole('button', { name: 'Start recording' })).toBeVisible();

  const [recording] = await host.services.recordings.list();
  expect(recording!.marks.filter((m) => m.kind === 'pause')).toHaveLength(1);
  // Paused for over 4 s: a file with the pause would be that much longer than the time shown.
  expect(recording!.durationSec).toBeLessThan(shown + 2);
  expect(recording!.durationSec).toBeGreaterThan(shown - 1.5);
  // Its transcript shows where the recording was paused.
  await expect(page.getByRole('article', { name: 'Transcript' }).getByRole('note')).toContainText('Recording paused here', { timeout: 30_000 });
});

test('the page dies mid-recording: the next start finishes what main holds, up to about a second before, and offers it', async ({
  appPage: page,
  context,
  double,
  dataDir,
  host,
  keychain,
}) => {
  test.setTimeout(90_000);
  double.setSpeech(spoken);
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(5);
  const recorded = await page.evaluate(() => document.querySelector('[role=timer]')?.textContent ?? '');
  const killedAfter = recorded.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  await page.close({ runBeforeUnload: false });
  await host.close();

  const again = await startHostAgain({ dataDir, deepgramUrl: double.url, keychain });
  try {
    const recordings = await again.host.services.recordings.list();
    expect(recordings).toHaveLength(1);
    const summary: RecordingSummary = recordings[0]!;
    expect(summary.end).toBe('recovered');
    const file = await again.host.services.recordings.audioPath(summary.id);
    const duration = await probeDuration(file);
    // The timer showed whole seconds already recorded; at most a timeslice and a bit may be missing.
    expect(duration).toBeGreaterThan(killedAfter - 1.2);
    expect(await meanVolume(file)).toBeGreaterThan(-45);

    // The window offers it for transcription, once.
    const next = await context.newPage();
    await next.goto(again.host.url);
    const offer = next.getByRole('region', { name: 'Recovered recordings' });
    await expect(offer).toContainText('was interrupted');
    await offer.getByRole('button', { name: 'Transcribe it' }).click();
    await expect(next.getByRole('article', { name: 'Transcript' })).toContainText('weekly meeting', { timeout: 30_000 });
    await expect(offer).toHaveCount(0);
    await next.reload();
    await expect(next.getByText(`Project: ${projectName}`)).toBeVisible();
    await expect(next.getByRole('region', { name: 'Recovered recordings' })).toHaveCount(0);
    await next.goto('about:blank');
  } finally {
    await again.stop();
  }
});
