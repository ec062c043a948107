import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import type { DeepgramDouble } from '../deepgram-double/server';
import { speechWav } from '../support/audio';
import { projectName, startTrustedDouble, validKey } from '../support/double';
import { findElectronBinary } from '../support/electron-binary';
import { deleteProfileKeys } from '../support/profiles';
import { testKeychain } from '../support/secret-stores';

const root = resolve(import.meta.dirname, '../..');
const binary = findElectronBinary();
const wrongKey = 'bad00000000000000000000000000000000000ff';

test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');

let double: DeepgramDouble;
let app: ElectronApplication;
let page: Page;
let dataDir: string | undefined;
const keychain = testKeychain();

test.beforeAll(async () => {
  if (!('path' in binary)) return;
  double = await startTrustedDouble();
  dataDir = await mkdtemp(join(tmpdir(), 'electron-e2e-'));
  app = await electron.launch({
    executablePath: binary.path,
    args: [root],
    env: { ...process.env, APP_DEEPGRAM_URL: double.url, APP_DATA_DIR: dataDir, APP_KEYCHAIN_SERVICE: keychain.service } as Record<string, string>,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  await double?.close();
  if (dataDir) await deleteProfileKeys(dataDir, keychain);
});

test('the window is locked down', async () => {
  expect(page.url()).toBe('app://deepgram-desk/index.html');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as { app: object }).app).sort())).toEqual(['files', 'jobs', 'keys', 'log', 'prefs', 'shell', 'transcribe', 'transcripts']);
});

test('the app scheme sends its CSP header and blocks eval in the page', async () => {
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  expect(csp).toContain("script-src 'self'");
  const outcome = await page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        setTimeout(() => {
          try {
            (0, eval)('1');
            resolve('ran');
          } catch (error) {
            resolve((error as Error).name);
          }
        }, 0),
      ),
  );
  expect(outcome).toBe('EvalError');
});

test('first run: wrong key, then right key shows the project', async () => {
  await page.getByLabel('Deepgram API key').fill(wrongKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('alert')).toContainText('Deepgram rejected this key');
  await page.getByLabel('Deepgram API key').fill(validKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
});

test('pick a speech file and read its transcript', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'electron-audio-'));
  const wav = await speechWav(dir, 'The desktop app transcribes this sentence.', 'desktop.wav');
  // Playwright cannot make a drop from the OS (a File built in the page has no path), so the
  // file comes through the native dialog, answered in main with the real path.
  await app.evaluate(({ dialog }, path) => {
    dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
  }, wav);
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await expect(page.getByRole('article', { name: 'Transcript' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('article', { name: 'Transcript' }).getByRole('heading', { name: 'desktop.wav' })).toBeVisible();
});

test('a text file is refused with a reason', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'electron-text-'));
  const notes = join(dir, 'notes.txt');
  await writeFile(notes, 'not a recording');
  await app.evaluate(({ dialog }, path) => {
    dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
  }, notes);
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toContainText('doesn’t look like an audio or video file');
});
