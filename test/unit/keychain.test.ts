import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requireKeychainInCi, testKeychain } from '../support/secret-stores';

const keychain = await requireKeychainInCi();
const execFileAsync = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/** Reads a secret with keytar from another process: only the OS keychain can answer it. */
async function readFromAnotherProcess(service: string, account: string): Promise<string | null> {
  const script = 'require("keytar").getPassword(process.argv[1], process.argv[2]).then((v) => process.stdout.write(JSON.stringify(v)))';
  const { stdout } = await execFileAsync(process.execPath, ['-e', script, service, account], { cwd: root });
  return JSON.parse(stdout) as string | null;
}

describe.skipIf(!keychain.available)(
  'KeytarSecretStore against the real Secret Service',
  { meta: { skipReason: `no keychain: ${keychain.reason}` } },
  () => {
    it('stores, reads and deletes a secret in the OS keychain', async () => {
      const store = testKeychain();
      expect(await store.get('deepgram:default')).toBeNull();
      await store.set('deepgram:default', 'secret-value-1234567890');
      expect(await store.get('deepgram:default')).toBe('secret-value-1234567890');
      await store.set('deepgram:default', 'secret-value-replaced');
      expect(await store.get('deepgram:default')).toBe('secret-value-replaced');
      expect(await store.delete('deepgram:default')).toBe(true);
      expect(await store.get('deepgram:default')).toBeNull();
      expect(await store.delete('deepgram:default')).toBe(false);
    });

    it('puts the secret in the OS keychain, where another process finds it under the same service', async () => {
      const store = testKeychain();
      await store.set('deepgram:default', 'shared-through-the-keyring-1234567890');
      expect(await readFromAnotherProcess(store.service, 'deepgram:default')).toBe('shared-through-the-keyring-1234567890');
      expect(await readFromAnotherProcess(`${store.service}-other`, 'deepgram:default')).toBeNull();
      await store.delete('deepgram:default');
      expect(await readFromAnotherProcess(store.service, 'deepgram:default')).toBeNull();
    });

    it('keeps services apart, so tests and the app never see each other’s keys', async () => {
      const a = testKeychain();
      const b = testKeychain();
      await a.set('deepgram:default', 'only-in-a-1234567890');
      expect(await b.get('deepgram:default')).toBeNull();
      await a.delete('deepgram:default');
    });
  },
);
