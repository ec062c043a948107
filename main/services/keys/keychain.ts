import type * as KeytarModule from 'keytar';
import { AppError } from '../../../common/errors';
import type { KeychainStatus } from '../../../common/profiles';
import { capText } from '../../../common/text';
import type { SecretStore } from './secret-store';

/** The part of keytar the probe uses. */
export type KeytarApi = Pick<typeof KeytarModule, 'getPassword' | 'setPassword' | 'deletePassword'>;

/** Loads keytar's native module; it fails where libsecret is missing. */
export type KeytarLoader = () => Promise<KeytarApi>;

/** keytar is imported on first use only, so a missing libsecret cannot stop the app from starting. */
export function lazyKeytar(): KeytarLoader {
  let loaded: Promise<KeytarApi> | undefined;
  return () => {
    loaded ??= import('keytar').then((module) => ('default' in module ? (module.default as KeytarApi) : module));
    return loaded;
  };
}

/** The phrase every "no keyring" message starts with on Linux. */
export const noKeyringMessage = 'No keyring found: install or unlock GNOME Keyring or KWallet';

const sessionOffer = 'Until then a key can be kept for this session only.';

class KeychainTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** Resolves or rejects like `promise`, or rejects with KeychainTimeout after `ms`; a hung native call is abandoned. */
export function withKeychainTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KeychainTimeout(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  let message = '';
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof Error) message = current.message;
    else if (typeof current === 'string') message = current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return capText(message.trim(), 200);
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function timeoutOf(error: unknown): KeychainTimeout | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if (current instanceof KeychainTimeout) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

/** What a failure to load keytar means, in words a person can act on. */
export function describeLoadFailure(error: unknown, platform: NodeJS.Platform = process.platform): string {
  const detail = innermostMessage(error);
  if (/libsecret/i.test(detail)) {
    return `The keyring library libsecret is not installed: install it (libsecret-1-0 on Debian and Ubuntu, libsecret on Fedora and Arch), then restart the app. ${sessionOffer}`;
  }
  const where = platform === 'linux' ? 'the Secret Service keyring' : 'the system keychain';
  return `The app’s keychain module could not be loaded, so ${where} cannot be used (${detail || 'unknown error'}). ${sessionOffer}`;
}

/** What a failed or unanswered keychain call means, in words a person can act on. */
export function describeKeychainFailure(error: unknown, platform: NodeJS.Platform = process.platform): string {
  const timeout = timeoutOf(error);
  if (platform !== 'linux') {
    if (timeout) return `The system keychain did not answer within ${duration(timeout.ms)}. Unlock it, then try again. ${sessionOffer}`;
    return `The system keychain could not be used (${innermostMessage(error) || 'unknown error'}). ${sessionOffer}`;
  }
  if (timeout) {
    return `The keyring did not answer within ${duration(timeout.ms)}: unlock GNOME Keyring or KWallet (a locked keyring may be waiting for a password prompt), then try again. ${sessionOffer}`;
  }
  const detail = innermostMessage(error);
  const cause = /d-?bus|could not connect|autolaunch|\$DISPLAY/i.test(detail)
    ? `No D-Bus session bus answered (“${detail}”).`
    : /org\.freedesktop\.secrets|not provided by any \.service/i.test(detail)
      ? 'No Secret Service is running on the session bus.'
      : `The keyring said: “${detail || 'unknown error'}”.`;
  return `${noKeyringMessage}. ${cause} ${sessionOffer}`;
}

export interface KeychainProbeOptions {
  /** The keychain service name the app stores keys under. */
  service: string;
  load?: KeytarLoader;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

/** A probe account that never holds a secret: reading it proves the keychain answers. */
export const probeAccount = 'keychain-probe';

/** Whether the OS keychain answers: loads keytar and reads a probe account, within a time limit. */
export async function probeKeychain(options: KeychainProbeOptions): Promise<KeychainStatus> {
  const load = options.load ?? lazyKeytar();
  const timeoutMs = options.timeoutMs ?? 5000;
  let keytar: KeytarApi;
  try {
    keytar = await withKeychainTimeout(load(), timeoutMs);
  } catch (error) {
    return { available: false, problem: describeLoadFailure(error, options.platform) };
  }
  try {
    await withKeychainTimeout(keytar.getPassword(options.service, probeAccount), timeoutMs);
    return { available: true, problem: null };
  } catch (error) {
    return { available: false, problem: describeKeychainFailure(error, options.platform) };
  }
}

/** Keys kept in main's memory for this run only: what the app offers when no keychain works. */
export class SessionSecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  /** The key kept for `account` in this run, or null. */
  get(account: string): Promise<string | null> {
    return Promise.resolve(this.secrets.get(account) ?? null);
  }

  /** Keeps a key until the app quits. */
  set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
    return Promise.resolve();
  }

  /** Forgets a key; true when there was one. */
  delete(account: string): Promise<boolean> {
    return Promise.resolve(this.secrets.delete(account));
  }
}

/** Where one profile's key lives. */
export type KeyStorage = 'keychain' | 'session';

export interface ProfileSecretsDeps {
  /** The OS keychain (KeytarSecretStore in the app). */
  keychain: SecretStore;
  /** Tells whether `keychain` works; `probeKeychain` in the app. */
  probe: () => Promise<KeychainStatus>;
  session?: SessionSecretStore;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

/**
 * Each profile's key, in the keychain or, when the user chose it because no keychain works, in
 * memory for this run. Never on disk otherwise. Keychain calls end after a time limit.
 */
export class ProfileSecrets {
  private readonly session: SessionSecretStore;
  private readonly timeoutMs: number;
  private known: Promise<KeychainStatus> | undefined;

  constructor(private readonly deps: ProfileSecretsDeps) {
    this.session = deps.session ?? new SessionSecretStore();
    this.timeoutMs = deps.timeoutMs ?? 5000;
  }

  /** Whether the keychain works (probed once, then remembered until `recheck` or a failed call). */
  status(): Promise<KeychainStatus> {
    this.known ??= this.deps.probe().catch((error: unknown) => ({ available: false, problem: describeKeychainFailure(error, this.deps.platform) }));
    return this.known;
  }

  /** Probes the keychain again, e.g. after the user unlocked or installed one. */
  recheck(): Promise<KeychainStatus> {
    this.known = undefined;
    return this.status();
  }

  /** The key stored for `account`, or null. */
  async get(storage: KeyStorage, account: string): Promise<string | null> {
    if (storage === 'session') return this.session.get(account);
    return this.keychainCall((store) => store.get(account));
  }

  /** Stores a key; keychain storage fails with KEYCHAIN_UNAVAILABLE and the reason when no keychain works. */
  async set(storage: KeyStorage, account: string, secret: string): Promise<void> {
    if (storage === 'session') return this.session.set(account, secret);
    return this.keychainCall((store) => store.set(account, secret));
  }

  /** Removes a key; true when there was one. */
  async delete(storage: KeyStorage, account: string): Promise<boolean> {
    if (storage === 'session') return this.session.delete(account);
    return this.keychainCall((store) => store.delete(account));
  }

  /** Calls the keychain unless it is known not to work (each call would wait out its time limit again). */
  private async keychainCall<T>(run: (store: SecretStore) => Promise<T>): Promise<T> {
    const status = await this.status();
    if (!status.available) throw new AppError('KEYCHAIN_UNAVAILABLE', status.problem ?? noKeyringMessage);
    try {
      return await withKeychainTimeout(run(this.deps.keychain), this.timeoutMs);
    } catch (error) {
      const problem = describeKeychainFailure(error, this.deps.platform);
      this.known = Promise.resolve({ available: false, problem });
      throw new AppError('KEYCHAIN_UNAVAILABLE', problem, { cause: error });
    }
  }
}

/** Whether a SecretStore answers (the web host's keychain): reads the probe account within a time limit. */
export async function probeSecretStore(store: SecretStore, timeoutMs = 5000, platform: NodeJS.Platform = process.platform): Promise<KeychainStatus> {
  try {
    await withKeychainTimeout(store.get(probeAccount), timeoutMs);
    return { available: true, problem: null };
  } catch (error) {
    return { available: false, problem: describeKeychainFailure(error, platform) };
  }
}
