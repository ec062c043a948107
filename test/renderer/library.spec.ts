import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultTranscribeOptions } from '../../common/domain';
import { projectName } from '../support/double';
import { loadResponse } from '../support/transcript-fixtures';
import { connect, expect, saveTranscript, test } from './fixtures';


test('the library: rename, delete with undo, and a damaged entry named and removable while the rest loads', async ({ appPage: page, host, dataDir }) => {
  await saveTranscript(host, 'Board meeting', 'The board approved the plan.');
  await saveTranscript(host, 'Weekly sync', 'We talked about the roadmap.');
  // A damaged entry: its library file is cut short.
  await writeFile(join(dataDir, 'transcripts', 'zz-damaged-1.meta.json'), '{"version": 1, "summ');
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const library = page.getByRole('navigation', { name: 'Transcripts' });
  await expect(library.getByRole('button', { name: /Board meeting/ })).toBeVisible();
  await expect(library.getByRole('button', { name: /Weekly sync/ })).toBeVisible();
  const damaged = library.getByRole('region', { name: 'Damaged entries' });
  await expect(damaged).toContainText('zz-damaged-1');

  // Rename: the library and the open transcript follow, and it survives a reload.
  await library.getByRole('button', { name: /Board meeting/ }).click();
  const article = page.getByRole('article', { name: 'Transcript' });
  await article.getByRole('button', { name: 'Rename' }).click();
  await article.getByLabel('Transcript title').fill('Board meeting — Q3 budget 会議');
  await article.getByLabel('Transcript title').press('Enter');
  await expect(article.getByRole('heading', { name: 'Board meeting — Q3 budget 会議' })).toBeVisible();
  await expect(library.getByRole('button', { name: /Q3 budget 会議/ })).toBeVisible();

  // Delete, then Undo from the status line: it comes back with its text.
  await article.getByRole('button', { name: 'Delete' }).click();
  await expect(library.getByRole('button', { name: /Q3 budget/ })).toHaveCount(0);
  await expect(page.getByRole('article', { name: 'Transcript' })).toHaveCount(0);
  expect((await host.services.transcripts.list()).map((t) => t.title)).toEqual(['Weekly sync']);
  await page.locator('.notice-region').getByRole('button', { name: 'Undo' }).click();
  await expect(library.getByRole('button', { name: /Q3 budget/ })).toBeVisible();
  await expect(article).toContainText('approved the plan');

  // Deleted for good once the app starts again; a damaged entry is removed on request only.
  await article.getByRole('button', { name: 'Delete' }).click();
  await expect(library.getByRole('button', { name: /Q3 budget/ })).toHaveCount(0);
  await damaged.getByRole('button', { name: 'Remove' }).click();
  await expect(library.getByRole('region', { name: 'Damaged entries' })).toHaveCount(0);
  await host.services.start();
  const files = await readdir(join(dataDir, 'transcripts'));
  expect(files.filter((f) => f.includes('zz-damaged') || f === 'trash')).toEqual([]);
  expect((await host.services.transcripts.list()).map((t) => t.title)).toEqual(['Weekly sync']);
});

test('sort the library, export all of it to a folder without clashing names', async ({ appPage: page, host, dataDir }) => {
  await saveTranscript(host, 'Interview 10', 'The tenth interview.');
  await saveTranscript(host, 'Interview 9', 'The ninth interview.');
  await saveTranscript(host, 'interview 9', 'Another ninth, named alike.');
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const library = page.getByRole('navigation', { name: 'Transcripts' });
  const titles = () => library.locator('.library-title').allTextContents();
  await expect.poll(titles).toEqual(['interview 9', 'Interview 9', 'Interview 10']);
  await library.getByLabel('Sort the library').selectOption('title');
  // Numbers by value (9 before 10), letter case only breaking ties.
  await expect.poll(titles).toEqual(['interview 9', 'Interview 9', 'Interview 10']);
  await library.getByLabel('Sort the library').selectOption('oldest');
  await expect.poll(titles).toEqual(['Interview 10', 'Interview 9', 'interview 9']);

  await library.getByRole('button', { name: 'Export all…' }).click();
  const dialog = page.getByRole('dialog', { name: /Export “3 transcripts”/ });
  await dialog.getByRole('radio', { name: /Markdown/ }).check();
  await expect(dialog.getByRole('button', { name: 'Copy to clipboard' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save…' }).click();
  await expect(page.locator('.notice-region')).toContainText('Saved 3 files');
  const files = (await readdir(join(dataDir, 'exports'))).sort();
  expect(files).toHaveLength(3);
  expect(files.every((f) => f.endsWith('.md'))).toBe(true);
});

test('the open transcript stays readable in a small window and at 200 % zoom', async ({ appPage: page, host }) => {
  await saveTranscript(host, 'Small window', 'A transcript read in a small window. It has several sentences. Each should stay readable.');
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  for (const [width, height, zoom] of [[720, 480, 1], [1280, 800, 2], [900, 600, 1]] as const) {
    await page.setViewportSize({ width: Math.round(width / zoom), height: Math.round(height / zoom) });
    await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: /Small window/ }).click();
    const article = page.getByRole('article', { name: 'Transcript' });
    await expect(article).toContainText('several sentences');
    const box = (await article.boundingBox())!;
    const viewport = page.viewportSize()!;
    // The reader gets more than half of the window's height, and nothing sticks out sideways.
    expect(box.height, `${width}×${height} at ${zoom * 100}%`).toBeGreaterThan(viewport.height * 0.5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await article.getByRole('button', { name: 'Close transcript' }).click();
  }
});

test('a transcript with Deepgram’s summary shows it above the text', async ({ appPage: page, host }) => {
  const response = loadResponse('prerecorded_nova3_smart_format_summarize_v2_file.json');
  await host.services.transcripts.save({ title: 'Summarized call', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: /Summarized call/ }).click();
  const insights = page.getByRole('article', { name: 'Transcript' }).locator('details.insights');
  await expect(insights).toHaveAttribute('open', '');
  await expect(insights.locator('.insights-summary')).toHaveText((response.results['summary'] as { short: string }).short.trim());
});

test('the list comes from the saved library list, and what changed on disk behind it is corrected once the window has it', async ({ appPage: page, host, dataDir }) => {
  const kept = await saveTranscript(host, 'Kept meeting', 'Nothing changes here.');
  const retitled = await saveTranscript(host, 'Old title', 'This one is renamed behind the list.');
  const removed = await saveTranscript(host, 'Removed by hand', 'This one is deleted behind the list.');
  await page.reload();
  await connect(page);
  const library = page.getByRole('navigation', { name: 'Transcripts' });
  await expect(library.getByRole('button', { name: /Removed by hand/ })).toBeVisible();
  await expect(library.getByRole('button', { name: /Old title/ })).toBeVisible();

  // As a run that crashed between an entry file and the list, or a hand in the folder, would leave it.
  const metaFile = join(dataDir, 'transcripts', `${retitled}.meta.json`);
  const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { summary: { title: string } };
  meta.summary.title = 'New title from disk';
  await writeFile(metaFile, JSON.stringify(meta));
  await rm(join(dataDir, 'transcripts', `${removed}.meta.json`));
  await page.reload();
  await expect(library.getByRole('button', { name: /New title from disk/ })).toBeVisible();
  await expect(library.getByRole('button', { name: /Kept meeting/ })).toBeVisible();
  await expect(library.getByRole('button', { name: /Old title/ })).toHaveCount(0);
  await expect(library.getByRole('button', { name: /Removed by hand/ })).toHaveCount(0);
  expect((await host.services.transcripts.entries()).map((e) => e.id)).toEqual([retitled, kept]);
});
