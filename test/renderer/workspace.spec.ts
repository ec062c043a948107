import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, transcribeSpeech } from './fixtures';

const spoken = 'Welcome to the weekly planning meeting. First we review the budget. Then we plan the launch of the new telescope.';

test('search the library’s text, open the transcript at the moment, and export it as SRT and as text', async ({ appPage: page, double, dataDir }) => {
  test.setTimeout(90_000);
  const article = await transcribeSpeech(page, double, spoken, 'planning meeting.wav', { diarize: true });
  await article.getByRole('button', { name: 'Close transcript' }).click();

  // A word said in the meeting, not in any title: found in the text, and the hit opens the transcript there.
  const filter = page.getByLabel('Filter transcripts by title');
  await filter.fill('telesc');
  const hits = page.getByRole('region', { name: 'Found in transcripts' });
  await expect(hits.getByRole('button')).toHaveCount(1);
  await expect(hits.locator('mark')).toHaveText(/telesc/i);
  await hits.getByRole('button').click();
  await expect(article.locator('[data-paragraph]:focus')).toContainText('telescope');
  await filter.fill('nothing said like this');
  await expect(hits).toContainText('No transcript says');

  // Export: the window's dialog, then main writes the file (the web host saves into the data folder).
  await article.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: /Export/ });
  await dialog.getByRole('radio', { name: /SubRip/ }).check();
  await dialog.getByRole('button', { name: 'Save…' }).click();
  await expect(page.locator('.notice-region')).toContainText('Saved planning meeting.srt');
  const srt = await readFile(join(dataDir, 'exports', 'planning meeting.srt'), 'utf8');
  expect(srt).toMatch(/^1\n00:00:00,\d{3} --> 00:00:\d\d,\d{3}\n/);
  expect(srt).toContain('telescope');

  await page.keyboard.press('ControlOrMeta+e').catch(() => undefined);
  await article.getByRole('button', { name: 'Export…' }).click();
  await dialog.getByRole('radio', { name: /Plain text/ }).check();
  await dialog.getByRole('checkbox', { name: 'Timestamps' }).uncheck();
  await dialog.getByRole('button', { name: 'Save…' }).click();
  await expect(page.locator('.notice-region')).toContainText('Saved planning meeting.txt');
  const txt = await readFile(join(dataDir, 'exports', 'planning meeting.txt'), 'utf8');
  expect(txt).toContain('Speaker 1');
  expect(txt).not.toMatch(/\d:\d\d/);
  expect((await readdir(join(dataDir, 'exports'))).sort()).toEqual(['planning meeting.srt', 'planning meeting.txt']);
});
