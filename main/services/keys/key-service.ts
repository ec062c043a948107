import { checkBaseUrl } from '../../../common/base-url';
import type { KeyStatus } from '../../../common/domain';
import { AppError } from '../../../common/errors';
import type { DeepgramCredentials, DeepgramGateway } from '../deepgram/deepgram-gateway';
import type { Logger, SecretRedactor } from '../logging/logger';
import type { SettingsStore } from '../settings/settings-store';
import type { SecretStore } from './secret-store';

// One profile today; named profiles will each get their own account.
const account = 'deepgram:default';

export interface KeyServiceDeps {
  secrets: SecretStore;
  settings: SettingsStore;
  deepgram: DeepgramGateway;
  redactor: SecretRedactor;
  logger: Logger;
  defaultBaseUrl: string;
  now?: () => Date;
}

/** Owns the Deepgram key: validates it, keeps it in the keychain, hands it only to main's services. */
export class KeyService {
  private readonly now: () => Date;

  constructor(private readonly deps: KeyServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** What the renderer may know: whether a key is set, for which project and endpoint. */
  async status(): Promise<KeyStatus> {
    const { key } = await this.deps.settings.read();
    const stored = key ? await this.deps.secrets.get(account) : null;
    if (!key || !stored) {
      return { configured: false, baseUrl: key?.baseUrl ?? this.deps.defaultBaseUrl, projectName: null, canListProjects: false, checkedAt: null };
    }
    this.deps.redactor.add(stored);
    return { configured: true, baseUrl: key.baseUrl, projectName: key.projectName, canListProjects: key.canListProjects, checkedAt: key.checkedAt };
  }

  /** Checks the key with `GET /v1/projects`; only a key Deepgram accepts is stored. */
  async set(input: { key: string; baseUrl: string }): Promise<KeyStatus> {
    const key = input.key.trim();
    const url = checkBaseUrl(input.baseUrl);
    if (!url.ok) throw new AppError('INSECURE_URL', url.reason);
    const credentials: DeepgramCredentials = { key, baseUrl: url.url };
    let projectName: string | null = null;
    let canListProjects = true;
    try {
      const projects = await this.deps.deepgram.listProjects(credentials);
      projectName = projects[0]?.name || null;
    } catch (error) {
      // A key minted with a small role transcribes fine but may not list projects.
      if (!(error instanceof AppError && error.code === 'KEY_PERMISSIONS')) throw error;
      canListProjects = false;
    }
    // Accepted: from here on the key may appear in a library's error, so the redactor learns it.
    this.deps.redactor.add(key);
    const previous = await this.deps.secrets.get(account).catch(() => null);
    await this.deps.secrets.set(account, key);
    if (previous && previous !== key) this.deps.redactor.forget(previous);
    await this.deps.settings.update((s) => ({
      ...s,
      key: { baseUrl: url.url, projectName, canListProjects, checkedAt: this.now().toISOString() },
    }));
    this.deps.logger.info(`Deepgram key stored for ${new URL(url.url).host}`);
    return this.status();
  }

  /** Deletes the key from the keychain and forgets its project. */
  async remove(): Promise<KeyStatus> {
    const stored = await this.deps.secrets.get(account).catch(() => null);
    await this.deps.secrets.delete(account);
    if (stored) this.deps.redactor.forget(stored);
    const previous = (await this.deps.settings.read()).key;
    await this.deps.settings.update((s) => ({ ...s, key: null }));
    this.deps.logger.info('Deepgram key removed');
    const status = await this.status();
    return previous ? { ...status, baseUrl: previous.baseUrl } : status;
  }

  /** The key and endpoint for a request; main-only, never crosses IPC. */
  async credentials(): Promise<DeepgramCredentials> {
    const { key } = await this.deps.settings.read();
    const stored = key ? await this.deps.secrets.get(account) : null;
    if (!key || !stored) throw new AppError('NO_KEY', 'No Deepgram key is set. Add one in Settings → Deepgram key.');
    this.deps.redactor.add(stored);
    return { key: stored, baseUrl: key.baseUrl };
  }
}
