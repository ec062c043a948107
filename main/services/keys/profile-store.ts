import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultRegionUrls, profileSchema } from '../../../common/profiles';
import type { Endpoint } from '../../../common/profiles';
import { idSchema } from '../../../common/domain';
import { writeFileAtomic } from '../fs/atomic-file';
import type { Logger } from '../logging/logger';

/** The keychain account of the single key of settings version 1; a migrated profile keeps it. */
export const legacyAccount = 'deepgram:default';

/** The keychain account of a profile created by this version. */
export function profileAccount(profileId: string): string {
  return `profile:${profileId}`;
}

/** A profile as stored: what the renderer sees minus derived fields, plus its keychain account. */
export const storedProfileSchema = profileSchema.omit({ baseUrl: true, hasKey: true }).extend({
  /** The keychain (or session) account holding this profile's key; never the key itself. */
  account: z.string().min(1).max(200),
});
export type StoredProfile = z.infer<typeof storedProfileSchema>;

const settingsSchema = z.object({
  version: z.literal(2),
  activeProfileId: idSchema.nullable(),
  profiles: z.array(storedProfileSchema).max(100),
});
export type ProfileSettings = z.infer<typeof settingsSchema>;

const emptySettings: ProfileSettings = { version: 2, activeProfileId: null, profiles: [] };

const v1Schema = z.object({
  version: z.literal(1),
  key: z
    .object({ baseUrl: z.string(), projectName: z.string().nullable(), canListProjects: z.boolean(), checkedAt: z.string() })
    .nullable(),
});

function endpointFromV1(baseUrl: string): Endpoint {
  const url = baseUrl.replace(/\/+$/, '');
  if (url === defaultRegionUrls.us) return { kind: 'us' };
  if (url === defaultRegionUrls.eu) return { kind: 'eu' };
  return { kind: 'custom', url, selfHosted: false };
}

/** Version 1 held one key under `deepgram:default`: it becomes the profile "Default", same account. */
function migrateV1(v1: z.infer<typeof v1Schema>): ProfileSettings {
  if (!v1.key) return emptySettings;
  const { baseUrl, projectName, canListProjects, checkedAt } = v1.key;
  const profile: StoredProfile = {
    id: 'default',
    name: 'Default',
    endpoint: endpointFromV1(baseUrl),
    tags: [],
    account: legacyAccount,
    keyStorage: 'keychain',
    project: projectName ? { id: '', name: projectName } : null,
    key: null,
    check: {
      kind: 'management',
      ok: true,
      at: checkedAt,
      ...(canListProjects ? {} : { note: 'This key’s role cannot list projects.' }),
    },
    appKey: null,
  };
  return { version: 2, activeProfileId: profile.id, profiles: [profile] };
}

type Parsed = { ok: true; settings: ProfileSettings; migrated: boolean } | { ok: false; problem: string };

function parseSettings(text: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, problem: 'it is not valid JSON (truncated or damaged)' };
  }
  const v2 = settingsSchema.safeParse(raw);
  if (v2.success) return { ok: true, settings: v2.data, migrated: false };
  const v1 = v1Schema.safeParse(raw);
  if (v1.success) return { ok: true, settings: migrateV1(v1.data), migrated: true };
  const version = raw && typeof raw === 'object' ? (raw as { version?: unknown }).version : undefined;
  return { ok: false, problem: typeof version === 'number' && version > 2 ? `it was written by a newer version of the app (version ${version})` : 'its content does not match any known settings version' };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface ProfileStoreOptions {
  logger?: Logger;
  /** How files are replaced; tests inject a failing writer to prove the callers' rollbacks. */
  writeFile?: (path: string, data: string) => Promise<void>;
}

/**
 * Profiles in `<data>/settings.json` (version 2), without keys. Every write is atomic and first
 * copies the last good file to `settings.json.bak`; a damaged or missing file is restored from
 * that backup, so a key in the keychain is never orphaned by a broken settings file.
 */
export class ProfileStore {
  readonly path: string;
  readonly backupPath: string;
  private readonly logger: Logger | undefined;
  private readonly writeFile: (path: string, data: string) => Promise<void>;
  private cache: ProfileSettings | undefined;
  private loading: Promise<ProfileSettings> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, options: ProfileStoreOptions = {}) {
    this.path = join(dataDir, 'settings.json');
    this.backupPath = join(dataDir, 'settings.json.bak');
    this.logger = options.logger;
    this.writeFile = options.writeFile ?? writeFileAtomic;
  }

  /** The profiles as last written (loading, migrating or restoring the file on first use). */
  read(): Promise<ProfileSettings> {
    if (this.cache) return Promise.resolve(this.cache);
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Applies a change and writes it; changes run one at a time, and a failed write changes nothing. */
  update(change: (current: ProfileSettings) => ProfileSettings): Promise<ProfileSettings> {
    const run = this.queue.then(async () => {
      const next = settingsSchema.parse(change(await this.read()));
      await this.persist(next);
      this.cache = next;
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async persist(next: ProfileSettings): Promise<void> {
    // The backup is the last good copy: what is on disk right before it is replaced, never a damaged file.
    const current = await readText(this.path);
    if (current !== undefined && parseSettings(current).ok) await this.writeFile(this.backupPath, current);
    await this.writeFile(this.path, `${JSON.stringify(next, null, 2)}\n`);
  }

  private async load(): Promise<ProfileSettings> {
    const text = await readText(this.path);
    if (text === undefined) {
      if ((await readText(this.backupPath)) !== undefined) return this.restore('settings.json is missing', undefined);
      this.cache = emptySettings;
      return emptySettings;
    }
    const parsed = parseSettings(text);
    if (!parsed.ok) return this.restore(`settings.json could not be read: ${parsed.problem}`, text);
    this.cache = parsed.settings;
    if (parsed.migrated) {
      this.logger?.info('Settings version 1 migrated to profiles; the key keeps its keychain entry');
      // The version 1 file becomes the backup; until the write succeeds the migration lives in memory.
      await this.persist(parsed.settings).catch((error: unknown) => this.logger?.error('Could not write the migrated settings', error));
    }
    return parsed.settings;
  }

  private async restore(problem: string, damaged: string | undefined): Promise<ProfileSettings> {
    if (damaged !== undefined) {
      // Kept for diagnosis; it holds no key, only profile metadata.
      await this.writeFile(`${this.path}.damaged`, damaged).catch(() => undefined);
    }
    const backup = await readText(this.backupPath);
    const parsed = backup === undefined ? undefined : parseSettings(backup);
    if (!parsed?.ok) {
      const why = parsed ? `settings.json.bak is unusable too: ${parsed.problem}` : 'there is no settings.json.bak';
      this.logger?.error(`${problem}, and ${why}: starting without profiles`);
      this.cache = emptySettings;
      return emptySettings;
    }
    this.logger?.warn(`${problem}; restored ${parsed.settings.profiles.length} profile(s) from settings.json.bak`);
    this.cache = parsed.settings;
    await this.persist(parsed.settings).catch((error: unknown) => this.logger?.error('Could not write the restored settings', error));
    return parsed.settings;
  }
}
