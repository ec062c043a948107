import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
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

// The desktop shell against the real app: window, menu, command line and second launch.
const root = resolve(import.meta.dirname, '../..');
const binary = findElectronBinary();

test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');

let double: DeepgramDouble;
let app: ElectronApplication;
let page: Page;
let dataDir: string;
let audioDir: string;
const keychain = testKeychain();

function appEnv(): Record<string, string> {
  return { ...process.env, APP_DEEPGRAM_URL: double.url, APP_DATA_DIR: dataDir, APP_KEYCHAIN_SERVICE: keychain.service } as Record<string, string>;
}

async function launch(args: string[] = []): Promise<void> {
  if (!('path' in binary)) return;
  app = await electron.launch({ executablePath: binary.path, args: [root, ...args], cwd: audioDir, env: appEnv() });
  page = await app.firstWindow();
}

/** Clicks an application menu item by its id, as the menu (or its accelerator) would. */
async function clickMenu(id: string): Promise<void> {
  await app.evaluate(({ Menu }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId);
    if (!item) throw new Error(`No menu item ${itemId}`);
    item.click();
  }, id);
}

async function acceleratorOf(id: string): Promise<string | null | undefined> {
  return app.evaluate(({ Menu }, itemId) => Menu.getApplicationMenu()?.getMenuItemById(itemId)?.accelerator, id);
}

const library = (): ReturnType<Page['getByRole']> => page.getByRole('navigation', { name: 'Transcripts' });

test.beforeAll(async () => {
  if (!('path' in binary)) return;
  double = await startTrustedDouble();
  dataDir = await mkdtemp(join(tmpdir(), 'electron-shell-'));
  audioDir = await mkdtemp(join(tmpdir(), 'electron-shell-audio-'));
  await speechWav(audioDir, 'This file came from the command line.', 'command-line.wav');
  await speechWav(audioDir, 'This file came from a second launch.', 'second-launch.wav');
  await speechWav(audioDir, 'This file came from the menu.', 'menu.wav');

  // First run: save the key, so that the next start can queue files straight away.
  await launch();
  await page.getByLabel('Deepgram API key').fill(validKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await app.close();

  // The start under test: a relative path on the command line, as a shell passes it. (Playwright's
  // loader removes its own arguments from process.argv, so the app sees `electron <root> <file>`.)
  await launch(['command-line.wav']);
});

test.afterAll(async () => {
  await app?.close();
  await double?.close();
  if (dataDir) await deleteProfileKeys(dataDir, keychain);
});

test('the app starts and shows its window', async () => {
  await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([true]);
  await expect(page.getByRole('heading', { name: 'Deepgram Desk', level: 1 })).toBeVisible();
});

test('a file passed on the command line lands in the queue and is transcribed', async () => {
  await expect(library().getByText('command-line.wav')).toBeVisible({ timeout: 30_000 });
});

test('a file opened by a second launch goes to the running app', async () => {
  if (!('path' in binary)) return;
  // --no-sandbox as Playwright's own launch passes it (CI runners cannot always use Chromium's sandbox).
  const second = spawn(binary.path, ['--no-sandbox', root, 'second-launch.wav'], { cwd: audioDir, env: appEnv(), stdio: 'ignore' });
  // The second instance hands its command line over and quits at once.
  const code = await new Promise<number | null>((done) => second.on('exit', done));
  expect(code).toBe(0);
  await expect(library().getByText('second-launch.wav')).toBeVisible({ timeout: 30_000 });
});

test('menu: Settings (CmdOrCtrl+,) opens the settings dialog', async () => {
  expect(await acceleratorOf('settings')).toBe('CmdOrCtrl+,');
  await clickMenu('settings');
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('menu: Find (CmdOrCtrl+F) puts the cursor in the library filter', async () => {
  expect(await acceleratorOf('find')).toBe('CmdOrCtrl+F');
  await clickMenu('find');
  await expect(page.getByLabel('Filter transcripts by title')).toBeFocused();
});

test('menu: New Recording (CmdOrCtrl+Shift+R) starts a recording, or names the missing microphone', async () => {
  expect(await acceleratorOf('new-recording')).toBe('CmdOrCtrl+Shift+R');
  await clickMenu('new-recording');
  const stop = page.getByRole('button', { name: 'Stop recording' });
  await expect(stop.or(page.getByRole('alert').filter({ hasText: /microphone/ }))).toBeVisible();
  if (await stop.isVisible()) await stop.click();
});

test('menu: Open Files… (CmdOrCtrl+O) opens the file dialog and queues the choice', async () => {
  expect(await acceleratorOf('open-files')).toBe('CmdOrCtrl+O');
  await app.evaluate(({ dialog }, path) => {
    dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [path] })) as typeof dialog.showOpenDialog;
  }, join(audioDir, 'menu.wav'));
  await clickMenu('open-files');
  await expect(library().getByText('menu.wav')).toBeVisible({ timeout: 30_000 });
});

test('menu: View → Theme switches the window and the OS colour scheme, then follows the system again', async () => {
  const look = (): Promise<{ theme: string | undefined; osDark: boolean }> =>
    page.evaluate(() => ({ theme: document.documentElement.dataset.theme, osDark: matchMedia('(prefers-color-scheme: dark)').matches }));
  await clickMenu('theme-dark');
  await expect.poll(look).toEqual({ theme: 'dark', osDark: true });
  await clickMenu('theme-light');
  await expect.poll(look).toEqual({ theme: 'light', osDark: false });
  await clickMenu('theme-system');
  await expect.poll(() => app.evaluate(({ nativeTheme }) => nativeTheme.themeSource)).toBe('system');
});

test('Help → Copy Diagnostics copies versions and the endpoint, never the key', async () => {
  await app.evaluate(({ clipboard }) => clipboard.writeText('before'));
  await clickMenu('copy-diagnostics');
  await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toContain('Endpoint:');
  const text = await app.evaluate(({ clipboard }) => clipboard.readText());
  expect(text).toContain(`Endpoint: ${new URL(double.url).origin}`);
  expect(text).toMatch(/Electron \d+\./);
  expect(text).not.toContain(validKey.slice(0, 12));
});
