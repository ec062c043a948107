import { randomUUID } from 'node:crypto';
import { KeytarSecretStore } from '../../main/services/keys/secret-store';
import type { SecretStore } from '../../main/services/keys/secret-store';
import { inCi } from './ci';

export interface KeychainCheck {
  available: boolean;
  /** Why the keychain cannot be used; empty when it can. */
  reason: string;
}

/** Whether a Secret Service answers on this machine (npm test starts gnome-keyring), and why not. */
export async function checkKeychain(): Promise<KeychainCheck> {
  if (!process.env['DBUS_SESSION_BUS_ADDRESS']) {
    return { available: false, reason: 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS unset), so no Secret Service keyring; `npm test` starts one' };
  }
  const probe = new KeytarSecretStore(`deepgram-desk-probe-${randomUUID()}`);
  try {
    await probe.set('probe', 'probe-value');
    if ((await probe.delete('probe')) === true) return { available: true, reason: '' };
    return { available: false, reason: 'the Secret Service keyring stored a probe secret but could not delete it' };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { available: false, reason: `the Secret Service keyring did not answer${cause}` };
  }
}

/** Whether a Secret Service answers on this machine. */
export async function keychainAvailable(): Promise<boolean> {
  return (await checkKeychain()).available;
}

/** The real keychain under a service name of this test run only, so tests never touch real keys. */
export function testKeychain(): SecretStore & { service: string } {
  const service = `deepgram-desk-test-${randomUUID()}`;
  const store = new KeytarSecretStore(service);
  return Object.assign(store, { service });
}

/** The error a keychain test raises under CI when the keyring is missing. */
export function keychainMissingInCi(check: KeychainCheck): Error {
  return new Error(`CI=true but the keychain tests cannot run: ${check.reason}. They must run in CI.`);
}

/** Keychain tests must run in CI: there a missing keyring is a failure, not a skip. */
export async function requireKeychainInCi(): Promise<KeychainCheck> {
  const check = await checkKeychain();
  if (!check.available && inCi()) throw keychainMissingInCi(check);
  return check;
}
