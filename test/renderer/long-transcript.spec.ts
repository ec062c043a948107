import { defaultTranscribeOptions } from '../../common/domain';
import { longTranscript } from '../../bench/long-transcript';
import { projectName } from '../support/double';
import { connect, expect, test } from './fixtures';

// Half an hour: 75 paragraphs of 60 words, more than the first screen the window asks for
// (60 paragraphs); word n reads "Word<n>" and is in paragraph floor(n / 60).
test('a transcript longer than its first screen: a search hit past it opens there, find counts the whole text, edits reach the rest', async ({ appPage: page, host }) => {
  test.setTimeout(60_000);
  const { id } = await host.services.transcripts.save({ title: 'Long call', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response: longTranscript({ hours: 0.5 }) });
  await host.services.librarySearch.indexTranscript(id);
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  // Word 4400 is in paragraph 73, past the first screen.
  await page.getByLabel('Filter transcripts by title').fill('word4400');
  const hits = page.getByRole('region', { name: 'Found in transcripts' });
  await hits.getByRole('button').first().click();
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article.locator('[data-paragraph]:focus')).toHaveAttribute('data-paragraph', '73');
  await expect(article.locator('[data-paragraph="73"]')).toContainText('Word4400');

  // Find reads every paragraph, not only those of the first screen.
  await article.focus();
  await page.keyboard.press('ControlOrMeta+f');
  const find = article.getByRole('searchbox', { name: 'Find in transcript' });
  await find.fill('word4499');
  await expect(article.locator('.find-count')).toHaveText('1 of 1');
  await find.fill('word1 ');
  // Word1 is said once in each 5,000 words: in word 1 only, as word10 and word100 are other words.
  await expect(article.locator('.find-count')).toHaveText('1 of 1');
  await find.press('Escape');

  // A speaker renamed from the top is renamed in the last paragraph too (the edit patches the whole transcript).
  await article.locator('[data-paragraph="0"]').getByRole('button', { name: 'Speaker 1', exact: true }).click();
  await article.getByLabel('Speaker name').fill('Ada');
  await article.getByLabel('Speaker name').press('Enter');
  await expect(article.locator('[data-paragraph="0"]')).toContainText('Ada');
  await article.evaluate((a) => a.scrollTo({ top: a.scrollHeight }));
  await expect(article.locator('[data-paragraph="72"]')).toContainText('Ada');
});
