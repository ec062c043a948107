import { randomUUID } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import type { z } from 'zod';
import { AppError } from '../../../common/errors';
import type { ErrorCode } from '../../../common/errors';
import { appKeyRequestSchema, defaultRegionUrls, profileInputSchema, resolveEndpoint } from '../../../common/profiles';
import type {
  AppKeyRequest,
  Endpoint,
  KeyCheck,
  KeyDetails,
  KeysStatus,
  Profile,
  ProfileInput,
  ProfileSaveResult,
  ProjectSummary,
  RegionUrls,
  UsageReport,
} from '../../../common/profiles';
import { capText } from '../../../common/text';
import type { DeepgramCredentials } from '../deepgram/deepgram-gateway';
import type { ManagementClient, TokenDetails } from '../deepgram/management-client';
import type { Logger, SecretRedactor } from '../logging/logger';
import type { KeyStorage, ProfileSecrets } from './keychain';
import { profileAccount } from './profile-store';
import type { ProfileSettings, ProfileStore, StoredProfile } from './profile-store';

/** A request's key and where it goes, with the profile's tags; main-only, never crosses IPC. */
export interface ProfileCredentials extends DeepgramCredentials {
  tags: string[];
  profileId: string;
  profileName: string;
}

export interface ProfileServiceDeps {
  store: ProfileStore;
  secrets: ProfileSecrets;
  /** Management calls and the listen probe; its global host serves every management route. */
  management: ManagementClient;
  redactor: SecretRedactor;
  logger: Logger;
  /** What `us` and `eu` stand for; Deepgram's hosts by default. */
  regions?: RegionUrls;
  /** Names the app in the comment of keys it creates. */
  appName?: string;
  hostname?: () => string;
  now?: () => Date;
  newId?: () => string;
}

type Listener = (status: KeysStatus) => void;

interface Validation {
  check: KeyCheck;
  project: { id: string; name: string } | null;
  details: KeyDetails | null;
}

/** Scopes that let a key read balances; only Owners and Admins hold them. */
const billingScopes = new Set(['billing:read', 'billing:write', 'owner', 'admin']);

const keysWriteAdvice =
  'Ask an Owner or Admin of the Deepgram project to create the key, or create one yourself in the Deepgram console (console.deepgram.com → your project → API Keys → Create a New API Key) with only the usage:write scope (add usage:read to see usage here), then add it as a profile.';

function consoleRevokeAdvice(appKey: { apiKeyId: string; projectId: string }): string {
  return `To revoke it yourself, open console.deepgram.com, choose the project ${appKey.projectId}, open API Keys and delete the key ${appKey.apiKeyId}.`;
}

function checkKind(endpoint: Endpoint): KeyCheck['kind'] {
  if (endpoint.kind === 'us') return 'management';
  return endpoint.kind === 'custom' && endpoint.selfHosted ? 'none' : 'listen';
}

function isCode(error: unknown, ...codes: ErrorCode[]): error is AppError {
  return error instanceof AppError && codes.includes(error.code);
}

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return code;
  return capText(error instanceof Error ? error.message : String(error), 120);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Deepgram profiles: each a name, an endpoint, tags and one key kept in the keychain (or, when
 * none works and the user agrees, in memory for this run). Validates keys on the right host,
 * stores a key only together with its settings, and mints least-privilege keys for the app.
 */
export class ProfileService {
  private readonly regions: RegionUrls;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly hostname: () => string;
  private readonly appName: string;
  private readonly listeners = new Set<Listener>();
  private lock: Promise<unknown> = Promise.resolve();
  /** The keychain-and-settings step under way, if any: credentials wait for it, never for a validation. */
  private committing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ProfileServiceDeps) {
    this.regions = deps.regions ?? defaultRegionUrls;
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? (() => randomUUID());
    this.hostname = deps.hostname ?? osHostname;
    this.appName = deps.appName ?? 'Deepgram Desk';
  }

  /** Calls `listener` with the new status after every change; returns the unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Everything the renderer may know: profiles (never keys), the active one, and the keychain's state. */
  async status(): Promise<KeysStatus> {
    const settings = await this.deps.store.read();
    const keychain = await this.deps.secrets.status();
    const profiles = await Promise.all(settings.profiles.map((p) => this.toProfile(p)));
    return { profiles, activeProfileId: settings.activeProfileId, keychain };
  }

  /** Probes the keychain again (after the user unlocked or installed one). */
  async recheckKeychain(): Promise<KeysStatus> {
    await this.deps.secrets.recheck();
    return this.changed();
  }

  /**
   * Creates or changes a profile. A new key is validated before anything is stored; without a key
   * the stored one is kept (and validated again when the endpoint changed). The keychain and the
   * settings file change together or not at all.
   */
  save(input: ProfileInput): Promise<ProfileSaveResult> {
    return this.exclusive(async () => {
      const request = parse(profileInputSchema, input);
      const settings = await this.deps.store.read();
      const existing = request.profileId ? settings.profiles.find((p) => p.id === request.profileId) : undefined;
      if (request.profileId && !existing) throw new AppError('NOT_FOUND', 'This profile no longer exists.');
      const resolved = resolveEndpoint(request.endpoint, this.regions);
      if (!resolved.ok) throw new AppError('INSECURE_URL', resolved.reason);

      const storage: KeyStorage = request.sessionOnly === undefined ? (existing?.keyStorage ?? 'keychain') : request.sessionOnly ? 'session' : 'keychain';
      const previousKey = existing?.keyStorage
        ? await this.deps.secrets.get(existing.keyStorage, existing.account).catch((error: unknown) => {
            if (request.key) return null;
            throw error;
          })
        : null;
      const key = request.key ?? previousKey;
      if (!key) throw new AppError('NO_KEY', 'Enter the Deepgram key for this profile.');

      const sameKey = existing !== undefined && key === previousKey;
      const sameEndpoint = existing !== undefined && JSON.stringify(existing.endpoint) === JSON.stringify(request.endpoint);
      const validation: Validation =
        sameKey && sameEndpoint && existing.check?.ok
          ? { check: existing.check, project: existing.project, details: existing.key }
          : await this.validate(key, request.endpoint);
      // Accepted: from here on the key may appear in a library's message, so the redactor learns it.
      this.deps.redactor.add(key);

      const id = existing?.id ?? this.newId();
      const account = existing?.account ?? profileAccount(id);
      const record: StoredProfile = {
        id,
        name: request.name,
        endpoint: request.endpoint,
        tags: request.tags,
        account,
        keyStorage: storage,
        project: validation.project,
        key: validation.details,
        check: validation.check,
        // A pasted key replaces the app's own: the app no longer knows its id.
        appKey: sameKey ? (existing?.appKey ?? null) : null,
      };
      const oldStorage = existing?.keyStorage ?? null;
      const keyMoves = !sameKey || storage !== oldStorage;
      await this.commit(
        keyMoves ? { storage, account, secret: key } : undefined,
        (s) => ({
          ...s,
          profiles: existing ? s.profiles.map((p) => (p.id === id ? record : p)) : [...s.profiles, record],
          activeProfileId: request.activate ? id : (s.activeProfileId ?? id),
        }),
      );
      if (keyMoves && oldStorage && oldStorage !== storage) {
        await this.deps.secrets.delete(oldStorage, account).catch((error: unknown) => this.deps.logger.warn('The key’s old copy could not be deleted', error));
      }
      if (previousKey && previousKey !== key) await this.forgetIfUnused(previousKey);
      this.deps.logger.info(`Profile ${existing ? 'updated' : 'created'} (${checkKind(request.endpoint)} check, ${storage})`);
      return { profileId: id, status: await this.changed() };
    });
  }

  /** Deletes a profile and its key; the active profile moves to the next one. */
  remove(profileId: string): Promise<KeysStatus> {
    return this.exclusive(async () => {
      const profile = await this.find(profileId);
      const key = profile.keyStorage ? await this.deps.secrets.get(profile.keyStorage, profile.account) : null;
      await this.fenced(async () => {
        if (profile.keyStorage && key !== null) await this.deps.secrets.delete(profile.keyStorage, profile.account);
        try {
          await this.deps.store.update((s) => {
            const profiles = s.profiles.filter((p) => p.id !== profileId);
            return { ...s, profiles, activeProfileId: s.activeProfileId === profileId ? (profiles[0]?.id ?? null) : s.activeProfileId };
          });
        } catch (error) {
          const restored = profile.keyStorage && key !== null ? await this.deps.secrets.set(profile.keyStorage, profile.account, key).then(() => true, () => false) : true;
          throw this.saveFailed(error, restored);
        }
      });
      if (key) await this.forgetIfUnused(key);
      this.deps.logger.info('Profile removed');
      return this.changed();
    });
  }

  /** Makes a profile the one requests use. */
  activate(profileId: string): Promise<KeysStatus> {
    return this.exclusive(async () => {
      await this.find(profileId);
      await this.deps.store.update((s) => ({ ...s, activeProfileId: profileId }));
      return this.changed();
    });
  }

  /** Validates a profile's stored key now and records the outcome, failures included. */
  check(profileId: string): Promise<KeysStatus> {
    return this.exclusive(async () => {
      const profile = await this.find(profileId);
      const key = await this.storedKey(profile);
      let update: Pick<StoredProfile, 'check' | 'project' | 'key'>;
      try {
        const validation = await this.validate(key, profile.endpoint);
        update = { check: validation.check, project: validation.project ?? profile.project, key: validation.details ?? profile.key };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const check: KeyCheck = { kind: checkKind(profile.endpoint), ok: false, at: this.now().toISOString(), problem: this.safeText(error.message, 600) };
        update = { check, project: profile.project, key: profile.key };
      }
      await this.deps.store.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === profileId ? { ...p, ...update } : p)) }));
      return this.changed();
    });
  }

  /** The key, URL and tags for a request (the active profile by default); main-only. */
  async credentials(profileId?: string): Promise<ProfileCredentials> {
    // Between the keychain write and the settings write a key and its endpoint may not match yet.
    await this.committing;
    const settings = await this.deps.store.read();
    const id = profileId ?? settings.activeProfileId;
    const profile = settings.profiles.find((p) => p.id === id);
    if (!profile) throw new AppError('NO_KEY', 'No Deepgram profile is set up. Add a key in Settings → Keys.');
    const key = await this.storedKey(profile);
    const resolved = resolveEndpoint(profile.endpoint, this.regions);
    if (!resolved.ok) throw new AppError('INSECURE_URL', resolved.reason);
    this.deps.redactor.add(key);
    return { key, baseUrl: resolved.url, tags: [...profile.tags], profileId: profile.id, profileName: profile.name };
  }

  /** This month's requests and hours for the profile's project, by tag and with the balance where the role allows. */
  async usage(profileId: string): Promise<UsageReport> {
    const profile = await this.find(profileId);
    const today = this.now();
    const range = { start: `${isoDay(today).slice(0, 8)}01`, end: isoDay(today) };
    const report: UsageReport = { ...range, totals: null, byTag: null, balance: null, unavailable: [] };
    if (profile.endpoint.kind === 'custom' && profile.endpoint.selfHosted) {
      return { ...report, unavailable: ['A self-hosted server reports no usage to Deepgram.'] };
    }
    const key = await this.storedKey(profile);
    const management = this.deps.management;
    let projectId = profile.project?.id || null;
    if (!projectId) {
      try {
        projectId = (await management.listProjects(key))[0]?.projectId ?? null;
      } catch (error) {
        if (!isCode(error, 'KEY_PERMISSIONS')) throw error;
      }
    }
    if (!projectId) return { ...report, unavailable: ['Usage: not available for this key’s role (it cannot name its project).'] };
    const part = async <T>(label: string, run: () => Promise<T>): Promise<T | null> => {
      try {
        return await run();
      } catch (error) {
        if (!isCode(error, 'KEY_PERMISSIONS', 'NOT_FOUND')) throw error;
        report.unavailable.push(error.code === 'KEY_PERMISSIONS' ? `${label}: not available for this key’s role` : `${label}: ${this.safeText(error.message, 200)}`);
        return null;
      }
    };
    const totals = await part('Usage', () => management.usage(key, projectId, range));
    const byTag = await part('Usage by tag', () => management.usageByTag(key, projectId, range));
    const balances = await part('Balance', () => management.balances(key, projectId));
    report.totals = totals ? { requests: totals.requests, hours: totals.hours } : null;
    report.byTag = byTag ? byTag.slice(0, 500).map((t) => ({ tag: capText(t.tags.join(', ') || '(no tag)', 200), requests: t.requests, hours: t.hours })) : null;
    const first = balances?.[0];
    if (first) {
      const amount = balances.filter((b) => b.units === first.units).reduce((sum, b) => sum + b.amount, 0);
      report.balance = { amount, units: capText(first.units, 20) };
    } else if (balances) {
      report.unavailable.push('Balance: Deepgram reported none for this project');
    }
    return report;
  }

  /** The projects an admin key can see, to pick where an app key is created; the key is not kept. */
  adminProjects(adminKey: string): Promise<ProjectSummary[]> {
    return this.withAdminKey(adminKey, async (key) => {
      try {
        return await this.deps.management.listProjects(key);
      } catch (error) {
        throw this.adviceFor(error, 'list its projects');
      }
    });
  }

  /**
   * Creates a key for this app from an Owner, Admin or Member key: scopes `usage:write` (plus read
   * scopes when asked), stored under a new profile. Only the new key is kept; the admin key is used
   * for these calls and then dropped.
   */
  createAppKey(input: AppKeyRequest): Promise<ProfileSaveResult> {
    return this.exclusive(async () => {
      const request = parse(appKeyRequestSchema, input);
      const resolved = resolveEndpoint(request.profile.endpoint, this.regions);
      if (!resolved.ok) throw new AppError('INSECURE_URL', resolved.reason);
      if (resolved.selfHosted) throw new AppError('UNSUPPORTED', 'A self-hosted server does not use keys created here. Add its key as a profile instead.');
      const storage: KeyStorage = request.profile.sessionOnly ? 'session' : 'keychain';
      if (storage === 'keychain') {
        const keychain = await this.deps.secrets.status();
        // Checked before anything is created, so no key is minted that cannot be kept.
        if (!keychain.available) throw new AppError('KEYCHAIN_UNAVAILABLE', keychain.problem ?? 'No keychain is available.');
      }
      const expiry = request.expiry.kind === 'date' ? { kind: 'date' as const, date: toIsoDate(request.expiry.date, this.now()) } : request.expiry;

      return this.withAdminKey(request.adminKey, async (adminKey) => {
        const management = this.deps.management;
        const projects = await management.listProjects(adminKey).catch((error: unknown) => {
          throw this.adviceFor(error, 'list its projects');
        });
        const project = projects.find((p) => p.projectId === request.projectId);
        if (!project) throw new AppError('NOT_FOUND', 'This key does not belong to the chosen project. Pick one of its projects.');
        const adminScopes = await management.tokenDetails(adminKey).then((d: TokenDetails) => d.scopes, () => [] as string[]);
        const scopes = ['usage:write'];
        if (request.usageRead) {
          scopes.push('usage:read');
          // Balances need billing:read, which only Owners and Admins hold; a Member's request for it would be refused.
          if (adminScopes.some((s) => billingScopes.has(s))) scopes.push('billing:read');
        }
        const comment = capText(`${this.appName} on ${this.hostname()} (${isoDay(this.now())})`, 120);
        const created = await management.createKey(adminKey, project.projectId, { comment, scopes, tags: request.keyTags, expiry }).catch((error: unknown) => {
          throw this.adviceFor(error, 'create keys');
        });
        this.deps.redactor.add(created.key);

        const id = this.newId();
        const record: StoredProfile = {
          id,
          name: request.profile.name,
          endpoint: request.profile.endpoint,
          tags: request.profile.tags,
          account: profileAccount(id),
          keyStorage: storage,
          project: { id: project.projectId, name: project.name },
          key: { apiKeyId: created.apiKeyId, scopes: created.scopes.length ? created.scopes : scopes, expiresAt: created.expiresAt, comment: created.comment ?? comment },
          check: { kind: 'management', ok: true, at: this.now().toISOString(), note: 'Created by this app; Deepgram returned it just now.' },
          appKey: { apiKeyId: created.apiKeyId, projectId: project.projectId },
        };
        try {
          await this.commit({ storage, account: record.account, secret: created.key }, (s) => ({
            ...s,
            profiles: [...s.profiles, record],
            activeProfileId: request.profile.activate ? id : (s.activeProfileId ?? id),
          }));
        } catch (error) {
          // A key that cannot be kept is revoked again, so no unused key is left in the project.
          const revoked = await management.deleteKey(adminKey, project.projectId, created.apiKeyId).then(() => true, () => false);
          this.deps.redactor.forget(created.key);
          const base = error instanceof AppError ? error : new AppError('SAVE_FAILED', 'The new key could not be stored.');
          throw new AppError(
            base.code,
            `${base.message} ${revoked ? 'The new key was revoked again.' : `The new key could not be revoked: ${consoleRevokeAdvice(record.appKey!)}`}`,
            { cause: error },
          );
        }
        this.deps.logger.info(`App key created (${scopes.join(' ')}) and stored in the ${storage}`);
        return { profileId: id, status: await this.changed() };
      });
    });
  }

  /** Revokes the key the app created for a profile (with a key allowed to), then deletes the stored copy. */
  revokeAppKey(profileId: string, adminKey: string): Promise<KeysStatus> {
    return this.exclusive(async () => {
      const profile = await this.find(profileId);
      const appKey = profile.appKey;
      if (!appKey) {
        throw new AppError(
          'UNSUPPORTED',
          'This profile’s key was not created by the app, so the app does not know its id. Revoke it in the Deepgram console (console.deepgram.com → your project → API Keys), then remove the profile.',
        );
      }
      await this.withAdminKey(adminKey, async (key) => {
        try {
          await this.deps.management.deleteKey(key, appKey.projectId, appKey.apiKeyId);
        } catch (error) {
          if (isCode(error, 'NOT_FOUND') && error.status === 404 && !/management routes/.test(error.message)) return; // already gone
          if (isCode(error, 'KEY_PERMISSIONS', 'INVALID_KEY')) {
            throw new AppError(error.code, `${error.code === 'INVALID_KEY' ? 'Deepgram rejected the key you entered (401).' : 'The key you entered may not delete this key.'} ${consoleRevokeAdvice(appKey)}`, {
              ...(error.status !== undefined ? { status: error.status } : {}),
              ...(error.requestId ? { requestId: error.requestId } : {}),
            });
          }
          throw error;
        }
      });
      const stored = profile.keyStorage ? await this.deps.secrets.get(profile.keyStorage, profile.account).catch(() => null) : null;
      // The key is dead in Deepgram already: its copy goes even if the settings cannot be written.
      await this.fenced(async () => {
        if (profile.keyStorage) await this.deps.secrets.delete(profile.keyStorage, profile.account).catch((error: unknown) => this.deps.logger.warn('The revoked key could not be deleted from the keychain', error));
        await this.deps.store.update((s) => ({
          ...s,
          profiles: s.profiles.map((p) => (p.id === profileId ? { ...p, keyStorage: null, key: null, check: null, appKey: null } : p)),
        }));
      });
      if (stored) await this.forgetIfUnused(stored);
      this.deps.logger.info('App key revoked');
      return this.changed();
    });
  }

  // ---- internals ----

  private async toProfile(p: StoredProfile): Promise<Profile> {
    const resolved = resolveEndpoint(p.endpoint, this.regions);
    const key = p.keyStorage ? await this.deps.secrets.get(p.keyStorage, p.account).catch(() => null) : null;
    if (key) this.deps.redactor.add(key);
    return {
      id: p.id,
      name: p.name,
      endpoint: p.endpoint,
      baseUrl: resolved.ok ? resolved.url : p.endpoint.kind === 'custom' ? p.endpoint.url : '',
      tags: p.tags,
      hasKey: key !== null,
      keyStorage: key !== null ? p.keyStorage : null,
      project: p.project,
      key: p.key,
      check: p.check,
      appKey: p.appKey,
    };
  }

  private async find(profileId: string): Promise<StoredProfile> {
    const profile = (await this.deps.store.read()).profiles.find((p) => p.id === profileId);
    if (!profile) throw new AppError('NOT_FOUND', 'This profile no longer exists.');
    return profile;
  }

  private async storedKey(profile: StoredProfile): Promise<string> {
    const key = profile.keyStorage ? await this.deps.secrets.get(profile.keyStorage, profile.account) : null;
    if (key) return key;
    throw new AppError(
      'NO_KEY',
      profile.keyStorage === 'session'
        ? `The profile “${profile.name}” kept its key for one session only, and it is gone. Enter the key again in Settings → Keys.`
        : `The profile “${profile.name}” has no key. Enter one in Settings → Keys.`,
    );
  }

  /**
   * Writes a key (optional) and the settings as one step: when the settings cannot be written, the
   * keychain gets back what it held before, and the error says what failed.
   */
  private commit(secret: { storage: KeyStorage; account: string; secret: string } | undefined, change: (s: ProfileSettings) => ProfileSettings): Promise<void> {
    return this.fenced(() => this.commitNow(secret, change));
  }

  /** Runs a change of keychain and settings that `credentials` must not see half done. */
  private fenced<T>(run: () => Promise<T>): Promise<T> {
    const running = run();
    this.committing = running.catch(() => undefined);
    return running;
  }

  private async commitNow(secret: { storage: KeyStorage; account: string; secret: string } | undefined, change: (s: ProfileSettings) => ProfileSettings): Promise<void> {
    let before: string | null = null;
    if (secret) {
      before = await this.deps.secrets.get(secret.storage, secret.account).catch(() => null);
      await this.deps.secrets.set(secret.storage, secret.account, secret.secret);
    }
    try {
      await this.deps.store.update(change);
    } catch (error) {
      let restored = true;
      if (secret) {
        const undo = before !== null ? this.deps.secrets.set(secret.storage, secret.account, before) : this.deps.secrets.delete(secret.storage, secret.account);
        restored = await undo.then(() => true, () => false);
      }
      throw this.saveFailed(error, restored);
    }
  }

  private saveFailed(error: unknown, keychainRestored: boolean): AppError {
    this.deps.logger.error('The settings file could not be written', error);
    return new AppError(
      'SAVE_FAILED',
      `The settings file could not be written (${fsReason(error)}), so nothing was changed${keychainRestored ? '; the keychain was left as it was' : ', but the keychain could not be put back: check this profile’s key before using it'}. Free some disk space or check the app’s data folder, then try again.`,
      { cause: error },
    );
  }

  /** Validates a key where its endpoint allows: the global host for `us`, a listen request elsewhere. */
  private async validate(key: string, endpoint: Endpoint): Promise<Validation> {
    const resolved = resolveEndpoint(endpoint, this.regions);
    if (!resolved.ok) throw new AppError('INSECURE_URL', resolved.reason);
    const at = this.now().toISOString();
    if (resolved.selfHosted) {
      const note = ['A self-hosted server accepts any key, so nothing was checked: the first transcription will show whether the server answers.', resolved.warning].filter(Boolean).join(' ');
      return { check: { kind: 'none', ok: true, at, note }, project: null, details: null };
    }
    if (endpoint.kind === 'us') {
      const details = await this.managementDetails(key, true);
      return { check: { kind: 'management', ok: true, at, ...(details.notes.length ? { note: this.safeText(details.notes.join(' '), 600) } : {}) }, project: details.project, details: details.details };
    }
    const notes = [`${new URL(resolved.url).host} serves no management routes, so the key was proved by a short transcription request there.`];
    try {
      await this.deps.management.listenProbe({ key, baseUrl: resolved.url });
    } catch (error) {
      // These answers come after the key was accepted: the key is good, the project or model is the problem.
      if (isCode(error, 'PAYMENT_REQUIRED', 'MODEL_ACCESS')) notes.push(error.message);
      else if (isCode(error, 'KEY_PERMISSIONS')) throw new AppError('KEY_PERMISSIONS', 'This key cannot transcribe: it lacks the usage:write permission. Use a key with usage:write (any Member key has it).', { ...(error.status !== undefined ? { status: error.status } : {}) });
      else throw error;
    }
    const details = await this.managementDetails(key, false);
    notes.push(...details.notes);
    return { check: { kind: 'listen', ok: true, at, note: this.safeText(notes.join(' '), 600) }, project: details.project, details: details.details };
  }

  /**
   * Key and project details from the global host. `authoritative`: the answer decides whether the
   * key is valid (a `us` profile); otherwise failures only leave notes (a listen probe proved the key).
   */
  private async managementDetails(key: string, authoritative: boolean): Promise<{ project: Validation['project']; details: KeyDetails | null; notes: string[] }> {
    const management = this.deps.management;
    const notes: string[] = [];
    const host = new URL(management.globalBaseUrl).host;
    const optional = async <T>(what: string, run: () => Promise<T>): Promise<T | null> => {
      try {
        return await run();
      } catch (error) {
        // For a `us` profile these answers decide: only "role too small" still proves the key valid.
        if (authoritative && !isCode(error, 'KEY_PERMISSIONS')) throw error;
        if (isCode(error, 'KEY_PERMISSIONS')) notes.push(`${what}: not available for this key’s role.`);
        else if (error instanceof AppError) notes.push(`${what} could not be read from ${host}: ${error.message}`);
        else throw error;
        return null;
      }
    };
    const token = await optional('Key details', () => management.tokenDetails(key));
    const projects = await optional('Project name', () => management.listProjects(key));
    const fromToken = token?.projectId ? projects?.find((p) => p.projectId === token.projectId) : undefined;
    const chosen = fromToken ?? projects?.[0];
    const project = chosen ? { id: chosen.projectId, name: chosen.name } : token?.projectId ? { id: token.projectId, name: '' } : null;
    let details: KeyDetails | null = token ? { apiKeyId: token.apiKeyId, scopes: token.scopes, expiresAt: token.expiresAt, comment: token.comment } : null;
    if (details?.apiKeyId && project?.id && (details.comment === null || details.scopes.length === 0)) {
      // The keys API adds the comment and expiry where the role may read keys; quietly skipped otherwise.
      const info = await management.getKey(key, project.id, details.apiKeyId).catch(() => null);
      if (info) details = { apiKeyId: details.apiKeyId, scopes: info.scopes.length ? info.scopes : details.scopes, expiresAt: info.expiresAt ?? details.expiresAt, comment: info.comment ?? details.comment };
    }
    if (details) details = { ...details, comment: details.comment === null ? null : this.safeText(details.comment, 500) };
    return { project, details, notes };
  }

  /** Maps a refusal of the admin key to the advice a person can follow. */
  private adviceFor(error: unknown, action: string): unknown {
    if (isCode(error, 'KEY_PERMISSIONS')) {
      return new AppError('KEY_PERMISSIONS', `This key may not ${action}: creating keys needs the keys:write permission (Owner, Admin or Member). ${keysWriteAdvice}`, {
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.requestId ? { requestId: error.requestId } : {}),
      });
    }
    return error;
  }

  /**
   * Lends an admin key to `run`: the redactor masks it only for the call (unless it already guards
   * the same key for a profile), and nothing keeps a reference to it afterwards.
   */
  private async withAdminKey<T>(adminKey: string, run: (key: string) => Promise<T>): Promise<T> {
    const key = adminKey.trim();
    if (!key) throw new AppError('INVALID_ARGUMENT', 'Paste an Owner, Admin or Member key.');
    const alreadyGuarded = this.deps.redactor.redact(key) !== key;
    if (!alreadyGuarded) this.deps.redactor.add(key);
    try {
      return await run(key);
    } finally {
      if (!alreadyGuarded) this.deps.redactor.forget(key);
    }
  }

  /** Forgets a replaced or removed key in the redactor unless another profile still holds it. */
  private async forgetIfUnused(key: string): Promise<void> {
    const { profiles } = await this.deps.store.read();
    for (const p of profiles) {
      if (!p.keyStorage) continue;
      if ((await this.deps.secrets.get(p.keyStorage, p.account).catch(() => null)) === key) return;
    }
    this.deps.redactor.forget(key);
  }

  /** Server-derived text on its way to the settings file or the renderer: capped and stripped of known keys. */
  private safeText(text: string, max: number): string {
    return capText(this.deps.redactor.redact(text), max);
  }

  private async changed(): Promise<KeysStatus> {
    const status = await this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.deps.logger.error('A keys listener failed', error);
      }
    }
    return status;
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.lock.then(run);
    this.lock = next.catch(() => undefined);
    return next;
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('INVALID_ARGUMENT', result.error.issues[0]?.message ?? 'Invalid input.');
  return result.data;
}

function toIsoDate(value: string, now: Date): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new AppError('INVALID_ARGUMENT', 'The expiry date is not a date.');
  if (time <= now.getTime()) throw new AppError('INVALID_ARGUMENT', 'The expiry date is in the past.');
  return new Date(time).toISOString();
}
