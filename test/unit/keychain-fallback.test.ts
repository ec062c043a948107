import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import type { KeysStatus } from '../../common/profiles';
import {
  describeLoadFailure,
  noKeyringMessage,
  probeKeychain,
  ProfileSecrets,
  SessionSecretStore,
} from '../../main/services/keys/keychain';
import type { KeytarApi } from '../../main/services/keys/keychain';
import type { SecretStore } from '../../main/services/keys/secret-store';
import { requireKeychainInCi } from '../support/secret-stores';

const execFileAsync = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const realKeyring = await requireKeychainInCi();

/** Runs `code` (an ES module, with TypeScript imports) in a fresh Node process with `env` over this one's. */
async function runChild(code: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as unknown;
}

const probeScript = `
const { probeKeychain } = await import(${JSON.stringify(join(root, 'main/services/keys/keychain.ts'))});
console.log(JSON.stringify(await probeKeychain({ service: 'deepgram-desk-fallback-test' })));
`;

// The app's real parts, in a process whose keychain is out of reach: keytar, the probe, the store, the service.
const serviceScript = `
const m = (path) => import(${JSON.stringify(root)} + '/' + path);
const { ProfileService } = await m('main/services/keys/profile-service.ts');
const { ProfileStore } = await m('main/services/keys/profile-store.ts');
const { ProfileSecrets, probeKeychain } = await m('main/services/keys/keychain.ts');
const { KeytarSecretStore } = await m('main/services/keys/secret-store.ts');
const { ManagementClient } = await m('main/services/deepgram/management-client.ts');
const { SecretRedactor } = await m('main/services/logging/logger.ts');
const { DATA_DIR, DG_KEY, KEYCHAIN_SERVICE, MODE } = process.env;
const quiet = { info() {}, warn() {}, error() {} };
const service = new ProfileService({
  store: new ProfileStore(DATA_DIR),
  secrets: new ProfileSecrets({ keychain: new KeytarSecretStore(KEYCHAIN_SERVICE), probe: () => probeKeychain({ service: KEYCHAIN_SERVICE }) }),
  management: new ManagementClient({ globalBaseUrl: 'https://127.0.0.1:9' }),
  redactor: new SecretRedactor(),
  logger: quiet,
});
const failure = (error) => ({ code: error.code, message: error.message });
const input = { name: 'Lab', endpoint: { kind: 'custom', url: 'http://127.0.0.1:9', selfHosted: true }, key: DG_KEY };
const out = {};
if (MODE === 'first') {
  out.before = await service.status();
  out.keychainSave = await service.save(input).then(() => 'saved', failure);
  out.afterRefusal = await service.status();
  out.sessionSave = (await service.save({ ...input, sessionOnly: true })).status;
  out.credentials = await service.credentials().catch(failure);
} else {
  out.status = await service.status();
  out.credentials = await service.credentials().catch(failure);
}
console.log(JSON.stringify(out));
`;

describe('no Secret Service: a clear message and a session-only key (real keytar in a child process)', () => {
  it('says exactly what is missing when the D-Bus session bus is unreachable', async () => {
    const status = (await runChild(probeScript, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' })) as { available: boolean; problem: string };
    expect(status.available).toBe(false);
    expect(status.problem).toMatch(new RegExp(`^${noKeyringMessage}\\. No D-Bus session bus answered \\(“Could not connect: No such file or directory”\\)\\. Until then a key can be kept for this session only\\.$`));
  });

  it('says so when there is no session bus address at all (a headless box)', async () => {
    const env = { ...process.env };
    delete env['DBUS_SESSION_BUS_ADDRESS'];
    delete env['DISPLAY'];
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probeScript], { cwd: root, env, timeout: 60_000 });
    const status = JSON.parse(stdout.trim()) as { available: boolean; problem: string };
    expect(status).toEqual({ available: false, problem: expect.stringMatching(/^No keyring found: install or unlock GNOME Keyring or KWallet\. No D-Bus session bus answered \(“Cannot autolaunch D-Bus/) });
  });

  const hasDbus = spawnSync('sh', ['-c', 'command -v dbus-run-session'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!hasDbus)('says no Secret Service runs when a session bus answers but nothing provides the keyring', { meta: { skipReason: 'dbus-run-session is not installed' } }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bare-bus-'));
    // A session bus with no service directories: nothing can be activated, like a minimal desktop without a keyring.
    const config = join(dir, 'session.conf');
    await writeFile(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
    );
    const { stdout } = await execFileAsync('dbus-run-session', [`--config-file=${config}`, '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', probeScript], {
      cwd: root,
      timeout: 60_000,
    });
    const status = JSON.parse(stdout.trim().split('\n').at(-1)!) as { available: boolean; problem: string };
    expect(status).toEqual({ available: false, problem: `${noKeyringMessage}. No Secret Service is running on the session bus. Until then a key can be kept for this session only.` });
  });

  it('refuses keychain storage with that message, keeps a session-only key in memory only, and forgets it on restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'no-keychain-'));
    const key = `session0only0${randomUUID().replace(/-/g, '')}`;
    const env = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', DATA_DIR: dataDir, DG_KEY: key, KEYCHAIN_SERVICE: `deepgram-desk-fallback-${randomUUID()}` };
    type First = { before: KeysStatus; keychainSave: { code: string; message: string }; afterRefusal: KeysStatus; sessionSave: KeysStatus; credentials: { key: string; profileName: string } };
    const first = (await runChild(serviceScript, { ...env, MODE: 'first' })) as First;

    expect(first.before.keychain).toEqual({ available: false, problem: expect.stringMatching(/^No keyring found: install or unlock GNOME Keyring or KWallet\./) });
    expect(first.keychainSave.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(first.keychainSave.message).toBe(first.before.keychain.problem);
    expect(first.afterRefusal.profiles).toEqual([]);

    expect(first.sessionSave.profiles).toHaveLength(1);
    expect(first.sessionSave.profiles[0]).toMatchObject({ name: 'Lab', hasKey: true, keyStorage: 'session', check: { kind: 'none', ok: true } });
    expect(first.credentials).toMatchObject({ key, profileName: 'Lab', baseUrl: 'http://127.0.0.1:9' });

    // Never plaintext on disk: the data folder holds the profile, not the key.
    const files = await readdir(dataDir);
    expect(files).toContain('settings.json');
    for (const file of files) expect(await readFile(join(dataDir, file), 'utf8')).not.toContain(key);

    type Second = { status: KeysStatus; credentials: { code: string; message: string } };
    const second = (await runChild(serviceScript, { ...env, MODE: 'restart' })) as Second;
    expect(second.status.profiles[0]).toMatchObject({ name: 'Lab', hasKey: false, keyStorage: null });
    expect(second.credentials).toEqual({ code: 'NO_KEY', message: expect.stringMatching(/kept its key for one session only, and it is gone/) });
  });
});

describe('keytar without libsecret', () => {
  it('names the missing library, from the real dlopen failure of a keytar build linked to an absent libsecret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keytar-nolib-'));
    const original = await readFile(join(root, 'node_modules/keytar/build/Release/keytar.node'));
    const at = original.indexOf('libsecret-1.so.0');
    expect(at).toBeGreaterThan(0);
    // Same length, so the ELF string table stays intact: the loader now looks for a libsecret that is not there.
    const patched = Buffer.from(original);
    patched.write('libsecret-9.so.0', at, 'latin1');
    const copy = join(dir, 'keytar.node');
    await writeFile(copy, patched);
    const load = (): Promise<KeytarApi> => Promise.resolve().then(() => createRequire(import.meta.url)(copy) as KeytarApi);

    const status = await probeKeychain({ service: 'unused', load, platform: 'linux' });
    expect(status.available).toBe(false);
    expect(status.problem).toMatch(/^The keyring library libsecret is not installed: install it \(libsecret-1-0 on Debian and Ubuntu, libsecret on Fedora and Arch\), then restart the app\./);
    // Any other load failure is named as the module's, with what the loader said.
    expect(describeLoadFailure(new Error('Module did not self-register'), 'linux')).toMatch(/keychain module could not be loaded.*Module did not self-register/);
  });
});

/** A keychain that records its calls; `fail` makes every call throw like keytar without a keyring. */
class RecordingKeychain implements SecretStore {
  readonly calls: string[] = [];
  readonly secrets = new Map<string, string>();
  fail = false;
  hang = false;

  private async run<T>(call: string, result: () => T): Promise<T> {
    this.calls.push(call);
    if (this.hang) return new Promise<T>(() => undefined);
    if (this.fail) throw new Error('Could not connect: No such file or directory');
    return result();
  }

  get(account: string) {
    return this.run(`get ${account}`, () => this.secrets.get(account) ?? null);
  }

  set(account: string, secret: string) {
    return this.run(`set ${account}`, () => void this.secrets.set(account, secret));
  }

  delete(account: string) {
    return this.run(`delete ${account}`, () => this.secrets.delete(account));
  }
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('ProfileSecrets: keychain or session, per profile', () => {
  it('keeps session keys in memory only: the keychain is never called for them', async () => {
    const keychain = new RecordingKeychain();
    const secrets = new ProfileSecrets({ keychain, probe: async () => ({ available: true, problem: null }) });
    await secrets.set('session', 'profile:a', 'memory-only-secret-123');
    expect(await secrets.get('session', 'profile:a')).toBe('memory-only-secret-123');
    expect(await secrets.get('keychain', 'profile:a')).toBeNull();
    expect(await secrets.delete('session', 'profile:a')).toBe(true);
    expect(keychain.calls).toEqual(['get profile:a']);
    expect([...keychain.secrets.values()]).toEqual([]);
  });

  it('refuses keychain storage without calling it when the probe found none, with the probe’s words', async () => {
    const keychain = new RecordingKeychain();
    const problem = `${noKeyringMessage}. No Secret Service is running on the session bus.`;
    const secrets = new ProfileSecrets({ keychain, probe: async () => ({ available: false, problem }) });
    const error = await failure(secrets.set('keychain', 'profile:a', 'a-secret-value-123'));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toBe(problem);
    expect(keychain.calls).toEqual([]);
  });

  it('a keychain that fails later is reported as unavailable from then on, until rechecked', async () => {
    const keychain = new RecordingKeychain();
    const secrets = new ProfileSecrets({ keychain, probe: async () => ({ available: true, problem: null }), platform: 'linux' });
    expect(await secrets.status()).toEqual({ available: true, problem: null });
    keychain.fail = true;
    const error = await failure(secrets.get('keychain', 'profile:a'));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toMatch(/^No keyring found: install or unlock GNOME Keyring or KWallet\. No D-Bus session bus answered/);
    expect((await secrets.status()).available).toBe(false);
    keychain.fail = false;
    expect((await secrets.recheck()).available).toBe(true);
  });

  it('a keychain that never answers ends in a time limit with a message, not a hung app', async () => {
    const keychain = new RecordingKeychain();
    keychain.hang = true;
    const secrets = new ProfileSecrets({ keychain, probe: async () => ({ available: true, problem: null }), timeoutMs: 50, platform: 'linux' });
    const error = await failure(secrets.get('keychain', 'profile:a'));
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toMatch(/^The keyring did not answer within 50 ms: unlock GNOME Keyring or KWallet/);

    const hangingKeytar: KeytarApi = { getPassword: () => new Promise(() => undefined), setPassword: async () => undefined, deletePassword: async () => false };
    const probed = await probeKeychain({ service: 'x', load: async () => hangingKeytar, timeoutMs: 50, platform: 'linux' });
    expect(probed).toEqual({ available: false, problem: expect.stringMatching(/did not answer within/) });
  });

  it('SessionSecretStore forgets with its process: a new store is empty', async () => {
    const a = new SessionSecretStore();
    await a.set('profile:a', 'secret-in-memory-1');
    expect(await a.get('profile:a')).toBe('secret-in-memory-1');
    expect(await new SessionSecretStore().get('profile:a')).toBeNull();
  });
});

describe.skipIf(!realKeyring.available)('probeKeychain against the real Secret Service', { meta: { skipReason: `no keychain: ${realKeyring.reason}` } }, () => {
  it('says the keychain is available, and the probe account holds nothing', async () => {
    const service = `deepgram-desk-probe-test-${randomUUID()}`;
    expect(await probeKeychain({ service })).toEqual({ available: true, problem: null });
  });
});
