// The real parts the test tiers need, set up once per run: a D-Bus session with an unlocked
// throwaway keyring (keytar tests) and a throwaway CA whose server certificate the double uses.
// `npm test` uses these; so can any other runner of the suite (mutation testing).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCertificate } from '../test/support/test-tls';

/** Whether a command is on the PATH. */
export function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs this very script again inside `dbus-run-session` when there is no session bus yet, and
 * exits with its code. Returns true when it did so: the caller must then do nothing more.
 */
export function rerunInDbusSession(): boolean {
  if (process.env['DBUS_SESSION_BUS_ADDRESS'] || process.env['APP_TEST_IN_DBUS'] || !has('dbus-run-session')) return false;
  const child = spawn('dbus-run-session', ['--', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, APP_TEST_IN_DBUS: '1' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

export interface TestKeyring {
  /** Variables the keyring daemon printed (GNOME_KEYRING_CONTROL, …), for the test processes. */
  env: Record<string, string>;
  /** Why there is no keyring; empty when there is one. */
  missing: string;
  cleanup(): Promise<void>;
}

/** Starts and unlocks a throwaway gnome-keyring login keyring in a fresh folder, for this run only. */
export async function startTestKeyring(): Promise<TestKeyring> {
  if (!has('gnome-keyring-daemon')) return { env: {}, missing: 'gnome-keyring-daemon is not installed', cleanup: async () => {} };
  if (!process.env['DBUS_SESSION_BUS_ADDRESS']) return { env: {}, missing: 'no D-Bus session (dbus-run-session is not installed)', cleanup: async () => {} };
  // The password protects nothing real, and a keyring left by an earlier run (other password)
  // cannot get in the way.
  const keyringHome = await mkdtemp(join(tmpdir(), 'dg-test-keyring-'));
  const result = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    input: 'test-only',
    encoding: 'utf8',
    env: { ...process.env, XDG_DATA_HOME: keyringHome },
  });
  const env: Record<string, string> = {};
  for (const line of (result.stdout ?? '').split('\n')) {
    const [name, ...value] = line.split('=');
    if (name && value.length) env[name] = value.join('=');
  }
  const missing = result.status === 0 ? '' : `gnome-keyring-daemon failed: ${(result.stderr ?? '').trim() || `exit ${result.status}`}`;
  return { env, missing, cleanup: () => rm(keyringHome, { recursive: true, force: true }) };
}

export interface TestTlsEnv {
  /** DG_TEST_TLS_DIR and NODE_EXTRA_CA_CERTS, which the tests and the double read. */
  env: { DG_TEST_TLS_DIR: string; NODE_EXTRA_CA_CERTS: string };
  cleanup(): Promise<void>;
}

/** Makes a throwaway CA and server certificate, trusted by test processes through NODE_EXTRA_CA_CERTS. */
export async function makeTestTlsEnv(): Promise<TestTlsEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-test-tls-'));
  const tls = await makeTestCertificate(dir);
  return { env: { DG_TEST_TLS_DIR: dir, NODE_EXTRA_CA_CERTS: tls.caFile }, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestEnv {
  /** The environment to run test processes with. */
  env: NodeJS.ProcessEnv;
  /** Why the keychain tests cannot run; empty when they can. */
  keyringMissing: string;
  cleanup(): Promise<void>;
}

/** Keyring and TLS for a test run: call after rerunInDbusSession() returned false. */
export async function prepareTestEnv(): Promise<TestEnv> {
  const keyring = await startTestKeyring();
  const tls = await makeTestTlsEnv();
  return {
    env: { ...process.env, ...keyring.env, ...tls.env },
    keyringMissing: keyring.missing,
    cleanup: async () => {
      await tls.cleanup();
      await keyring.cleanup();
    },
  };
}
