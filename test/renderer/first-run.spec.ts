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

  await connect(page, validKey);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  expect(double.requests.filter((r) => r.path === '/v1/projects').map((r) => r.status)).toEqual([401, 200]);

  // The key survives a reload (it is in the keychain), and is never shown again.
  await page.reload();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await expect(page.locator('body')).not.toContainText(validKey);
});

test('an insecure or untrusted server is named as such', async ({ appPage: page }) => {
  const untrustedTls = await makeTestCertificate(await mkdtemp(join(tmpdir(), 'untrusted-')));
  const untrusted = await startDeepgramDouble({ cert: untrustedTls.cert, key: untrustedTls.key, keys: [{ key: validKey, projectName }] });
  try {
    const serverField = page.getByLabel('Deepgram server URL');
    // The Server section starts open when the endpoint is not Deepgram's default, as here.
    if (!(await serverField.isVisible())) await page.locator('summary', { hasText: 'Server' }).click();
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

test('removing the key deletes it and returns to the first-run screen', async ({ appPage: page, host }) => {
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Remove key' }).click();
  await page.getByRole('button', { name: 'Yes, remove key' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  expect((await host.services.keys.status()).configured).toBe(false);
});
