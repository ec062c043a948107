import { listenResponseSchema } from '../../common/deepgram-response';
import { defaultTranscribeOptions } from '../../common/domain';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { projectName } from '../support/double';
import { seriousViolations } from './axe-check';
import { connect, expect, expectReadableInBothThemes, spokenResponse, test } from './fixtures';

const dayMs = 86_400_000;

/** Saves a transcript into the library as if it had been made `daysAgo` days ago and lasted `minutes`. */
async function saveMade(dataDir: string, title: string, daysAgo: number, minutes: number, speech: string): Promise<void> {
  const response = spokenResponse(speech, minutes * 60);
  const made = new Date(Date.now() - daysAgo * dayMs);
  await new TranscriptStore(dataDir, () => made).save({
    title,
    sizeBytes: 64_000,
    options: defaultTranscribeOptions,
    requestId: response.metadata.request_id,
    response: listenResponseSchema.parse(response),
  });
}

test('filter the library by date and by length, with the sort and the search, and see how many are shown', async ({ appPage: page, host, dataDir }) => {
  await saveMade(dataDir, 'Standup', 0, 5, 'Short standup about the budget.');
  await saveMade(dataDir, 'Design review', 3, 45, 'We reviewed the budget for the design.');
  await saveMade(dataDir, 'Planning offsite', 20, 120, 'A long day planning next year and its budget.');
  await saveMade(dataDir, 'Old interview', 90, 30, 'An interview from long ago about the budget.');
  // As after a restart: the library index takes in what is on disk.
  await host.services.start();
  await page.reload();
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  const library = page.getByRole('navigation', { name: 'Transcripts' });
  const titles = () => library.locator('.library-list .library-title').allTextContents();
  const count = library.getByRole('status');
  await expect.poll(titles).toEqual(['Standup', 'Design review', 'Planning offsite', 'Old interview']);

  const date = library.getByLabel('Show transcripts made');
  const length = library.getByLabel('Show transcripts lasting');
  await date.selectOption({ label: 'Last 7 days' });
  await expect.poll(titles).toEqual(['Standup', 'Design review']);
  await expect(count).toHaveText('2 of 4 transcripts');

  await length.selectOption({ label: '10–60 min' });
  await expect.poll(titles).toEqual(['Design review']);
  await expect(count).toHaveText('1 of 4 transcripts');
  await expectReadableInBothThemes(page, 'the library filtered');
  expect(await seriousViolations(page), 'the library filtered').toEqual([]);

  await date.selectOption({ label: 'Older than 30 days' });
  await expect.poll(titles).toEqual(['Old interview']);
  await date.selectOption({ label: 'Any date' });
  await length.selectOption({ label: 'Over 1 hour' });
  await expect.poll(titles).toEqual(['Planning offsite']);
  await length.selectOption({ label: 'Under 10 min' });
  await expect.poll(titles).toEqual(['Standup']);

  // With the sort: the ranges keep the chosen order.
  await length.selectOption({ label: '10–60 min' });
  await library.getByLabel('Sort the library').selectOption('oldest');
  await expect.poll(titles).toEqual(['Old interview', 'Design review']);
  await date.selectOption({ label: 'Last 30 days' });
  await expect.poll(titles).toEqual(['Design review']);

  // With the search: titles and text hits both stay in the ranges.
  await date.selectOption({ label: 'Any date' });
  const search = library.getByLabel('Filter transcripts by title');
  await search.fill('view');
  await expect.poll(titles).toEqual(['Old interview', 'Design review']);
  await expect(count).toHaveText('2 of 4 transcripts');
  await search.fill('budget');
  const hits = library.getByRole('region', { name: 'Found in transcripts' });
  await expect.poll(() => hits.locator('.library-title').allTextContents().then((t) => [...t].sort())).toEqual(['Design review', 'Old interview']);
  await length.selectOption({ label: 'Any length' });
  await expect.poll(() => hits.locator('.library-title').allTextContents().then((t) => [...t].sort())).toEqual(['Design review', 'Old interview', 'Planning offsite', 'Standup']);
  await date.selectOption({ label: 'Today' });
  await expect.poll(() => hits.locator('.library-title').allTextContents()).toEqual(['Standup']);
  await expect(count).toHaveText('0 of 4 transcripts');

  await search.fill('');
  await library.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(titles).toEqual(['Old interview', 'Planning offsite', 'Design review', 'Standup']);
  await expect(library.getByLabel('Show transcripts made')).toHaveValue('any');
});
