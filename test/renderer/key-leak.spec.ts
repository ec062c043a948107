import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { speechWav } from '../support/audio';
import { projectName, validKey } from '../support/double';
import { filesContaining, framesContaining } from '../support/key-scan';
import { connect, dropFiles, expect, startBatch, test, wrongKey } from './fixtures';

test('the key never reaches the renderer, the data folder or the log', async ({ appPage: page, double, host, dataDir }) => {
  const dir = await mkdtemp(join(tmpdir(), 'e2e-leak-'));
  const wav = await speechWav(dir, 'Nothing secret is said here.', 'leak-check.wav');
  await connect(page, wrongKey);
  await expect(page.getByRole('alert')).toContainText('Deepgram rejected this key');
  await connect(page, validKey);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  await expect(page.getByRole('article', { name: 'Transcript' })).toBeVisible({ timeout: 30_000 });
  double.failNext({ kind: 'status', status: 401, path: '/v1/listen' });
  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  await page.getByRole('button', { name: 'Transcribe leak-check.wav again' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Deepgram rejected this key' })).toBeVisible();

  // The scan looks at real material: frames were sent, a transcript and a log were written.
  expect(host.sent.length).toBeGreaterThan(5);
  expect((await readFile(host.logFile, 'utf8')).length).toBeGreaterThan(0);
  expect(framesContaining(host.sent, [validKey, wrongKey])).toEqual([]);
  expect(await filesContaining(dataDir, [validKey, wrongKey])).toEqual([]);
  expect(await page.evaluate((keys) => keys.some((k) => document.documentElement.outerHTML.includes(k) || JSON.stringify(localStorage).includes(k)), [validKey, wrongKey])).toBe(false);

  // And the scan itself can fail: a planted key is found.
  const planted = join(dataDir, 'planted.txt');
  await writeFile(planted, `oops ${validKey}`);
  expect(await filesContaining(dataDir, [validKey])).toEqual([planted]);
  expect(framesContaining([...host.sent, JSON.stringify({ key: validKey })], [validKey])).toHaveLength(1);
  await writeFile(planted, 'clean again');
});
