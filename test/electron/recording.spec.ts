import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import type { DeepgramDouble } from '../deepgram-double/server';
import { speechWav } from '../support/audio';
import { projectName, startTrustedDouble, validKey } from '../support/double';
import { findElectronBinary } from '../support/electron-binary';
import { deleteProfileKeys } from '../support/profiles';
import { testKeychain } from '../support/secret-stores';

// Recording in the real app: Chromium's fake microphone inside Electron, main's own IPC and disk.
const root = resolve(import.meta.dirname, '../..');
const binary = findElectronBinary();
const run = promisify(execFile);

test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');

let double: DeepgramDouble;
let app: ElectronApplication;
let page: Page;
let dataDir: string;
const keychain = testKeychain();

test.beforeAll(async () => {
  if (!('path' in binary)) return;
  double = await startTrustedDouble();
  double.setSpeech('Recorded in the desktop app.');
  dataDir = await mkdtemp(join(tmpdir(), 'electron-recording-'));
  const speech = await speechWav(await mkdtemp(join(tmpdir(), 'electron-mic-')), 'Recorded in the desktop app with a fake microphone.', 'mic.wav');
  app = await electron.launch({
    executablePath: binary.path,
    args: [root, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${speech}`],
    env: { ...process.env, APP_DEEPGRAM_URL: double.url, APP_DATA_DIR: dataDir, APP_KEYCHAIN_SERVICE: keychain.service } as Record<string, string>,
  });
  page = await app.firstWindow();
  await page.getByLabel('Deepgram API key').fill(validKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
});

test.afterAll(async () => {
  await app?.close();
  await double?.close();
  if (dataDir) await deleteProfileKeys(dataDir, keychain);
});

test('record 5 s with the fake microphone and live captions, stop: the file is finished on disk, the draft stays and the transcript opens', async () => {
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('button', { name: 'Stop recording' })).toBeVisible();
  // The PCM worklet loads from app:// under the CSP and its frames reach main over IPC.
  const live = page.getByRole('region', { name: 'Live captions' });
  await expect(live.getByTestId('live-line').first()).toContainText('Recorded in the desktop app', { timeout: 15_000 });
  await expect(page.getByRole('timer', { name: 'Recorded time' })).toHaveText('0:05', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await expect(page.getByRole('region', { name: 'Live draft' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('Recorded in the desktop app', { timeout: 30_000 });
  const { stdout } = await run('sh', ['-c', `ffprobe -v error -show_entries format=duration -of csv=p=0 "${dataDir}"/recordings/*/audio.webm`]);
  expect(Number(stdout.trim())).toBeGreaterThan(4.5);
});

test('the stop-recording command main sends (tray, global shortcut) makes the window finish the file', async () => {
  await page.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('timer', { name: 'Recorded time' })).toHaveText('0:02', { timeout: 15_000 });
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.send('shell.command', { command: 'stop-recording' }));
  await expect(page.getByRole('button', { name: 'Start recording' })).toBeVisible({ timeout: 15_000 });
});
