import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import type { KeysStatus } from '../../common/profiles';
import { ManagementClient, silentWav } from '../../main/services/deepgram/management-client';
import { writeFileAtomic } from '../../main/services/fs/atomic-file';
import { ProfileSecrets } from '../../main/services/keys/keychain';
import { ProfileService } from '../../main/services/keys/profile-service';
import type { ProfileCredentials } from '../../main/services/keys/profile-service';
import { legacyAccount, ProfileStore } from '../../main/services/keys/profile-store';
import { redactingLogger, SecretRedactor } from '../../main/services/logging/logger';
import { startDeepgramDouble } from '../deepgram-double/server';
import type { DeepgramDouble, DoubleKey } from '../deepgram-double/server';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { filesContaining } from '../support/key-scan';
import { makeTestCertificate, testTlsFromEnv } from '../support/test-tls';

const acme = '0b5e8d1c-1f7a-4c1e-9a57-3d2f6b0c9e11';
const teamB = '7f3c2a10-4b6d-4e8f-8a1b-2c3d4e5f6a7b';
const owner = 'owner00key0000000000000000000000000000002';
const admin = 'admin00key0000000000000000000000000000002';
const member = 'member0key0000000000000000000000000000002';
const usageOnly = 'usage00only000000000000000000000000000002';
const teamBKey = 'teamb0key00000000000000000000000000000002';
const doubleKeys: DoubleKey[] = [
  { key: owner, projectId: acme, projectName: 'Acme Transcripts', role: 'owner' },
  { key: admin, projectId: acme, role: 'admin', memberEmail: 'admin@acme.test' },
  { key: member, projectId: acme, role: 'member', memberEmail: 'member@acme.test', comment: 'laptop key' },
  { key: usageOnly, projectId: acme, scopes: ['usage:write'] },
  { key: teamBKey, projectId: teamB, projectName: 'Team B', role: 'member' },
];

let global: DeepgramDouble;
let regional: DeepgramDouble;

beforeAll(async () => {
  const tls = testTlsFromEnv();
  if (!tls || !process.env.NODE_EXTRA_CA_CERTS) throw new Error('No test certificate: run with `npm test` (or source the TLS env), which trusts one via NODE_EXTRA_CA_CERTS.');
  global = await startDeepgramDouble({ cert: tls.cert, key: tls.key, keys: doubleKeys });
  regional = await startDeepgramDouble({ cert: tls.cert, key: tls.key, keys: doubleKeys, regional: true, sharedWith: global });
});
afterAll(async () => {
  await regional?.close();
  await global?.close();
});

/** The in-memory SecretStore, remembering every secret ever written to it (even ones taken back later). */
class ScannedSecretStore extends InMemorySecretStore {
  readonly written: string[] = [];
  readonly current = new Map<string, string>();

  override async set(account: string, secret: string): Promise<void> {
    this.written.push(secret);
    this.current.set(account, secret);
    return super.set(account, secret);
  }

  override async delete(account: string): Promise<boolean> {
    this.current.delete(account);
    return super.delete(account);
  }
}

interface HarnessOptions {
  dataDir?: string;
  memory?: ScannedSecretStore;
  globalUrl?: string;
  euUrl?: string;
}

async function harness(options: HarnessOptions = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'profiles-')));
  const memory = options.memory ?? new ScannedSecretStore();
  const redactor = new SecretRedactor();
  const lines: string[] = [];
  const base = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
  const logger = redactingLogger(base, redactor);
  /** `settings`: writes of settings.json fail; `gate`: they wait for it first. */
  const failing: { settings: boolean; gate: Promise<void> | null } = { settings: false, gate: null };
  const store = new ProfileStore(dataDir, {
    logger,
    writeFile: async (path, data) => {
      if (basename(path) === 'settings.json') await failing.gate;
      if (failing.settings && basename(path) === 'settings.json') throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      await writeFileAtomic(path, data);
    },
  });
  const secrets = new ProfileSecrets({ keychain: memory, probe: async () => ({ available: true, problem: null }) });
  const management = new ManagementClient({ globalBaseUrl: options.globalUrl ?? global.url });
  const service = new ProfileService({ store, secrets, management, redactor, logger, regions: { us: global.url, eu: options.euUrl ?? regional.url } });
  return { service, memory, dataDir, redactor, lines, failing };
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

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** What the app will do with the credentials: a transcription carrying the profile's tags. */
async function transcribeWith(credentials: ProfileCredentials): Promise<void> {
  const query = credentials.tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&');
  const response = await fetch(`${credentials.baseUrl}/v1/listen?${query}`, {
    method: 'POST',
    headers: { Authorization: `Token ${credentials.key}`, 'Content-Type': 'audio/wav' },
    body: new Uint8Array(silentWav(1000)),
  });
  expect(response.status).toBe(200);
  await response.text();
}

/** No key in the data folder, the log or anything the renderer may see. */
async function expectNoLeak(h: Awaited<ReturnType<typeof harness>>, secrets: string[]): Promise<void> {
  expect(await filesContaining(h.dataDir, secrets)).toEqual([]);
  expect(h.lines.filter((l) => secrets.some((s) => l.includes(s)))).toEqual([]);
  const status = JSON.stringify(await h.service.status());
  for (const secret of secrets) expect(status).not.toContain(secret);
}

const profileOf = (status: KeysStatus, id: string) => status.profiles.find((p) => p.id === id)!;

describe('ProfileService: profiles, each with its own key', () => {
  it('keeps two profiles with their own keys, endpoints and tags, and switches between them', async () => {
    const h = await harness();
    const prod = await h.service.save({ name: 'Production', endpoint: { kind: 'us' }, tags: ['prod'], key: member });
    const team = await h.service.save({ name: 'Team B', endpoint: { kind: 'eu' }, tags: ['team-b'], key: teamBKey });
    expect(team.status.activeProfileId).toBe(team.profileId);
    expect(profileOf(team.status, prod.profileId)).toMatchObject({
      name: 'Production',
      baseUrl: global.url,
      tags: ['prod'],
      hasKey: true,
      keyStorage: 'keychain',
      project: { id: acme, name: 'Acme Transcripts' },
      key: { scopes: ['member'], comment: 'laptop key', expiresAt: null },
      check: { kind: 'management', ok: true },
      appKey: null,
    });
    expect(profileOf(team.status, team.profileId)).toMatchObject({ baseUrl: regional.url, project: { id: teamB, name: 'Team B' }, check: { kind: 'listen', ok: true } });
    expect(h.memory.current.get(`profile:${prod.profileId}`)).toBe(member);
    expect(h.memory.current.get(`profile:${team.profileId}`)).toBe(teamBKey);

    const teamCredentials = await h.service.credentials();
    expect(teamCredentials).toEqual({ key: teamBKey, baseUrl: regional.url, tags: ['team-b'], profileId: team.profileId, profileName: 'Team B' });
    await h.service.activate(prod.profileId);
    const prodCredentials = await h.service.credentials();
    expect(prodCredentials).toEqual({ key: member, baseUrl: global.url, tags: ['prod'], profileId: prod.profileId, profileName: 'Production' });
    expect(await h.service.credentials(team.profileId)).toEqual(teamCredentials);

    // The double sees each profile's own key and tags.
    const before = { global: global.requests.length, regional: regional.requests.length };
    await transcribeWith(prodCredentials);
    await transcribeWith(teamCredentials);
    const prodRequest = global.requests.slice(before.global).find((r) => r.path === '/v1/listen')!;
    const teamRequest = regional.requests.slice(before.regional).find((r) => r.path === '/v1/listen')!;
    expect(prodRequest).toMatchObject({ projectId: acme, tags: ['prod'] });
    expect(teamRequest).toMatchObject({ projectId: teamB, tags: ['team-b'] });
    expect(prodRequest.apiKeyId).not.toBe(teamRequest.apiKeyId);

    await expectNoLeak(h, [member, teamBKey]);
  });

  it('tells listeners about every change, and stops when unsubscribed', async () => {
    const h = await harness();
    const seen: KeysStatus[] = [];
    const unsubscribe = h.service.onChange((s) => seen.push(s));
    const saved = await h.service.save({ name: 'Production', endpoint: { kind: 'us' }, key: member });
    expect(seen.at(-1)).toEqual(saved.status);
    unsubscribe();
    await h.service.remove(saved.profileId);
    expect(seen).toHaveLength(1);
  });

  it('changes the endpoint without the key: the stored key is kept and checked again on the new endpoint', async () => {
    const h = await harness();
    const saved = await h.service.save({ name: 'Production', endpoint: { kind: 'us' }, key: member });
    const writes = h.memory.written.length;
    const before = regional.requests.length;
    const moved = await h.service.save({ profileId: saved.profileId, name: 'Production EU', endpoint: { kind: 'eu' } });
    expect(h.memory.written.length).toBe(writes);
    expect(h.memory.current.get(`profile:${saved.profileId}`)).toBe(member);
    expect(regional.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /v1/listen 200']);
    const profile = profileOf(moved.status, saved.profileId);
    expect(profile).toMatchObject({ name: 'Production EU', baseUrl: regional.url, hasKey: true, check: { kind: 'listen', ok: true }, project: { id: acme } });
    expect(profile.check?.note).toMatch(/serves no management routes, so the key was proved by a short transcription request there/);
    expect((await h.service.credentials()).baseUrl).toBe(regional.url);

    // An endpoint that fails the check changes nothing.
    const refused = await failure(h.service.save({ profileId: saved.profileId, name: 'Broken', endpoint: { kind: 'custom', url: `https://127.0.0.1:${await closedPort()}`, selfHosted: false } }));
    expect(refused.code).toBe('NETWORK');
    expect(profileOf(await h.service.status(), saved.profileId)).toMatchObject({ name: 'Production EU', endpoint: { kind: 'eu' } });
  });

  it('validates a regional profile with a listen probe there, and asks the global host only for details', async () => {
    const h = await harness();
    const before = { global: global.requests.length, regional: regional.requests.length };
    const saved = await h.service.save({ name: 'EU only', endpoint: { kind: 'eu' }, key: usageOnly });
    expect(regional.requests.slice(before.regional).map((r) => r.path)).toEqual(['/v1/listen']);
    expect(global.requests.slice(before.global).every((r) => r.path !== '/v1/listen')).toBe(true);
    const profile = profileOf(saved.status, saved.profileId);
    expect(profile.check).toMatchObject({ kind: 'listen', ok: true });
    // A usage-only key may not list projects: the UI says so rather than failing.
    expect(profile.check?.note).toMatch(/Project name: not available for this key’s role/);
    expect(profile.key).toMatchObject({ scopes: ['usage:write'] });
  });

  it('names each failing state and stores nothing: invalid key, unreachable, TLS, no management routes, plain http', async () => {
    const h = await harness();
    const wrong = 'wrong0key000000000000000000000000000000002';
    const invalidUs = await failure(h.service.save({ name: 'X', endpoint: { kind: 'us' }, key: wrong }));
    expect(invalidUs.code).toBe('INVALID_KEY');
    const invalidEu = await failure(h.service.save({ name: 'X', endpoint: { kind: 'eu' }, key: wrong }));
    expect(invalidEu.code).toBe('INVALID_KEY');

    const offline = await harness({ euUrl: `https://127.0.0.1:${await closedPort()}` });
    const unreachable = await failure(offline.service.save({ name: 'X', endpoint: { kind: 'eu' }, key: member }));
    expect(unreachable.code).toBe('NETWORK');
    expect(unreachable.message).toMatch(/ECONNREFUSED/);

    const untrustedTls = await makeTestCertificate(await mkdtemp(join(tmpdir(), 'untrusted-')));
    const untrusted = await startDeepgramDouble({ cert: untrustedTls.cert, key: untrustedTls.key, keys: doubleKeys });
    try {
      const tls = await failure(h.service.save({ name: 'X', endpoint: { kind: 'custom', url: untrusted.url, selfHosted: false }, key: member }));
      expect(tls.code).toBe('TLS');
    } finally {
      await untrusted.close();
    }

    // A `us` profile whose "global" host serves no management routes cannot be validated, and says why.
    const misrouted = await harness({ globalUrl: regional.url });
    const noRoutes = await failure(misrouted.service.save({ name: 'X', endpoint: { kind: 'us' }, key: member }));
    expect(noRoutes.code).toBe('NOT_FOUND');
    expect(noRoutes.message).toMatch(/does not serve Deepgram’s management routes \(404\)/);

    const http = await failure(h.service.save({ name: 'X', endpoint: { kind: 'custom', url: 'http://10.0.0.5:8080', selfHosted: false }, key: member }));
    expect(http.code).toBe('INSECURE_URL');
    expect(http.message).toMatch(/mark the endpoint as a self-hosted server/);

    for (const x of [h, offline, misrouted]) {
      expect(x.memory.written).toEqual([]);
      expect(await readdir(x.dataDir)).toEqual([]);
      // Refused input never teaches the redactor.
      expect(x.redactor.size).toBe(0);
      expect((await x.service.status()).profiles).toEqual([]);
    }
  });

  it('keeps a valid key whose role is small, or whose project has no credit, and says what it could not see', async () => {
    const h = await harness();
    const small = await h.service.save({ name: 'Small', endpoint: { kind: 'us' }, key: usageOnly });
    const smallProfile = profileOf(small.status, small.profileId);
    expect(smallProfile.check).toMatchObject({ kind: 'management', ok: true, note: expect.stringMatching(/Project name: not available for this key’s role/) });
    // The key's own details still name its project.
    expect(smallProfile.project).toEqual({ id: acme, name: '' });

    regional.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
    const broke = await h.service.save({ name: 'No credit', endpoint: { kind: 'eu' }, key: member });
    expect(profileOf(broke.status, broke.profileId).check).toMatchObject({ kind: 'listen', ok: true, note: expect.stringMatching(/run out of credit \(402\)/) });
  });

  it('a self-hosted endpoint is not checked, allows plain http, and carries a warning', async () => {
    const h = await harness();
    const before = global.requests.length + regional.requests.length;
    const saved = await h.service.save({ name: 'On-prem', endpoint: { kind: 'custom', url: 'http://10.0.0.5:8080/', selfHosted: true }, key: 'any-non-empty-key' });
    expect(global.requests.length + regional.requests.length).toBe(before);
    const profile = profileOf(saved.status, saved.profileId);
    expect(profile.baseUrl).toBe('http://10.0.0.5:8080');
    expect(profile.check).toMatchObject({ kind: 'none', ok: true });
    expect(profile.check?.note).toMatch(/self-hosted server accepts any key, so nothing was checked.*Plain http: audio and transcripts travel to 10\.0\.0\.5:8080 unencrypted/);
    const usage = await h.service.usage(saved.profileId);
    expect(usage.unavailable).toEqual(['A self-hosted server reports no usage to Deepgram.']);
  });

  it('keeps a session-only key in the session when the profile is edited without saying where', async () => {
    const h = await harness();
    const saved = await h.service.save({ name: 'Temp', endpoint: { kind: 'us' }, key: member, sessionOnly: true });
    const renamed = await h.service.save({ profileId: saved.profileId, name: 'Temp renamed', endpoint: { kind: 'us' } });
    expect(profileOf(renamed.status, saved.profileId)).toMatchObject({ name: 'Temp renamed', hasKey: true, keyStorage: 'session' });
    expect(h.memory.written).toEqual([]);
    // Saying so moves it into the keychain.
    const moved = await h.service.save({ profileId: saved.profileId, name: 'Kept', endpoint: { kind: 'us' }, sessionOnly: false });
    expect(profileOf(moved.status, saved.profileId)).toMatchObject({ hasKey: true, keyStorage: 'keychain' });
    expect(h.memory.current.get(`profile:${saved.profileId}`)).toBe(member);
  });

  it('checks a key on demand and records a failure as a state, not an exception', async () => {
    const h = await harness();
    const doomed = 'doomed0key000000000000000000000000000002';
    global.addKey({ key: doomed, projectId: acme, role: 'member', apiKeyId: '1a2b3c4d-0000-4000-8000-00000000d00d', memberEmail: 'member@acme.test' });
    const saved = await h.service.save({ name: 'Doomed', endpoint: { kind: 'us' }, key: doomed });
    await new ManagementClient({ globalBaseUrl: global.url }).deleteKey(owner, acme, '1a2b3c4d-0000-4000-8000-00000000d00d');
    const status = await h.service.check(saved.profileId);
    expect(profileOf(status, saved.profileId).check).toMatchObject({ kind: 'management', ok: false, problem: expect.stringMatching(/^Deepgram rejected this key \(401\)/) });
    expect(profileOf(status, saved.profileId).hasKey).toBe(true);
    await expectNoLeak(h, [doomed]);
  });

  it('teaches the redactor a key once accepted and makes it forget on replacement and removal', async () => {
    const h = await harness();
    const saved = await h.service.save({ name: 'P', endpoint: { kind: 'us' }, key: member });
    expect(h.redactor.redact(`x ${member} y`)).toBe('x [redacted] y');
    await h.service.save({ profileId: saved.profileId, name: 'P', endpoint: { kind: 'us' }, key: admin });
    expect(h.redactor.redact(member)).toBe(member);
    expect(h.redactor.redact(admin)).toBe('[redacted]');
    await h.service.remove(saved.profileId);
    expect(h.redactor.redact(admin)).toBe(admin);
    expect(h.memory.current.size).toBe(0);
    expect((await failure(h.service.credentials())).code).toBe('NO_KEY');
  });
});

describe('ProfileService: the keychain and the settings change together or not at all', () => {
  it('a new profile whose settings cannot be written leaves no key in the keychain', async () => {
    const h = await harness();
    h.failing.settings = true;
    const error = await failure(h.service.save({ name: 'P', endpoint: { kind: 'us' }, key: member }));
    expect(error.code).toBe('SAVE_FAILED');
    expect(error.message).toMatch(/The settings file could not be written \(ENOSPC\), so nothing was changed; the keychain was left as it was\./);
    expect(h.memory.written).toEqual([member]);
    expect([...h.memory.current.values()]).toEqual([]);
    h.failing.settings = false;
    expect((await h.service.status()).profiles).toEqual([]);
  });

  it('a replaced key whose settings cannot be written: the keychain keeps the old key, requests keep the old server, also after a restart', async () => {
    const h = await harness();
    const saved = await h.service.save({ name: 'P', endpoint: { kind: 'us' }, key: member });
    h.failing.settings = true;
    const error = await failure(h.service.save({ profileId: saved.profileId, name: 'P', endpoint: { kind: 'eu' }, key: teamBKey }));
    expect(error.code).toBe('SAVE_FAILED');
    expect(h.memory.current.get(`profile:${saved.profileId}`)).toBe(member);
    expect(await h.service.credentials()).toMatchObject({ key: member, baseUrl: global.url });
    const restarted = await harness({ dataDir: h.dataDir, memory: h.memory });
    expect(await restarted.service.credentials()).toMatchObject({ key: member, baseUrl: global.url });
  });

  it('a request never gets a new key with the old endpoint while a save is being written', async () => {
    const h = await harness();
    const saved = await h.service.save({ name: 'P', endpoint: { kind: 'us' }, key: member });
    let release = (): void => undefined;
    h.failing.gate = new Promise<void>((done) => {
      release = done;
    });
    const saving = h.service.save({ profileId: saved.profileId, name: 'P', endpoint: { kind: 'eu' }, key: teamBKey });
    // Wait until the keychain already holds the new key while settings.json is still being written.
    while (h.memory.current.get(`profile:${saved.profileId}`) !== teamBKey) await new Promise((done) => setTimeout(done, 5));
    let answered: ProfileCredentials | undefined;
    const asked = h.service.credentials().then((c) => (answered = c));
    await new Promise((done) => setTimeout(done, 200));
    expect(answered).toBeUndefined();
    release();
    await saving;
    await asked;
    expect(answered).toMatchObject({ key: teamBKey, baseUrl: regional.url });
  });

  it('a removal whose settings cannot be written puts the key back', async () => {
    const h = await harness();
    const saved = await h.service.save({ name: 'P', endpoint: { kind: 'us' }, key: member });
    h.failing.settings = true;
    expect((await failure(h.service.remove(saved.profileId))).code).toBe('SAVE_FAILED');
    expect(h.memory.current.get(`profile:${saved.profileId}`)).toBe(member);
    expect(await h.service.credentials()).toMatchObject({ key: member });
  });

  it('a truncated settings.json is restored from the backup: the user keeps a profile whose key works', async () => {
    const h = await harness();
    const first = await h.service.save({ name: 'Production', endpoint: { kind: 'us' }, key: member });
    await h.service.save({ name: 'Team B', endpoint: { kind: 'eu' }, key: teamBKey });
    const path = join(h.dataDir, 'settings.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, 40));

    const restarted = await harness({ dataDir: h.dataDir, memory: h.memory });
    const status = await restarted.service.status();
    expect(status.profiles.map((p) => p.name)).toEqual(['Production']);
    expect(status.activeProfileId).toBe(first.profileId);
    expect(await restarted.service.credentials()).toMatchObject({ key: member, baseUrl: global.url, profileName: 'Production' });
    expect(restarted.lines.some((l) => /restored 1 profile\(s\) from settings\.json\.bak/.test(l))).toBe(true);
  });

  it('migrates a version 1 settings file: the key under deepgram:default keeps working as profile "Default"', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'profiles-v1-'));
    await writeFile(
      join(dataDir, 'settings.json'),
      JSON.stringify({ version: 1, key: { baseUrl: 'https://api.deepgram.com', projectName: 'Acme Transcripts', canListProjects: true, checkedAt: '2026-10-01T10:00:00.000Z' } }),
    );
    const memory = new ScannedSecretStore();
    await memory.set(legacyAccount, member);
    const h = await harness({ dataDir, memory });
    const status = await h.service.status();
    expect(status.activeProfileId).toBe('default');
    expect(status.profiles).toEqual([
      expect.objectContaining({ id: 'default', name: 'Default', endpoint: { kind: 'us' }, hasKey: true, keyStorage: 'keychain', project: { id: '', name: 'Acme Transcripts' } }),
    ]);
    expect(await h.service.credentials()).toMatchObject({ key: member, profileName: 'Default' });
    // The next check fills in what version 1 never stored.
    const checked = await h.service.check('default');
    expect(profileOf(checked, 'default').project).toEqual({ id: acme, name: 'Acme Transcripts' });
  });
});

describe('ProfileService: least-privilege app keys', () => {
  it('lists the admin key’s projects and creates a usage:write key: only the new key is stored, the admin key nowhere', async () => {
    const h = await harness();
    expect(await h.service.adminProjects(admin)).toEqual([{ projectId: acme, name: 'Acme Transcripts' }]);
    const before = global.keysOf(acme).map((k) => k.apiKeyId);
    const created = await h.service.createAppKey({
      adminKey: admin,
      projectId: acme,
      profile: { name: 'Desk', endpoint: { kind: 'eu' }, tags: ['desk'] },
      expiry: { kind: 'ttl', seconds: 86_400 },
      keyTags: ['deepgram-desk'],
    });
    const minted = global.keysOf(acme).filter((k) => !before.includes(k.apiKeyId));
    expect(minted).toHaveLength(1);
    const [key] = minted;
    expect(key!.scopes).toEqual(['usage:write']);
    expect(key!.tags).toEqual(['deepgram-desk']);
    expect(key!.comment).toContain(hostname());
    expect(key!.comment).toMatch(/^Deepgram Desk on /);
    expect(Date.parse(key!.expiresAt!) - Date.now()).toBeGreaterThan(86_000_000);

    const profile = profileOf(created.status, created.profileId);
    expect(profile).toMatchObject({
      name: 'Desk',
      baseUrl: regional.url,
      tags: ['desk'],
      hasKey: true,
      project: { id: acme, name: 'Acme Transcripts' },
      key: { apiKeyId: key!.apiKeyId, scopes: ['usage:write'], expiresAt: key!.expiresAt },
      appKey: { apiKeyId: key!.apiKeyId, projectId: acme },
    });
    // Only the new key was ever written to the keychain; the admin key is in no file, log, status or store.
    expect(h.memory.written).toEqual([key!.key]);
    await expectNoLeak(h, [admin, key!.key]);
    // The redactor guarded the admin key only during the calls.
    expect(h.redactor.redact(admin)).toBe(admin);
    expect(h.redactor.redact(key!.key)).toBe('[redacted]');
    // The new key transcribes on the profile's endpoint.
    await transcribeWith(await h.service.credentials(created.profileId));
  });

  it('adds read scopes only when asked: usage:read for a Member, and billing:read too for an Admin', async () => {
    const h = await harness();
    const memberMade = await h.service.createAppKey({ adminKey: member, projectId: acme, profile: { name: 'M', endpoint: { kind: 'us' } }, usageRead: true, expiry: { kind: 'never' } });
    expect(profileOf(memberMade.status, memberMade.profileId).key?.scopes).toEqual(['usage:write', 'usage:read']);
    const adminMade = await h.service.createAppKey({ adminKey: admin, projectId: acme, profile: { name: 'A', endpoint: { kind: 'us' }, tags: ['reports'] }, usageRead: true, expiry: { kind: 'never' } });
    expect(profileOf(adminMade.status, adminMade.profileId).key?.scopes).toEqual(['usage:write', 'usage:read', 'billing:read']);

    // With those scopes the profile reads this month's usage, by tag, and the balance.
    await transcribeWith(await h.service.credentials(adminMade.profileId));
    const report = await h.service.usage(adminMade.profileId);
    expect(report.unavailable).toEqual([]);
    expect(report.totals!.requests).toBeGreaterThanOrEqual(1);
    expect(report.byTag!.find((t) => t.tag === 'reports')?.requests).toBe(1);
    expect(report.balance).toEqual({ amount: 200, units: 'USD' });
    expect(report.start).toMatch(/^\d{4}-\d{2}-01$/);

    // A Member's key reads usage but not the balance.
    const memberReport = await h.service.usage(memberMade.profileId);
    expect(memberReport.totals).not.toBeNull();
    expect(memberReport.balance).toBeNull();
    expect(memberReport.unavailable).toEqual(['Balance: not available for this key’s role']);
  });

  it('a usage:write-only app key reports usage as not available for its role', async () => {
    const h = await harness();
    const made = await h.service.createAppKey({ adminKey: admin, projectId: acme, profile: { name: 'Lean', endpoint: { kind: 'us' } }, expiry: { kind: 'never' } });
    const report = await h.service.usage(made.profileId);
    expect(report).toMatchObject({ totals: null, byTag: null, balance: null });
    expect(report.unavailable).toEqual(['Usage: not available for this key’s role', 'Usage by tag: not available for this key’s role', 'Balance: not available for this key’s role']);
  });

  it('a key without keys:write gets the troubleshooting advice, and nothing is created or stored', async () => {
    const h = await harness();
    const before = global.keysOf(acme).length;
    const error = await failure(h.service.createAppKey({ adminKey: usageOnly, projectId: acme, profile: { name: 'X', endpoint: { kind: 'us' } }, expiry: { kind: 'never' } }));
    expect(error.code).toBe('KEY_PERMISSIONS');
    expect(error.message).toMatch(/needs the keys:write permission/);
    expect(error.message).toMatch(/Ask an Owner or Admin of the Deepgram project to create the key, or create one yourself in the Deepgram console .* with only the usage:write scope/);
    expect(global.keysOf(acme)).toHaveLength(before);
    expect(h.memory.written).toEqual([]);
    expect((await failure(h.service.adminProjects(usageOnly))).message).toMatch(/Ask an Owner or Admin/);
    expect(h.redactor.size).toBe(0);
  });

  it('a new key that cannot be stored is revoked again, and the error says so', async () => {
    const h = await harness();
    const before = global.keysOf(acme).map((k) => k.apiKeyId);
    h.failing.settings = true;
    const error = await failure(h.service.createAppKey({ adminKey: admin, projectId: acme, profile: { name: 'X', endpoint: { kind: 'us' } }, expiry: { kind: 'never' } }));
    expect(error.code).toBe('SAVE_FAILED');
    expect(error.message).toMatch(/The new key was revoked again\./);
    expect(global.keysOf(acme).map((k) => k.apiKeyId)).toEqual(before);
    expect([...h.memory.current.values()]).toEqual([]);
    expect(h.redactor.size).toBe(0);
  });

  it('revokes an app key with a capable key, or explains how to do it in the console', async () => {
    const h = await harness();
    const made = await h.service.createAppKey({ adminKey: admin, projectId: acme, profile: { name: 'Desk', endpoint: { kind: 'us' } }, expiry: { kind: 'never' } });
    const { apiKeyId } = profileOf(made.status, made.profileId).appKey!;
    const appKey = h.memory.current.get(`profile:${made.profileId}`)!;

    // A Member may delete only keys its own member created: the app tells how to do it instead.
    const refused = await failure(h.service.revokeAppKey(made.profileId, member));
    expect(refused.code).toBe('KEY_PERMISSIONS');
    expect(refused.message).toMatch(new RegExp(`open console\\.deepgram\\.com, choose the project ${acme}, open API Keys and delete the key ${apiKeyId}`));
    expect(global.keysOf(acme).map((k) => k.apiKeyId)).toContain(apiKeyId);

    const status = await h.service.revokeAppKey(made.profileId, admin);
    expect(global.keysOf(acme).map((k) => k.apiKeyId)).not.toContain(apiKeyId);
    expect(profileOf(status, made.profileId)).toMatchObject({ hasKey: false, keyStorage: null, appKey: null, key: null });
    expect(h.memory.current.has(`profile:${made.profileId}`)).toBe(false);
    expect(h.redactor.redact(appKey)).toBe(appKey);
    expect((await failure(h.service.credentials(made.profileId))).code).toBe('NO_KEY');
    await expectNoLeak(h, [admin, member]);

    const pasted = await h.service.save({ name: 'Pasted', endpoint: { kind: 'us' }, key: member });
    const notOurs = await failure(h.service.revokeAppKey(pasted.profileId, admin));
    expect(notOurs.code).toBe('UNSUPPORTED');
    expect(notOurs.message).toMatch(/Revoke it in the Deepgram console/);
  });

  it('refuses to mint a keychain key when no keychain works, before anything is created', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'profiles-nokeychain-'));
    const redactor = new SecretRedactor();
    const memory = new ScannedSecretStore();
    const problem = 'No keyring found: install or unlock GNOME Keyring or KWallet. No Secret Service is running on the session bus.';
    const service = new ProfileService({
      store: new ProfileStore(dataDir),
      secrets: new ProfileSecrets({ keychain: memory, probe: async () => ({ available: false, problem }) }),
      management: new ManagementClient({ globalBaseUrl: global.url }),
      redactor,
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      regions: { us: global.url, eu: regional.url },
    });
    const before = global.keysOf(acme).length;
    const error = await failure(service.createAppKey({ adminKey: admin, projectId: acme, profile: { name: 'X', endpoint: { kind: 'us' } }, expiry: { kind: 'never' } }));
    expect(error).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', message: problem });
    expect(global.keysOf(acme)).toHaveLength(before);
    const session = await service.createAppKey({ adminKey: admin, projectId: acme, profile: { name: 'X', endpoint: { kind: 'us' }, sessionOnly: true }, expiry: { kind: 'never' } });
    expect(profileOf(session.status, session.profileId)).toMatchObject({ hasKey: true, keyStorage: 'session' });
    expect(memory.written).toEqual([]);
  });
});
