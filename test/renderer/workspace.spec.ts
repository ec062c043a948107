import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { projectName } from '../support/double';
import { connect, expect, saveTranscript, test, transcribeSpeech } from './fixtures';

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

  // Ctrl+E opens the same dialog.
  await page.keyboard.press('ControlOrMeta+e');
  await dialog.getByRole('radio', { name: /Plain text/ }).check();
  await dialog.getByRole('checkbox', { name: 'Timestamps' }).uncheck();
  await dialog.getByRole('button', { name: 'Save…' }).click();
  await expect(page.locator('.notice-region')).toContainText('Saved planning meeting.txt');
  const txt = await readFile(join(dataDir, 'exports', 'planning meeting.txt'), 'utf8');
  expect(txt).toContain('Speaker 1');
  expect(txt).not.toMatch(/\d:\d\d/);
  expect((await readdir(join(dataDir, 'exports'))).sort()).toEqual(['planning meeting.srt', 'planning meeting.txt']);
});

test('keyboard only: open a transcript from the library, export it as Markdown, close it', async ({ appPage: page, host, dataDir }) => {
  await saveTranscript(host, 'Keyboard call', 'Everything here is done without a mouse.');
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  // From the search box, Tab reaches the library entries.
  await page.getByLabel('Filter transcripts by title').focus();
  const entry = page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: /Keyboard call/ });
  for (let i = 0; i < 10 && !(await entry.evaluate((e) => e === document.activeElement)); i += 1) await page.keyboard.press('Tab');
  await expect(entry).toBeFocused();
  await page.keyboard.press('Enter');
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('without a mouse');

  await page.keyboard.press('ControlOrMeta+e');
  const dialog = page.getByRole('dialog', { name: /Export/ });
  await expect(dialog.getByRole('radio', { name: /Plain text/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByRole('radio', { name: /Markdown/ })).toBeChecked();
  const save = dialog.getByRole('button', { name: 'Save…' });
  for (let i = 0; i < 6 && !(await save.evaluate((e) => e === document.activeElement)); i += 1) await page.keyboard.press('Tab');
  await expect(save).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.notice-region')).toContainText('Saved Keyboard call.md');
  expect(await readFile(join(dataDir, 'exports', 'Keyboard call.md'), 'utf8')).toContain('without a mouse');
});
