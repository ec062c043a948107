import { describe, expect, it } from 'vitest';
import { requireKeychainInCi, testKeychain } from '../support/secret-stores';

const available = await requireKeychainInCi();

describe.skipIf(!available)('KeytarSecretStore against the real Secret Service (skips: no keyring outside CI)', () => {
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

  it('keeps services apart, so tests and the app never see each other’s keys', async () => {
    const a = testKeychain();
    const b = testKeychain();
    await a.set('deepgram:default', 'only-in-a-1234567890');
    expect(await b.get('deepgram:default')).toBeNull();
    await a.delete('deepgram:default');
  });
});
