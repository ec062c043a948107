import type { Page } from '@playwright/test';
import { projectName } from '../support/double';
import type { WebHost } from '../web-host/web-host';
import { seriousViolations } from './axe-check';
import { connect, expect, expectReadableInBothThemes, saveTranscript, test } from './fixtures';

const speech = 'The quarterly numbers look promising. Everyone agreed with the plan.';
/** Chosen confidences by word; the rest are sure (0.97). 0.85 sits on the edge and is not marked. */
const chosen: Record<string, number> = { quarterly: 0.42, 'promising.': 0.7, Everyone: 0.85, plan: 0.599 };

/** A transcript whose words carry the confidences above, saved into the library. */
async function saveWithConfidences(host: WebHost): Promise<void> {
  await saveTranscript(host, 'Quarter review', speech, (response) => {
    const words = [...response.results.channels.flatMap((c) => c.alternatives[0]?.words ?? []), ...(response.results.utterances ?? []).flatMap((u) => u.words)];
    for (const word of words) word.confidence = chosen[word.punctuated_word ?? word.word] ?? chosen[word.word] ?? 0.97;
  });
}

async function openReview(page: Page) {
  await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: /Quarter review/ }).click();
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('promising');
  return article;
}

test('uncertain words are shaded on demand, by two levels, and words the user typed are not', async ({ appPage: page, host }) => {
  await saveWithConfidences(host);
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const article = await openReview(page);
  const marked = article.locator('.paragraph-text .word-uncertain');
  const toggle = article.getByRole('button', { name: 'Shade uncertain words' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(marked).toHaveCount(0);

  // From the keyboard.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => marked.allTextContents()).toEqual(['quarterly', 'promising.', 'plan.']);
  const low = article.locator('.paragraph-text .word-uncertain-low');
  await expect.poll(() => low.allTextContents()).toEqual(['quarterly', 'plan.']);
  await expect(article.locator('.paragraph-text .word-uncertain-medium')).toHaveText(['promising.']);
  // Not by colour alone: the line's style differs, and the confidence is in the word's description.
  const styles = await marked.evaluateAll((spans) => spans.map((s) => getComputedStyle(s).textDecorationStyle));
  expect(styles).toEqual(['wavy', 'dotted', 'wavy']);
  await expect(article.getByText('quarterly', { exact: true })).toHaveAccessibleDescription('Very uncertain: confidence 42 %');
  await expect(article.getByText('promising.', { exact: true })).toHaveAccessibleDescription('Uncertain: confidence 70 %');
  await expectReadableInBothThemes(page, 'uncertain words shaded');
  expect(await seriousViolations(page), 'uncertain words shaded').toEqual([]);

  // A word typed by the user has no confidence; the words around it keep theirs.
  await article.getByRole('button', { name: /Edit the paragraph at/ }).first().click();
  const text = article.getByLabel('Paragraph text');
  await text.fill('The quarterly numbers look really promising. Everyone agreed with the plan.');
  await text.press('Escape');
  await expect(article.locator('.paragraph-text').first()).toContainText('really promising');
  await expect.poll(() => marked.allTextContents()).toEqual(['quarterly', 'promising.', 'plan.']);

  // Remembered by the window.
  await page.reload();
  const reopened = await openReview(page);
  await expect(reopened.getByRole('button', { name: 'Shade uncertain words' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => marked.allTextContents()).toEqual(['quarterly', 'promising.', 'plan.']);

  await reopened.getByRole('button', { name: 'Shade uncertain words' }).click();
  await expect(reopened.getByRole('button', { name: 'Shade uncertain words' })).toHaveAttribute('aria-pressed', 'false');
  await expect(marked).toHaveCount(0);
  await expect(reopened.locator('.paragraph-text [title]')).toHaveCount(0);
});
