import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { speechWav } from '../support/audio';
import { projectName } from '../support/double';
import { startMediaServer, type MediaServer } from '../support/media-server';
import { testTlsFromEnv } from '../support/test-tls';
import { connect, expect, sha256, test } from './fixtures';

const spoken = 'The weekly sync covers the roadmap and the budget.';
const jobRow = (page: Page, fileName: string) =>
  page.getByRole('region', { name: 'Transcriptions' }).getByRole('listitem').filter({ hasText: fileName });

/** Pastes text on whatever has focus, as Ctrl+V does. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

let media: MediaServer | undefined;

test.afterEach(async () => {
  await media?.close();
  media = undefined;
});

async function serveSpeech(): Promise<{ server: MediaServer; wav: string }> {
  const tls = testTlsFromEnv();
  if (!tls) throw new Error('No test certificate: run the suite with `npm test`, which makes one.');
  const dir = await mkdtemp(join(tmpdir(), 'e2e-link-'));
  const wav = await speechWav(dir, spoken, 'weekly-sync.wav');
  media = await startMediaServer({ cert: tls.cert, key: tls.key, files: { '/talks/weekly sync.wav': wav } });
  return { server: media, wav };
}

test('an http:// link is refused with the reason, stays in the field, and nothing is sent', async ({ appPage: page, double }) => {
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const field = page.getByLabel('Links to transcribe');
  await field.fill('http://127.0.0.1:9/talk.mp3');
  await page.getByRole('button', { name: 'Transcribe links' }).click();

  const alert = page.getByRole('alert').filter({ hasText: 'talk.mp3' });
  await expect(alert).toContainText('1 link refused');
  await expect(alert).toContainText('Plain http:// links are refused');
  await expect(field).toHaveValue('http://127.0.0.1:9/talk.mp3');
  await expect(page.getByRole('region', { name: 'Transcriptions' })).toHaveCount(0);
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toEqual([]);
});

test('an https link pasted on the window: Deepgram fetches it, the row shows its host, the transcript opens', async ({ appPage: page, double }) => {
  test.setTimeout(90_000);
  const { server, wav } = await serveSpeech();
  double.setSpeech(spoken, await sha256(wav));
  const link = `${server.url}/talks/weekly%20sync.wav`;

  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  // No text field has focus: the paste goes to the links field, which takes focus.
  await page.getByRole('heading', { name: 'Deepgram Desk' }).focus();
  await paste(page, `  ${link}\n`);
  const field = page.getByLabel('Links to transcribe');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(link);
  await page.keyboard.press('Enter');

  const row = jobRow(page, 'weekly sync.wav');
  await expect(row).toContainText(new URL(server.url).host);
  await expect(field).toHaveValue('');
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('covers the roadmap and the budget', { timeout: 30_000 });
  await expect(row.locator('.job-status')).toHaveText('Done');

  const listens = double.requests.filter((r) => r.path === '/v1/listen');
  expect(listens).toHaveLength(1);
  expect(listens[0]!.contentType).toMatch(/^application\/json/);
  expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(['/talks/weekly sync.wav']);
});

test('a link Deepgram cannot fetch fails with its reason, without retries, next to one that works', async ({ appPage: page, double }) => {
  test.setTimeout(90_000);
  const { server, wav } = await serveSpeech();
  double.setSpeech(spoken, await sha256(wav));

  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByLabel('Links to transcribe').fill(`${server.url}/talks/gone.wav ${server.url}/talks/weekly%20sync.wav`);
  await page.getByRole('button', { name: 'Transcribe links' }).click();

  const failed = jobRow(page, 'gone.wav');
  await expect(failed.locator('.job-status')).toHaveText('Failed', { timeout: 30_000 });
  await expect(failed.getByRole('alert')).not.toBeEmpty();
  await expect(jobRow(page, 'weekly sync.wav').locator('.job-status')).toHaveText('Done', { timeout: 30_000 });
  await expect(failed.getByRole('button', { name: 'Retry gone.wav' })).toBeVisible();
  const listens = double.requests.filter((r) => r.path === '/v1/listen');
  expect(listens).toHaveLength(2);
});
