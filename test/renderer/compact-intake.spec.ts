import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { speechWav } from '../support/audio';
import { projectName } from '../support/double';
import { seriousViolations } from './axe-check';
import { connect, expect, expectReadableInBothThemes, saveTranscript, sha256, startBatch, test } from './fixtures';

/** Real drag events carrying a file, dispatched on any element of the window (not the drop zone). */
async function dropFileOn(page: Page, target: Locator, path: string): Promise<void> {
  const file = { name: basename(path), base64: (await readFile(path)).toString('base64') };
  const dataTransfer = await page.evaluateHandle((item) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0))], item.name, { type: 'audio/wav' }));
    return transfer;
  }, file);
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
}

const text = 'A transcript read with the queue folded away. It has several sentences. Each should stay readable. The reader owns the window.';

test('while reading, the intake folds into a strip: the transcript keeps most of the window, and a drop anywhere still starts a job', async ({ appPage: page, host, double }) => {
  test.setTimeout(90_000);
  await saveTranscript(host, 'Folded intake', text);
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const library = page.getByRole('navigation', { name: 'Transcripts' });
  const article = page.getByRole('article', { name: 'Transcript' });
  const strip = page.getByRole('region', { name: 'Queue and intake' });
  const toggle = strip.getByRole('button', { name: /queue & options/ });
  const dropZone = page.getByRole('region', { name: 'Drop audio or video files here' });

  // Without a transcript the intake is whole and there is no strip.
  await expect(dropZone).toBeVisible();
  await expect(strip).toHaveCount(0);

  // 900×600, 720×480, and 1280×800 at 200 % zoom (640×400 CSS pixels).
  for (const [width, height, zoom] of [[900, 600, 1], [720, 480, 1], [1280, 800, 2]] as const) {
    const what = `${width}×${height} at ${zoom * 100} %`;
    await page.setViewportSize({ width: width / zoom, height: height / zoom });
    await library.getByRole('button', { name: /Folded intake/ }).click();
    await expect(article).toContainText('several sentences');
    await expect(strip).toContainText('Drop files anywhere to transcribe');
    const box = (await article.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.height / viewport.height, `the transcript's share of the height, ${what}`).toBeGreaterThanOrEqual(0.7);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `nothing sticks out sideways, ${what}`).toBe(true);
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(dropZone).toBeHidden();
    if (width === 900) {
      await expectReadableInBothThemes(page, 'the strip above a transcript');
      expect(await seriousViolations(page), 'the strip above a transcript').toEqual([]);
    }

    // Keyboard: open the full panel, fold it again.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(dropZone).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(dropZone).toBeHidden();

    // A narrow window folds the library into the strip too; it comes back on demand.
    const libraryButton = strip.getByRole('button', { name: 'Library' });
    if (viewport.width <= 760) {
      await expect(library).toBeHidden();
      await libraryButton.click();
      await expect(library).toBeVisible();
      await expect(libraryButton).toHaveAttribute('aria-expanded', 'true');
      await libraryButton.click();
      await expect(library).toBeHidden();
    } else {
      await expect(library).toBeVisible();
      await expect(libraryButton).toBeHidden();
    }
    await article.getByRole('button', { name: 'Close transcript' }).click();
    await expect(dropZone).toBeVisible();
  }

  // A file dropped on the transcript while the intake is folded: the panel opens for it, the job runs.
  await page.setViewportSize({ width: 900, height: 600 });
  await library.getByRole('button', { name: /Folded intake/ }).click();
  await expect(dropZone).toBeHidden();
  const spoken = 'The dropped file is transcribed while reading.';
  const wav = await speechWav(await mkdtemp(join(tmpdir(), 'e2e-strip-')), spoken, 'dropped while reading.wav');
  double.setSpeech(spoken, await sha256(wav));
  // Deepgram holds its answer, so the job stays in the queue for the strip to show.
  double.failNext({ kind: 'hang', path: '/v1/listen' });
  await dropFileOn(page, article, wav);
  await startBatch(page);
  // Once started, the panel folds back into the strip, which follows the job.
  await expect(strip).toContainText('1 transcribing');
  await expect(dropZone).toBeHidden();
  await expect(article).toContainText('several sentences');
  await toggle.click();
  await expect(page.getByRole('region', { name: 'Transcriptions' })).toContainText('dropped while reading.wav');
});
