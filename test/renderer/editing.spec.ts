import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectName } from '../support/double';
import { expect, expectReadableInBothThemes, test, transcribeSpeech } from './fixtures';

const spoken = 'Good morning and welcome. Today we plan the budget. Thank you, I will start with the numbers. Revenue grew last quarter.';

test('rename a speaker everywhere, correct a paragraph, reload, undo and redo; exports and search follow', async ({ appPage: page, double, dataDir, host }) => {
  test.setTimeout(90_000);
  const article = await transcribeSpeech(page, double, spoken, 'budget call.wav', { diarize: true });

  // Rename: every paragraph of that speaker changes at once.
  const speakerOne = article.getByRole('button', { name: 'Speaker 1', exact: true });
  const countOne = await speakerOne.count();
  expect(countOne).toBeGreaterThan(0);
  await speakerOne.first().click();
  await article.getByLabel('Speaker name').fill('Ada Lovelace');
  await article.getByLabel('Speaker name').press('Enter');
  await expect(article.getByRole('button', { name: 'Ada Lovelace', exact: true })).toHaveCount(countOne);
  await expect(article.getByRole('button', { name: 'Speaker 1', exact: true })).toHaveCount(0);

  // Correct the text of the first paragraph.
  const first = article.locator('[data-paragraph="0"]');
  const original = (await first.locator('.paragraph-text').textContent())!;
  await first.getByRole('button', { name: /^Edit the paragraph/ }).click();
  await first.getByLabel('Paragraph text').fill('Good morning, and welcome to the Zanzibar budget review.');
  await first.getByLabel('Paragraph text').press('Escape');
  await expect(first.locator('.paragraph-text')).toHaveText('Good morning, and welcome to the Zanzibar budget review.');
  await expect(first).toContainText('edited');

  // Saved as you type: after a reload the corrections are there.
  await page.reload();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await expect(article).toContainText('Zanzibar');
  await expect(article.getByRole('button', { name: 'Ada Lovelace', exact: true })).toHaveCount(countOne);
  // On disk within the save delay, as a versioned layer beside the untouched response.
  const editsFile = join(dataDir, 'transcripts', `${(await host.services.transcripts.list())[0]!.id}.edits.json`);
  await expect.poll(() => readFile(editsFile, 'utf8').then((text) => (JSON.parse(text) as { version: number }).version, () => null)).toBe(1);

  // The library search finds the new words and the new name.
  const filter = page.getByLabel('Filter transcripts by title');
  await filter.fill('Zanzibar');
  await expect(page.getByRole('region', { name: 'Found in transcripts' }).getByRole('button')).toHaveCount(1);
  await filter.fill('Lovelace');
  await expect(page.getByRole('region', { name: 'Found in transcripts' }).getByRole('button').first()).toContainText('Ada Lovelace');
  await filter.fill('');

  // Exports carry the names and the corrected text.
  await article.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: /Export/ });
  await dialog.getByRole('radio', { name: /Plain text/ }).check();
  await dialog.getByRole('button', { name: 'Save…' }).click();
  await expect(page.locator('.notice-region')).toContainText('Saved budget call.txt');
  const txt = await readFile(join(dataDir, 'exports', 'budget call.txt'), 'utf8');
  expect(txt).toContain('Ada Lovelace');
  expect(txt).toContain('Zanzibar budget review');
  expect(txt).not.toContain('Speaker 1');

  // Undo goes back one step at a time (the text, then the name); redo brings them back.
  await article.focus();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(first.locator('.paragraph-text')).toHaveText(original);
  await article.getByRole('button', { name: 'Undo' }).click();
  await expect(article.getByRole('button', { name: 'Speaker 1', exact: true })).toHaveCount(countOne);
  await expect(article.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await article.getByRole('button', { name: 'Redo' }).click();
  await article.getByRole('button', { name: 'Redo' }).click();
  await expect(article).toContainText('Zanzibar');
  await expect(article.getByRole('button', { name: 'Ada Lovelace', exact: true })).toHaveCount(countOne);
});

test('find in the open transcript: count, next and previous, highlights in both themes', async ({ appPage: page, double }) => {
  const text = 'The budget is fine. The budget for the launch is larger. Nobody asked about the budget of the party.';
  const article = await transcribeSpeech(page, double, text, 'find.wav');

  await article.focus();
  await page.keyboard.press('ControlOrMeta+f');
  const find = article.getByRole('searchbox', { name: 'Find in transcript' });
  await expect(find).toBeFocused();
  await find.fill('budget');
  const count = article.locator('.find-count');
  await expect(count).toHaveText('1 of 3');
  await expect(article.locator('mark')).toHaveCount(3);
  await find.press('Enter');
  await expect(count).toHaveText('2 of 3');
  await expect(article.locator('mark.find-current')).toHaveCount(1);
  await article.getByRole('button', { name: 'Previous match' }).click();
  await article.getByRole('button', { name: 'Previous match' }).click();
  await expect(count).toHaveText('3 of 3');
  await expectReadableInBothThemes(page, 'find in transcript');
  await find.fill('zebra');
  await expect(count).toHaveText('No matches');
  await find.press('Escape');
  await expect(article.locator('mark')).toHaveCount(0);
  // Without an open transcript, Find goes to the library as before.
  await article.getByRole('button', { name: 'Close transcript' }).click();
  await page.keyboard.press('ControlOrMeta+f');
  await expect(page.getByLabel('Filter transcripts by title')).toBeFocused();
});

test('play the source: a paragraph’s time seeks there, the playing paragraph is marked, seeking uses byte ranges', async ({ appPage: page, double }) => {
  test.setTimeout(60_000);
  const text = 'First we talk about the weather. Then we move on to the harvest. Finally we close with the market prices.';
  const ranges: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/media/transcript/')) ranges.push(request.headers()['range'] ?? 'none');
  });
  const article = await transcribeSpeech(page, double, text, 'play.wav');
  const player = article.getByLabel('Recording');
  await expect.poll(() => player.evaluate((v) => (v as HTMLVideoElement).duration)).toBeGreaterThan(3);

  const last = article.locator('[data-paragraph]').last();
  const lastStart = await last.getByRole('button', { name: /^Play from/ }).textContent();
  await last.getByRole('button', { name: /^Play from/ }).click();
  await expect.poll(() => player.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThan(0);
  await expect(last).toHaveAttribute('aria-current', 'time');
  const [m, s] = lastStart!.split(':').map(Number) as [number, number];
  expect(await player.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThanOrEqual(m * 60 + s);
  expect(ranges.some((r) => r.startsWith('bytes='))).toBe(true);

  // A word plays from its own time, and the word being heard is marked.
  const word = article.locator('.word', { hasText: /^harvest/ });
  const wordStart = Number(await word.getAttribute('data-start'));
  await word.click();
  await expect.poll(() => player.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThanOrEqual(wordStart - 0.05);
  await expect(article.locator('.word-current')).toHaveCount(1);
});

test('merge two speakers by giving one the other’s name, and give a paragraph to another speaker', async ({ appPage: page, double }) => {
  const text = 'Good morning and welcome. Today we plan the budget. Thank you, I will start with the numbers. Revenue grew last quarter.';
  const article = await transcribeSpeech(page, double, text, 'merge.wav', { diarize: true });
  const speakerTwo = article.getByRole('button', { name: 'Speaker 2', exact: true });
  const before = { one: await article.getByRole('button', { name: 'Speaker 1', exact: true }).count(), two: await speakerTwo.count() };
  expect(before.two).toBeGreaterThan(0);

  // Reassign: the first paragraph now belongs to Speaker 2.
  const first = article.locator('[data-paragraph="0"]');
  const firstSpeaker = (await first.locator('.speaker').textContent())!;
  const other = firstSpeaker === 'Speaker 1' ? 'Speaker 2' : 'Speaker 1';
  await first.getByRole('button', { name: /^Edit the paragraph/ }).click();
  await first.getByLabel('Spoken by').selectOption({ label: other });
  await expect(first.locator('.speaker')).toHaveText(other);
  await first.getByLabel('Paragraph text').press('Escape');

  // Merge: Speaker 2 renamed "Speaker 1" becomes Speaker 1 everywhere; one undo splits them again.
  await speakerTwo.first().click();
  await article.getByLabel('Speaker name').fill('speaker 1');
  await article.getByLabel('Speaker name').press('Enter');
  await expect(article.getByRole('button', { name: 'Speaker 2', exact: true })).toHaveCount(0);
  await expect(article.getByRole('button', { name: 'Speaker 1', exact: true })).toHaveCount(before.one + before.two);
  await article.getByRole('button', { name: 'Undo' }).click();
  await expect(article.getByRole('button', { name: 'Speaker 2', exact: true })).not.toHaveCount(0);
});
