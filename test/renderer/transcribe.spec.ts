import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { speechWav } from '../support/audio';
import { projectName } from '../support/double';
import { connect, dropFiles, expect, sha256, startBatch, test } from './fixtures';

const spoken = 'Welcome to the weekly planning meeting. First we review the budget. Then we plan the launch.';

test('drop a real speech file: progress, then the transcript with speakers and times', async ({ appPage: page, double, host }) => {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-audio-'));
  const wav = await speechWav(dir, spoken, 'planning-meeting.wav');
  double.setSpeech(spoken, await sha256(wav));
  double.failNext({ kind: 'slow', delayMs: 1500, path: '/v1/listen' });

  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByLabel('Identify speakers').check();
  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);

  const progress = page.getByLabel('Upload progress for planning-meeting.wav');
  await expect(progress).toBeVisible();
  await expect(page.getByText(/^Processing \d+:\d\d$/)).toBeVisible();
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('First we review the budget.', { timeout: 30_000 });
  await expect(article.getByRole('heading', { name: 'planning-meeting.wav' })).toBeVisible();
  await expect(article.getByText('Speaker 1').first()).toBeVisible();
  await expect(article.getByText('Speaker 2').first()).toBeVisible();
  await expect(article.getByText('0:00').first()).toBeVisible();

  const listen = double.requests.find((r) => r.path === '/v1/listen')!;
  expect(listen.query).toMatchObject({ model: ['nova-3'], diarize: ['true'], smart_format: ['true'] });
  const updates = host.sent.map((f) => JSON.parse(f) as { type: string; event?: string; payload?: { state: string; bytesSent: number; sizeBytes: number } })
    .filter((m) => m.event === 'jobs.updated').map((m) => m.payload!);
  expect(updates.map((u) => u.state)).toEqual(expect.arrayContaining(['uploading', 'processing', 'done']));
  expect(updates.at(-1)!.bytesSent).toBe(updates.at(-1)!.sizeBytes);

  // The transcript is on disk: it is still there after a restart of the page.
  await page.reload();
  await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: /planning-meeting\.wav/ }).click();
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('Then we plan the launch.');
});

test('a text file is refused with a reason and nothing is uploaded', async ({ appPage: page, double }) => {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-text-'));
  const notes = join(dir, 'notes.txt');
  await writeFile(notes, 'Agenda: budget, launch, hiring.\n');
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await dropFiles(page, [notes], ['text/plain']);
  await expect(page.getByRole('alert')).toContainText('notes.txt');
  await expect(page.getByRole('alert')).toContainText('doesn’t look like an audio or video file');
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toEqual([]);
});

for (const [status, message] of [
  [401, 'Deepgram rejected this key'],
  [402, 'run out of credit'],
] as const) {
  test(`Deepgram answering ${status} shows what to do, with the request id`, async ({ appPage: page, double }) => {
    const dir = await mkdtemp(join(tmpdir(), 'e2e-fail-'));
    const wav = await speechWav(dir, 'A short test.', `status-${status}.wav`);
    await connect(page);
    await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
    double.failNext({ kind: 'status', status, path: '/v1/listen' });
    await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
    const alert = page.getByRole('alert').filter({ hasText: message });
    await expect(alert).toBeVisible();
    const listen = double.requests.find((r) => r.path === '/v1/listen')!;
    expect(listen.status).toBe(status);
    await expect(page.getByText(/Request ID: [0-9a-f-]{36}/)).toBeVisible();
  });
}

test('a running transcription can be canceled from the keyboard, and nothing is saved', async ({ appPage: page, double, host }) => {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-cancel-'));
  const wav = await speechWav(dir, 'This one will be canceled before Deepgram answers.', 'long-call.wav');
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  double.failNext({ kind: 'slow', delayMs: 20_000, path: '/v1/listen' });
  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  await expect(page.getByText(/^Processing \d+:\d\d$/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel long-call.wav' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Canceled', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel long-call.wav' })).toHaveCount(0);
  expect(await host.services.transcripts.list()).toEqual([]);
  await expect(page.getByRole('article', { name: 'Transcript' })).toHaveCount(0);
});

test('a 503 is retried by itself and the transcript arrives', async ({ appPage: page, double }) => {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-retry-'));
  const wav = await speechWav(dir, 'The second attempt works.', 'retried.wav');
  double.setSpeech('The second attempt works.', await sha256(wav));
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  double.failNext({ kind: 'status', status: 503, path: '/v1/listen' });
  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('The second attempt works.', { timeout: 30_000 });
  expect(double.requests.filter((r) => r.path === '/v1/listen').map((r) => r.status)).toEqual([503, 200]);
});
