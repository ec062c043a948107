import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../main/services/fs/atomic-file';
import { legacyAccount, profileAccount, ProfileStore } from '../../main/services/keys/profile-store';
import type { ProfileSettings, StoredProfile } from '../../main/services/keys/profile-store';

function recordingLogger() {
  const lines: { level: string; text: string }[] = [];
  const log = (level: string) => (message: string, ...meta: unknown[]) => lines.push({ level, text: [message, ...meta.map(String)].join(' ') });
  return { logger: { info: log('info'), warn: log('warn'), error: log('error') }, lines };
}

function profile(id: string, name: string): StoredProfile {
  return {
    id,
    name,
    endpoint: { kind: 'eu' },
    tags: ['team-a'],
    account: profileAccount(id),
    keyStorage: 'keychain',
    project: { id: 'p-1', name: 'Project' },
    key: null,
    check: { kind: 'listen', ok: true, at: '2026-11-01T00:00:00.000Z' },
    appKey: null,
  };
}

const withProfiles = (...profiles: StoredProfile[]) => (s: ProfileSettings): ProfileSettings => ({ ...s, profiles, activeProfileId: profiles[0]?.id ?? null });

async function dataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'profile-store-'));
}

describe('ProfileStore: settings.json version 2', () => {
  it('starts empty, writes version 2, and reads it back in a new instance', async () => {
    const dir = await dataDir();
    const store = new ProfileStore(dir);
    expect(await store.read()).toEqual({ version: 2, activeProfileId: null, profiles: [] });
    await store.update(withProfiles(profile('a', 'Production')));
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as ProfileSettings;
    expect(onDisk.version).toBe(2);
    expect(onDisk.profiles[0]).toMatchObject({ id: 'a', name: 'Production', account: 'profile:a' });
    expect(await new ProfileStore(dir).read()).toEqual(onDisk);
  });

  it('backs up the last good copy before replacing it', async () => {
    const dir = await dataDir();
    const store = new ProfileStore(dir);
    await store.update(withProfiles(profile('a', 'First')));
    // The first write had nothing to back up.
    expect(await readdir(dir)).toEqual(['settings.json']);
    await store.update(withProfiles(profile('a', 'First'), profile('b', 'Second')));
    const backup = JSON.parse(await readFile(join(dir, 'settings.json.bak'), 'utf8')) as ProfileSettings;
    expect(backup.profiles.map((p) => p.name)).toEqual(['First']);
    const current = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as ProfileSettings;
    expect(current.profiles.map((p) => p.name)).toEqual(['First', 'Second']);
  });

  it('restores a truncated settings.json from the backup, logs it, and keeps the damaged copy', async () => {
    const dir = await dataDir();
    const first = new ProfileStore(dir);
    await first.update(withProfiles(profile('a', 'Production')));
    await first.update(withProfiles(profile('a', 'Production'), profile('b', 'Testing')));
    const full = await readFile(join(dir, 'settings.json'), 'utf8');
    const truncated = full.slice(0, Math.floor(full.length / 2));
    await writeFile(join(dir, 'settings.json'), truncated);

    const { logger, lines } = recordingLogger();
    const restored = await new ProfileStore(dir, { logger }).read();
    expect(restored.profiles.map((p) => p.name)).toEqual(['Production']);
    expect(restored.activeProfileId).toBe('a');
    expect(lines).toContainEqual({ level: 'warn', text: expect.stringMatching(/not valid JSON.*restored 1 profile\(s\) from settings\.json\.bak/) });
    expect(await readFile(join(dir, 'settings.json.damaged'), 'utf8')).toBe(truncated);
    // settings.json is whole again, and the backup still holds the good copy.
    expect((JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as ProfileSettings).profiles).toHaveLength(1);
    expect((JSON.parse(await readFile(join(dir, 'settings.json.bak'), 'utf8')) as ProfileSettings).profiles).toHaveLength(1);
  });

  it('never backs up a damaged file over the good backup', async () => {
    const dir = await dataDir();
    const store = new ProfileStore(dir);
    await store.update(withProfiles(profile('a', 'Production')));
    await store.update(withProfiles(profile('a', 'Production'), profile('b', 'Testing')));
    await writeFile(join(dir, 'settings.json'), '{"version": 2, "profi');
    const backupNames = async () => (JSON.parse(await readFile(join(dir, 'settings.json.bak'), 'utf8')) as ProfileSettings).profiles.map((p) => p.name);
    const fresh = new ProfileStore(dir);
    await fresh.read();
    // Restoring rewrote settings.json; the damaged bytes did not become the backup.
    expect(await backupNames()).toEqual(['Production']);
    await fresh.update(withProfiles(profile('c', 'Team B')));
    expect(await backupNames()).toEqual(['Production']);
  });

  it('restores from the backup when settings.json is missing', async () => {
    const dir = await dataDir();
    const store = new ProfileStore(dir);
    await store.update(withProfiles(profile('a', 'Production')));
    await store.update(withProfiles(profile('a', 'Production'), profile('b', 'Testing')));
    await rm(join(dir, 'settings.json'));
    const { logger, lines } = recordingLogger();
    expect((await new ProfileStore(dir, { logger }).read()).profiles.map((p) => p.name)).toEqual(['Production']);
    expect(lines.some((l) => l.level === 'warn' && /missing/.test(l.text))).toBe(true);
  });

  it('starts empty, and says so, when neither file can be read', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'settings.json'), '{not json');
    await writeFile(join(dir, 'settings.json.bak'), '{"version": 2}');
    const { logger, lines } = recordingLogger();
    expect(await new ProfileStore(dir, { logger }).read()).toEqual({ version: 2, activeProfileId: null, profiles: [] });
    expect(lines).toContainEqual({ level: 'error', text: expect.stringMatching(/settings\.json\.bak is unusable too.*starting without profiles/) });
  });

  it('migrates version 1 to a profile "Default" that keeps the deepgram:default keychain account', async () => {
    const dir = await dataDir();
    const v1 = { version: 1, key: { baseUrl: 'https://api.eu.deepgram.com', projectName: 'Acme', canListProjects: false, checkedAt: '2026-10-01T10:00:00.000Z' } };
    await writeFile(join(dir, 'settings.json'), JSON.stringify(v1));
    const { logger, lines } = recordingLogger();
    const settings = await new ProfileStore(dir, { logger }).read();
    expect(settings.activeProfileId).toBe('default');
    expect(settings.profiles).toEqual([
      {
        id: 'default',
        name: 'Default',
        endpoint: { kind: 'eu' },
        tags: [],
        account: legacyAccount,
        keyStorage: 'keychain',
        project: { id: '', name: 'Acme' },
        key: null,
        check: { kind: 'management', ok: true, at: '2026-10-01T10:00:00.000Z', note: 'This key’s role cannot list projects.' },
        appKey: null,
      },
    ]);
    expect(legacyAccount).toBe('deepgram:default');
    expect(lines.some((l) => /migrated/.test(l.text))).toBe(true);
    // Written as version 2, with the version 1 file kept as the backup.
    expect((JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as { version: number }).version).toBe(2);
    expect(JSON.parse(await readFile(join(dir, 'settings.json.bak'), 'utf8'))).toEqual(v1);
  });

  it('migrates the version 1 endpoints: US, EU and a custom URL', async () => {
    const cases = [
      ['https://api.deepgram.com', { kind: 'us' }],
      ['https://api.eu.deepgram.com/', { kind: 'eu' }],
      ['http://localhost:8080', { kind: 'custom', url: 'http://localhost:8080', selfHosted: false }],
    ] as const;
    for (const [baseUrl, endpoint] of cases) {
      const dir = await dataDir();
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, key: { baseUrl, projectName: null, canListProjects: true, checkedAt: '2026-10-01T10:00:00.000Z' } }));
      const [migrated] = (await new ProfileStore(dir).read()).profiles;
      expect(migrated?.endpoint).toEqual(endpoint);
      expect(migrated?.project).toBeNull();
    }
  });

  it('a version 1 file without a key migrates to no profiles', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, key: null }));
    expect((await new ProfileStore(dir).read()).profiles).toEqual([]);
  });

  it('runs updates one at a time, each on the result of the one before', async () => {
    const dir = await dataDir();
    let writing = 0;
    let overlapped = false;
    const store = new ProfileStore(dir, {
      writeFile: async (path, data) => {
        writing += 1;
        if (writing > 1) overlapped = true;
        await new Promise((done) => setTimeout(done, 5));
        await writeFileAtomic(path, data);
        writing -= 1;
      },
    });
    const names = Array.from({ length: 8 }, (_, i) => `P${i}`);
    await Promise.all(names.map((name, i) => store.update((s) => ({ ...s, profiles: [...s.profiles, profile(`id${i}`, name)] }))));
    expect(overlapped).toBe(false);
    expect((await new ProfileStore(dir).read()).profiles.map((p) => p.name).sort()).toEqual(names);
  });

  it('a failed write changes nothing, in memory or on disk, and later writes still run', async () => {
    const dir = await dataDir();
    let fail = false;
    const store = new ProfileStore(dir, {
      writeFile: async (path, data) => {
        if (fail && path.endsWith('settings.json')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        await writeFileAtomic(path, data);
      },
    });
    await store.update(withProfiles(profile('a', 'Production')));
    fail = true;
    await expect(store.update(withProfiles(profile('a', 'Production'), profile('b', 'Testing')))).rejects.toThrow(/ENOSPC/);
    expect((await store.read()).profiles.map((p) => p.name)).toEqual(['Production']);
    expect((await new ProfileStore(dir).read()).profiles.map((p) => p.name)).toEqual(['Production']);
    fail = false;
    await store.update(withProfiles(profile('a', 'Production'), profile('c', 'Team B')));
    expect((await new ProfileStore(dir).read()).profiles.map((p) => p.name)).toEqual(['Production', 'Team B']);
  });

  it('refuses to write a profile that breaks the schema (no key field exists to hold a secret)', async () => {
    const store = new ProfileStore(await dataDir());
    const bad = { ...profile('a', 'X'), secret: 'x' } as StoredProfile;
    // Unknown fields are dropped by the schema, so nothing but the listed metadata reaches the file.
    const written = await store.update(withProfiles(bad));
    expect(Object.keys(written.profiles[0]!)).not.toContain('secret');
    await expect(store.update((s) => ({ ...s, activeProfileId: 'not valid!' }))).rejects.toThrow();
  });
});
