import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectName } from '../support/double';
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
