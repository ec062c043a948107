import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { framesContaining } from '../support/key-scan';
import { projectName } from '../support/double';
import { connect, expect, saveTranscript, test, transcribeSpeech } from './fixtures';

const spoken = 'The files of this meeting can be found in their folder.';

test('show in folder: the transcript file and the audio it was made from, only paths main knows, never sent to the window', async ({ appPage: page, double, host, dataDir }) => {
  test.setTimeout(90_000);
  const article = await transcribeSpeech(page, double, spoken, 'found in folder.wav');
  const made = (await host.services.transcripts.list()).find((t) => t.title === 'found in folder.wav')!;
  const source = (await host.services.transcripts.mediaFile(made.id))!.media!.path;
  expect(basename(source)).toBe('found in folder.wav');

  await article.getByRole('button', { name: 'Show the audio file in its folder' }).click();
  await expect.poll(() => [...host.revealed]).toEqual([source]);
  await article.getByRole('button', { name: 'Show the transcript file in its folder' }).click();
  const transcriptFile = join(dataDir, 'transcripts', `${made.id}.response.json`);
  await expect.poll(() => [...host.revealed]).toEqual([source, transcriptFile]);
  // Main looked the transcript's file up itself: no frame to the window ever carried where it is.
  expect(framesContaining(host.sent, [transcriptFile, basename(transcriptFile)])).toEqual([]);

  // The audio gone from this computer: nothing to show, and the user is told.
  await rm(source);
  await article.getByRole('button', { name: 'Show the audio file in its folder' }).click();
  await expect(page.locator('.notice-region')).toContainText('The audio file is no longer on this computer.');
  expect(host.revealed).toHaveLength(2);
});

test('a transcript without a local source offers its transcript file only', async ({ appPage: page, host, dataDir }) => {
  const id = await saveTranscript(host, 'No audio here', 'Only the words were kept.');
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: /No audio here/ }).click();
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('words were kept');
  await expect(article.getByRole('button', { name: 'Show the audio file in its folder' })).toHaveCount(0);
  const show = article.getByRole('button', { name: 'Show the transcript file in its folder' });
  await show.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => [...host.revealed]).toEqual([join(dataDir, 'transcripts', `${id}.response.json`)]);
});
