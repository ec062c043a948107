import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ProfileStore } from '../../main/services/keys/profile-store';
import type { SecretStore } from '../../main/services/keys/secret-store';
import { speechWav } from '../support/audio';
import { projectName, validKey } from '../support/double';
import { filesContaining, framesContaining } from '../support/key-scan';
import { startWebHost } from '../web-host/web-host';
import { connect, dropFiles, expect, sha256, startBatch, test } from './fixtures';

const teamKey = 'b7e0c4f1a2d3b4c5d6e7f8091a2b3c4d5e6f7a8b';
const adminKey = 'ad0000000000000000000000000000000000admn';
const readerKey = 'e0000000000000000000000000000000000reader';

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Deepgram profiles' })).toBeVisible();
}

function card(page: Page, name: string) {
  return page.getByRole('list', { name: 'Profiles' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

async function closeSettings(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Deepgram profiles' })).toBeHidden();
}

/** Transcribes one spoken file and waits for its transcript. */
async function transcribe(page: Page, double: { setSpeech(text: string, sha?: string): void }, dir: string, text: string, name: string): Promise<void> {
  const wav = await speechWav(dir, text, name);
  double.setSpeech(text, await sha256(wav));
  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText(text.split(' ')[0]!, { timeout: 30_000 });
}

test('two profiles: switch in one click, each request carries its own key and tags, the endpoint changes without the key', async ({
  appPage: page,
  double,
  host,
  keychain,
}) => {
  test.setTimeout(90_000);
  double.addKey({ key: teamKey, projectName: 'Team B Transcripts', apiKeyId: 'team-b-key' });
  const dir = await mkdtemp(join(tmpdir(), 'e2e-profiles-'));

  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const defaultKeyId = double.requests.find((r) => r.path === '/v1/auth/token' && r.status === 200)!.apiKeyId;

  await openSettings(page);
  await page.getByRole('button', { name: 'Add a profile' }).click();
  const form = page.locator('form.profile-form');
  await form.getByLabel('Profile name').fill('Team B');
  await form.getByLabel('Deepgram API key').fill(teamKey);
  await form.locator('summary', { hasText: 'Server and tags' }).click();
  await form.getByLabel('Tags sent with every request').fill('team-b, desk');
  await form.getByRole('button', { name: 'Add profile' }).click();
  await expect(card(page, 'Team B')).toContainText('Team B Transcripts');
  await expect(card(page, 'Team B')).toContainText('Active');
  await expect(card(page, 'Team B')).toContainText('Key checked with Deepgram’s management API');
  await closeSettings(page);

  const switcher = page.getByLabel('Deepgram profile');
  await expect(switcher).toHaveValue((await host.services.keys.status()).activeProfileId!);
  await expect(page.getByText('Project: Team B Transcripts')).toBeVisible();
  await transcribe(page, double, dir, 'Team B reviews the quarterly numbers.', 'team-b.wav');
  const teamListen = double.requests.filter((r) => r.path === '/v1/listen').at(-1)!;
  expect(teamListen.apiKeyId).toBe('team-b-key');
  expect(teamListen.tags).toEqual(['team-b', 'desk']);

  await switcher.selectOption({ label: 'Default' });
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await transcribe(page, double, dir, 'Default profile plans the launch.', 'default.wav');
  const defaultListen = double.requests.filter((r) => r.path === '/v1/listen').at(-1)!;
  expect(defaultListen.apiKeyId).toBe(defaultKeyId);
  expect(defaultListen.tags ?? []).toEqual([]);
  // Each job row says which profile sent it, and so does each transcript.
  await expect(page.locator('.job-profile', { hasText: 'Team B' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Transcript' })).toContainText('Profile Default');

  // The endpoint changes without pasting the key again: the EU host serves no management routes,
  // so the key is proved by a short transcription there, and the card says so.
  const listensBefore = double.requests.filter((r) => r.path === '/v1/listen').length;
  await openSettings(page);
  await card(page, 'Default').getByRole('button', { name: 'Edit' }).click();
  const edit = card(page, 'Default').locator('form.profile-form');
  await edit.locator('summary', { hasText: 'Server and tags' }).click();
  await edit.getByRole('radio', { name: /Deepgram \(EU\)/ }).check();
  await edit.getByRole('button', { name: 'Save profile' }).click();
  await expect(card(page, 'Default')).toContainText('Key checked by a short transcription request');
  expect(double.requests.filter((r) => r.path === '/v1/listen')).toHaveLength(listensBefore + 1);
  const status = await host.services.keys.status();
  const defaultProfile = status.profiles.find((p) => p.name === 'Default')!;
  expect(defaultProfile.endpoint).toEqual({ kind: 'eu' });
  expect(await keychain.get(`profile:${defaultProfile.id}`)).toBe(validKey);

  expect(framesContaining(host.sent, [teamKey])).toEqual([]);
});

test('an app key minted from an admin key: only the new key is stored, it transcribes, and revoking deletes it in Deepgram', async ({
  appPage: page,
  double,
  host,
  dataDir,
  keychain,
}) => {
  test.setTimeout(90_000);
  double.addKey({ key: adminKey, role: 'admin', projectId: 'proj-admin', projectName: 'Admin Project', apiKeyId: 'admin-key' });
  const dir = await mkdtemp(join(tmpdir(), 'e2e-appkey-'));
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  await openSettings(page);
  await page.getByRole('button', { name: 'Create an app key…' }).click();
  await page.getByLabel('Owner, Admin or Member key').fill(adminKey);
  await page.getByRole('button', { name: 'Find projects' }).click();
  await expect(page.getByLabel('Project', { exact: true })).toContainText('Admin Project');
  await page.getByLabel('New profile name').fill('Laptop');
  await page.getByLabel('Key expires').selectOption({ label: 'In 90 days' });
  await page.getByRole('button', { name: 'Create app key' }).click();

  const laptop = card(page, 'Laptop');
  await expect(laptop).toContainText('made by this app');
  await expect(laptop).toContainText('usage:write');
  await expect(laptop).not.toContainText('usage:read');
  await expect(page.getByLabel('Owner, Admin or Member key')).toHaveCount(0);

  const minted = double.keysOf('proj-admin').filter((k) => k.createdBy === 'admin-key');
  expect(minted).toHaveLength(1);
  expect(minted[0]!.scopes).toEqual(['usage:write']);
  expect(minted[0]!.comment).toContain('Deepgram Desk on ');
  expect(minted[0]!.expiresAt).toBeTruthy();
  await expect(laptop).toContainText(minted[0]!.apiKeyId);
  const laptopProfile = (await host.services.keys.status()).profiles.find((p) => p.name === 'Laptop')!;
  expect(await keychain.get(`profile:${laptopProfile.id}`)).toBe(minted[0]!.key);

  // The new key is the one requests use now.
  await closeSettings(page);
  await expect(page.getByText('Project: Admin Project')).toBeVisible();
  await transcribe(page, double, dir, 'Minted keys transcribe too.', 'minted.wav');
  expect(double.requests.filter((r) => r.path === '/v1/listen').at(-1)!.apiKeyId).toBe(minted[0]!.apiKeyId);

  await openSettings(page);
  await laptop.getByRole('button', { name: 'Revoke app key' }).click();
  await laptop.getByLabel('Key with keys:write').fill(adminKey);
  await laptop.getByRole('button', { name: 'Revoke and remove' }).click();
  await expect(card(page, 'Laptop')).toHaveCount(0);
  expect(double.keysOf('proj-admin').map((k) => k.apiKeyId)).not.toContain(minted[0]!.apiKeyId);
  expect(await keychain.get(`profile:${laptopProfile.id}`)).toBeNull();

  // The admin key was used and forgotten: not in a frame, a file, the log or the page.
  expect(framesContaining(host.sent, [adminKey, minted[0]!.key])).toEqual([]);
  expect(await filesContaining(dataDir, [adminKey, minted[0]!.key])).toEqual([]);
  expect(await page.evaluate((key) => document.documentElement.outerHTML.includes(key), adminKey)).toBe(false);
});

test('each key problem is named with the way forward, and the typed key stays', async ({ appPage: page, double }) => {
  double.addKey({ key: readerKey, scopes: ['usage:write', 'project:read', 'keys:read'], projectId: 'proj-reader', projectName: 'Reader Project' });
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();

  await openSettings(page);
  await page.getByRole('button', { name: 'Create an app key…' }).click();
  await page.getByLabel('Owner, Admin or Member key').fill(readerKey);
  await page.getByRole('button', { name: 'Find projects' }).click();
  await page.getByRole('button', { name: 'Create app key' }).click();
  await expect(page.getByRole('alert')).toContainText('keys:write');
  expect(double.keysOf('proj-reader')).toHaveLength(1);
  await page.getByRole('button', { name: 'Cancel' }).click();

  // A wrong key for an existing profile: named as such, the field keeps it, the stored key is kept.
  await card(page, 'Default').getByRole('button', { name: 'Edit' }).click();
  const edit = card(page, 'Default').locator('form.profile-form');
  await edit.getByLabel('Deepgram API key').fill('bad0000000000000000000000000000000000bad1');
  await edit.getByRole('button', { name: 'Save profile' }).click();
  await expect(edit.getByRole('alert')).toContainText('Deepgram rejected this key');
  await expect(edit.getByLabel('Deepgram API key')).toHaveValue('bad0000000000000000000000000000000000bad1');

  // No credits: the key is good, the project is not; the listen probe on the EU host says so.
  double.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
  await edit.getByLabel('Deepgram API key').fill('');
  await edit.locator('summary', { hasText: 'Server and tags' }).click();
  await edit.getByRole('radio', { name: /Deepgram \(EU\)/ }).check();
  await edit.getByRole('button', { name: 'Save profile' }).click();
  await expect(card(page, 'Default')).toContainText(/credit|balance|402/i);
});

/** A keychain that fails as libsecret does when no Secret Service runs on the session bus. */
const noSecretService: SecretStore = {
  get: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
  set: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
  delete: () => Promise.reject(new Error('The name org.freedesktop.secrets was not provided by any .service files')),
};

test('no keychain: the app says what is missing, keeps a session-only key in memory, and writes it nowhere', async ({ page, double }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'e2e-nokeyring-'));
  const host = await startWebHost({ dataDir, deepgramUrl: double.url, secrets: noSecretService });
  try {
    await page.goto(host.url);
    await expect(page.getByText(/No keyring found: install or unlock GNOME Keyring or KWallet/)).toBeVisible();
    await expect(page.getByLabel(/Keep the key for this session only/)).toBeChecked();
    await connect(page);
    await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
    await expect(page.getByText('Key for this session only')).toBeVisible();
    const settings = await new ProfileStore(dataDir).read();
    expect(settings.profiles[0]!.keyStorage).toBe('session');
    expect(await filesContaining(dataDir, [validKey])).toEqual([]);
    expect(framesContaining(host.sent, [validKey])).toEqual([]);
  } finally {
    await page.goto('about:blank');
    await host.close();
  }

  // The next run has no key: the profile is kept and asks for its key again.
  const again = await startWebHost({ dataDir, deepgramUrl: double.url, secrets: noSecretService });
  try {
    await page.goto(again.url);
    await expect(page.getByText('The profile “Default” has no key on this computer any more.')).toBeVisible();
  } finally {
    await page.goto('about:blank');
    await again.close();
  }
});
