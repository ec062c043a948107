import { beforeAll, describe, expect, it } from 'vitest';
import type { SecretStore } from '../../main/services/keys/secret-store';
import { inCi } from '../support/ci';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { checkKeychain, keychainMissingInCi, testKeychain } from '../support/secret-stores';

const keychain = await checkKeychain();

/** What every SecretStore must do; the services rely on exactly this and nothing more. */
function secretStoreContract(newStore: () => SecretStore): void {
  it('answers null for an account never set', async () => {
    expect(await newStore().get('deepgram:default')).toBeNull();
  });

  it('reads back exactly what was stored, and a second set replaces it', async () => {
    const store = newStore();
    await store.set('deepgram:default', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
    expect(await store.get('deepgram:default')).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
    await store.set('deepgram:default', 'replaced-0000000000000000000000000000000');
    expect(await store.get('deepgram:default')).toBe('replaced-0000000000000000000000000000000');
    await store.delete('deepgram:default');
  });

  it('keeps every character of a secret: spaces, quotes, newlines, non-ASCII', async () => {
    const store = newStore();
    const secret = `  key with "quotes" ’ and ключ 🔑\n\ttab ${'x'.repeat(2000)}  `;
    await store.set('deepgram:default', secret);
    expect(await store.get('deepgram:default')).toBe(secret);
    await store.delete('deepgram:default');
  });

  it('deletes: true when something was removed, false when nothing was there', async () => {
    const store = newStore();
    await store.set('deepgram:default', 'to-be-deleted-000000000000000000000000');
    expect(await store.delete('deepgram:default')).toBe(true);
    expect(await store.get('deepgram:default')).toBeNull();
    expect(await store.delete('deepgram:default')).toBe(false);
  });

  it('keeps accounts apart within a store', async () => {
    const store = newStore();
    await store.set('deepgram:default', 'default-secret-0000000000000000000000');
    await store.set('deepgram:work', 'work-secret-000000000000000000000000000');
    expect(await store.get('deepgram:default')).toBe('default-secret-0000000000000000000000');
    expect(await store.get('deepgram:work')).toBe('work-secret-000000000000000000000000000');
    await store.delete('deepgram:work');
    expect(await store.get('deepgram:default')).toBe('default-secret-0000000000000000000000');
    await store.delete('deepgram:default');
  });

  it('keeps two stores apart, so tests and the app never see each other’s keys', async () => {
    const a = newStore();
    const b = newStore();
    await a.set('deepgram:default', 'only-in-a-0000000000000000000000000000');
    expect(await b.get('deepgram:default')).toBeNull();
    expect(await b.delete('deepgram:default')).toBe(false);
    expect(await a.get('deepgram:default')).toBe('only-in-a-0000000000000000000000000000');
    await a.delete('deepgram:default');
  });

  it('keeps every one of several concurrent writes to different accounts', async () => {
    const store = newStore();
    const accounts = Array.from({ length: 8 }, (_, i) => `deepgram:profile-${i}`);
    await Promise.all(accounts.map((account) => store.set(account, `secret-for-${account}`)));
    expect(await Promise.all(accounts.map((account) => store.get(account)))).toEqual(accounts.map((account) => `secret-for-${account}`));
    expect(await Promise.all(accounts.map((account) => store.delete(account)))).toEqual(accounts.map(() => true));
  });
}

describe('SecretStore contract: InMemorySecretStore (the fake service tests use)', () => {
  secretStoreContract(() => new InMemorySecretStore());
});

// Under CI a missing keyring is not skipped: the suite runs and fails with the reason.
describe.skipIf(!keychain.available && !inCi())(
  'SecretStore contract: KeytarSecretStore against the real Secret Service',
  { meta: { skipReason: `no keychain: ${keychain.reason}` } },
  () => {
    beforeAll(() => {
      if (!keychain.available) throw keychainMissingInCi(keychain);
    });
    secretStoreContract(() => testKeychain());
  },
);
