import { lstat, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeDataLocation } from '../../main/services/storage/data-location';
import { StorageSettingsStore } from '../../main/services/storage/storage-settings-store';
import { speechWav } from '../support/audio';
import { projectName } from '../support/double';
import { deleteProfileKeys } from '../support/profiles';
import { connect, dropFiles, expect, sha256, startBatch, startHostAgain, test, transcribeSpeech } from './fixtures';

const exists = async (path: string): Promise<boolean> => (await lstat(path).catch(() => null)) !== null;

/** The kept copies in a data folder, as `<uuid>/<name>` with their bytes. */
async function keptCopies(dataDir: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for (const dir of await readdir(join(dataDir, 'sources')).catch(() => [] as string[])) {
    for (const name of await readdir(join(dataDir, 'sources', dir))) found.set(`${dir}/${name}`, await readFile(join(dataDir, 'sources', dir, name)));
  }
  return found;
}

async function openStorageSettings(page: Page): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const storage = page.getByRole('region', { name: 'Storage' });
  await expect(storage.getByTestId('data-folder')).not.toBeEmpty();
  return storage;
}

test('a kept copy of the source is deleted with its transcript when asked, and Undo brings both back', async ({ appPage: page, double, host, dataDir }) => {
  const text = 'The copy of this meeting is kept in the library.';
  const wav = await speechWav(await mkdtemp(join(tmpdir(), 'e2e-speech-')), text, 'meeting.wav');
  double.setSpeech(text, await sha256(wav));
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  // Links are the default; the user chooses copies before transcribing.
  const storage = await openStorageSettings(page);
  const keep = storage.getByRole('checkbox', { name: 'Keep a copy of source files' });
  await expect(keep).not.toBeChecked();
  await keep.check();
  await expect(storage.getByText(/Each file you transcribe is copied into the data folder/)).toBeVisible();
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText('kept in the library', { timeout: 30_000 });
  const copies = await keptCopies(dataDir);
  expect([...copies.keys()]).toEqual([expect.stringMatching(/^[0-9a-f-]{36}\/meeting\.wav$/)]);
  const [copyName, copyBytes] = [...copies.entries()][0]!;
  expect(copyBytes.equals(await readFile(wav))).toBe(true);
  const [summary] = await host.services.transcripts.list();

  // Delete asks whether the kept audio goes too; "with audio" takes both.
  await article.getByRole('button', { name: 'Delete' }).click();
  const prompt = page.getByRole('dialog', { name: /Delete “meeting\.wav”\?/ });
  await expect(prompt).toContainText('Its audio is a file the app keeps');
  await prompt.getByRole('button', { name: 'Delete with audio' }).click();
  const library = page.getByRole('navigation', { name: 'Transcripts' });
  await expect(library.getByRole('button', { name: /meeting\.wav/ })).toHaveCount(0);
  expect(await keptCopies(dataDir)).toEqual(new Map());

  // Undo: the transcript and its audio are back, byte for byte, and the player can serve it.
  await page.locator('.notice-region').getByRole('button', { name: 'Undo' }).click();
  await expect(library.getByRole('button', { name: /meeting\.wav/ })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('kept in the library');
  expect(await keptCopies(dataDir)).toEqual(new Map([[copyName, copyBytes]]));
  expect(await host.services.media.describe(summary!.id)).toMatchObject({ available: true });
});

test('a file that cannot be copied into the data folder stays a link, and the user is told which and why', async ({ appPage: page, double, host, dataDir }) => {
  const text = 'This meeting could not be copied.';
  const wav = await speechWav(await mkdtemp(join(tmpdir(), 'e2e-speech-')), text, 'standup notes.wav');
  double.setSpeech(text, await sha256(wav));
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await new StorageSettingsStore(dataDir).setKeepSourceCopies(true);
  // Where the copies go there is a file, not a folder: every copy fails.
  await writeFile(join(dataDir, 'sources'), 'in the way');

  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('could not be copied', { timeout: 30_000 });
  await expect(page.locator('.notice-region')).toContainText('“standup notes.wav” was not copied into the data folder: the copy failed (ENOTDIR). Its transcript links to the original file.');
  // The entry points to the file as dropped (the web host's upload of it), not into the data folder.
  const [summary] = await host.services.transcripts.list();
  const media = (await host.services.transcripts.mediaFile(summary!.id))?.media;
  expect(media?.path.endsWith('standup notes.wav')).toBe(true);
  expect(media?.dataPath).toBeUndefined();
  expect(await host.services.media.describe(summary!.id)).toMatchObject({ available: true });
});

test('moving the data folder: after the restart the library is in the new folder and the old one is gone', async ({ page, double, keychain }) => {
  const appData = await mkdtemp(join(tmpdir(), 'e2e-app-data-'));
  const oldFolder = await mkdtemp(join(tmpdir(), 'e2e-old-data-'));
  const newFolder = join(await mkdtemp(join(tmpdir(), 'e2e-new-parent-')), 'Deepgram data — 新');
  // The data already lives in a folder of its own, as after an earlier move.
  await writeDataLocation(appData, oldFolder);
  // Sources are kept as copies, so the audio moves with the library too.
  await new StorageSettingsStore(oldFolder).setKeepSourceCopies(true);
  const first = await startHostAgain({ dataDir: appData, deepgramUrl: double.url, keychain });
  try {
    await page.goto(first.host.url);
    const text = 'This transcript moves to another folder with the rest of the library.';
    await transcribeSpeech(page, double, text, 'moving.wav');
    expect(await readdir(join(oldFolder, 'transcripts'))).not.toEqual([]);

    const storage = await openStorageSettings(page);
    await expect(storage.getByTestId('data-folder')).toHaveText(oldFolder);
    await storage.getByRole('button', { name: 'Move…' }).click();
    // The browser host has no folder dialog: the folder is typed.
    await storage.getByLabel('New data folder').fill(newFolder);
    await storage.getByRole('button', { name: 'Move here' }).click();
    await expect(storage.getByRole('status')).toContainText(`to ${newFolder}. Start the app again to use it.`);
    await expect(storage.getByTestId('data-folder')).toHaveText(newFolder);
    await expect(storage.getByRole('button', { name: 'Move…' })).toBeDisabled();
  } finally {
    await first.stop();
  }
  expect(await exists(oldFolder)).toBe(false);

  // The restart: the app reads the location file and finds the whole library in the new folder.
  const second = await startHostAgain({ dataDir: appData, deepgramUrl: double.url, keychain });
  try {
    await page.goto(second.host.url);
    const library = page.getByRole('navigation', { name: 'Transcripts' });
    await library.getByRole('button', { name: /moving\.wav/ }).click();
    await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('with the rest of the library');
    // Its kept audio is found in the new folder, and the search index was rebuilt there.
    const [moved] = await second.host.services.transcripts.list();
    expect((await second.host.services.transcripts.mediaFile(moved!.id))?.media?.path.startsWith(join(newFolder, 'sources'))).toBe(true);
    expect(await second.host.services.media.describe(moved!.id)).toMatchObject({ available: true });
    await page.getByLabel('Filter transcripts by title').fill('another');
    await expect(page.getByRole('region', { name: 'Found in transcripts' }).getByRole('button').first()).toContainText('moving.wav');
    const storage = await openStorageSettings(page);
    await expect(storage.getByTestId('data-folder')).toHaveText(newFolder);
    expect(await readdir(join(newFolder, 'transcripts'))).not.toEqual([]);
  } finally {
    await second.stop();
    await deleteProfileKeys(newFolder, keychain);
  }
});
