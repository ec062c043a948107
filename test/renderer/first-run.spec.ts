import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDeepgramDouble } from '../deepgram-double/server';
import { projectName, validKey } from '../support/double';
import { makeTestCertificate } from '../support/test-tls';
import { connect, expect, test, wrongKey } from './fixtures';

test('first run: a wrong key gets a clear error, the right key shows the project', async ({ appPage: page, double }) => {
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  await expect(page.getByLabel('Deepgram API key')).toHaveAttribute('type', 'password');

  await connect(page, wrongKey);
  await expect(page.getByRole('alert')).toContainText('Deepgram rejected this key');
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  // What the user typed stays, to be corrected rather than pasted again.
  await expect(page.getByLabel('Deepgram API key')).toHaveValue(wrongKey);

  await connect(page, validKey);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  // Checked on the global host's management routes: the refused key once, the right one once.
  expect(double.requests.filter((r) => r.path === '/v1/auth/token').map((r) => r.status)).toEqual([401, 200]);

  // The key survives a reload (it is in the keychain), and is never shown again.
  await page.reload();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await expect(page.locator('body')).not.toContainText(validKey);
});

test('an insecure or untrusted server is named as such', async ({ appPage: page }) => {
  const untrustedTls = await makeTestCertificate(await mkdtemp(join(tmpdir(), 'untrusted-')));
  const untrusted = await startDeepgramDouble({ cert: untrustedTls.cert, key: untrustedTls.key, keys: [{ key: validKey, projectName }] });
  try {
    await page.locator('summary', { hasText: 'Server and tags' }).click();
    await page.getByRole('radio', { name: /Other server/ }).check();
    const serverField = page.getByLabel('Server URL');
    await serverField.fill('http://api.deepgram.com');
    await connect(page);
    await expect(page.getByRole('alert')).toContainText('unencrypted');
    await serverField.fill(untrusted.url);
    await connect(page);
    await expect(page.getByRole('alert')).toContainText('certificate is not trusted');
    expect(untrusted.requests).toEqual([]);
  } finally {
    await untrusted.close();
  }
});

test('removing the profile deletes its key and returns to the first-run screen', async ({ appPage: page, host, keychain }) => {
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const profileId = (await host.services.keys.status()).activeProfileId!;
  expect(await keychain.get(`profile:${profileId}`)).toBe(validKey);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Remove profile' }).click();
  await page.getByRole('button', { name: 'Yes, remove profile' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  expect((await host.services.keys.status()).profiles).toEqual([]);
  expect(await keychain.get(`profile:${profileId}`)).toBeNull();
});
