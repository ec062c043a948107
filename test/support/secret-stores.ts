import { randomUUID } from 'node:crypto';
import { KeytarSecretStore } from '../../main/services/keys/secret-store';
import type { SecretStore } from '../../main/services/keys/secret-store';

/** Whether a Secret Service answers on this machine (npm test starts gnome-keyring). */
export async function keychainAvailable(): Promise<boolean> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  const probe = new KeytarSecretStore(`deepgram-desk-probe-${randomUUID()}`);
  try {
    await probe.set('probe', 'probe-value');
    return (await probe.delete('probe')) === true;
  } catch {
    return false;
  }
}

/** The real keychain under a service name of this test run only, so tests never touch real keys. */
export function testKeychain(): SecretStore & { service: string } {
  const service = `deepgram-desk-test-${randomUUID()}`;
  const store = new KeytarSecretStore(service);
  return Object.assign(store, { service });
}

/** Keychain tests must run in CI: there a missing keyring is a failure, not a skip. */
export async function requireKeychainInCi(): Promise<boolean> {
  const available = await keychainAvailable();
  if (!available && process.env.CI) throw new Error('CI=true but no Secret Service keyring is available: the keychain tests must run in CI.');
  return available;
}
