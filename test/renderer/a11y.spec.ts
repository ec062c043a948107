import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, saveTranscript, test, transcribeSpeech } from './fixtures';

/** Serious and critical WCAG 2 A/AA violations axe finds on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('axe finds no serious violation in the viewer, the library search, the export dialog and Settings', async ({ appPage: page, double, host }) => {
  test.setTimeout(90_000);
  await saveTranscript(host, 'Earlier call', 'We agreed on the plan for the launch.');
  const article = await transcribeSpeech(page, double, 'Good morning. The launch plan is ready. Questions are welcome.', 'axe.wav', { diarize: true });
  await expect(article.getByLabel('Recording')).toBeVisible();
  expect(await seriousViolations(page), 'the open transcript with its player').toEqual([]);

  await page.keyboard.press('ControlOrMeta+f');
  await article.getByRole('searchbox', { name: 'Find in transcript' }).fill('launch');
  await article.locator('[data-paragraph="0"]').getByRole('button', { name: /^Edit the paragraph/ }).click();
  expect(await seriousViolations(page), 'find and editing').toEqual([]);
  await article.getByLabel('Paragraph text').press('Escape');

  await page.getByLabel('Filter transcripts by title').fill('launch');
  await expect(page.getByRole('region', { name: 'Found in transcripts' }).getByRole('button').first()).toBeVisible();
  expect(await seriousViolations(page), 'library with text hits').toEqual([]);

  await article.getByRole('button', { name: 'Export…' }).click();
  await expect(page.getByRole('dialog', { name: /Export/ })).toBeVisible();
  expect(await seriousViolations(page), 'export dialog').toEqual([]);
  await page.getByRole('dialog', { name: /Export/ }).getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Deepgram profiles' })).toBeVisible();
  expect(await seriousViolations(page), 'Settings').toEqual([]);
});
