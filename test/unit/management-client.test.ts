import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import { ManagementClient, parseKeyAnswer, silentWav } from '../../main/services/deepgram/management-client';
import { startDeepgramDouble } from '../deepgram-double/server';
import type { DeepgramDouble, DoubleKey, StartDoubleOptions } from '../deepgram-double/server';
import { makeTestCertificate, testTlsFromEnv } from '../support/test-tls';

const projectId = '0b5e8d1c-1f7a-4c1e-9a57-3d2f6b0c9e11';
const otherProjectId = '7f3c2a10-4b6d-4e8f-8a1b-2c3d4e5f6a7b';
const owner = 'owner00key0000000000000000000000000000001';
const admin = 'admin00key0000000000000000000000000000001';
const member = 'member0key0000000000000000000000000000001';
const usageOnly = 'usage00only000000000000000000000000000001';
const stranger = 'other00project0000000000000000000000000001';
const keys: DoubleKey[] = [
  { key: owner, projectId, projectName: 'Acme Transcripts', role: 'owner', comment: 'owner key' },
  { key: admin, projectId, role: 'admin' },
  { key: member, projectId, role: 'member', memberEmail: 'member@acme.test' },
  { key: usageOnly, projectId, scopes: ['usage:write'] },
  { key: stranger, projectId: otherProjectId, projectName: 'Elsewhere', role: 'owner' },
];

let global: DeepgramDouble;
let regional: DeepgramDouble;
let itemShaped: DeepgramDouble;
let minimal: DeepgramDouble;

function trusted(extra: Partial<StartDoubleOptions> = {}): Promise<DeepgramDouble> {
  const tls = testTlsFromEnv();
  if (!tls || !process.env.NODE_EXTRA_CA_CERTS) throw new Error('No test certificate: run with `npm test` (or source the TLS env), which trusts one via NODE_EXTRA_CA_CERTS.');
  return startDeepgramDouble({ cert: tls.cert, key: tls.key, keys, ...extra });
}

beforeAll(async () => {
  global = await trusted();
  regional = await trusted({ regional: true, sharedWith: global });
  itemShaped = await trusted({ keyDetailsShape: 'item' });
  minimal = await trusted({ tokenDetails: 'minimal' });
});
afterAll(async () => {
  await Promise.all([regional?.close(), itemShaped?.close(), minimal?.close()]);
  await global?.close();
});

const client = (double: DeepgramDouble = global) => new ManagementClient({ globalBaseUrl: double.url });

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

/** A transcription with tags, as the app sends them: the usage API's numbers come from such requests. */
async function transcribe(double: DeepgramDouble, key: string, tags: string[]): Promise<void> {
  const query = tags.map((t) => `tag=${encodeURIComponent(t)}`).join('&');
  const response = await fetch(`${double.url}/v1/listen?${query}`, { method: 'POST', headers: { Authorization: `Token ${key}`, 'Content-Type': 'audio/wav' }, body: new Uint8Array(silentWav(1000)) });
  expect(response.status).toBe(200);
  await response.text();
}

describe('ManagementClient against the double over TLS: the global host only', () => {
  it('reads a key’s details with GET /v1/auth/token, in the full and the minimal shape', async () => {
    const full = await client().tokenDetails(owner);
    expect(full).toMatchObject({ scopes: ['owner'], comment: 'owner key', projectId, expiresAt: null });
    expect(full.apiKeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(full.createdAt!)).not.toBeNaN();
    const least = await client(minimal).tokenDetails(owner);
    expect(least).toMatchObject({ scopes: ['owner'], comment: null, projectId: null });
    expect(least.apiKeyId).toMatch(/^[0-9a-f-]{36}$/);
    const path = global.requests.at(-1)!;
    expect(path).toMatchObject({ method: 'GET', path: '/v1/auth/token', status: 200, authScheme: 'Token' });
  });

  it('names an invalid key as such (401 INVALID_AUTH), with the request id and without the key', async () => {
    const wrong = 'wrong0key000000000000000000000000000000001';
    const error = await failure(client().tokenDetails(wrong));
    expect(error.code).toBe('INVALID_KEY');
    expect(error.status).toBe(401);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify({ message: error.message, requestId: error.requestId })).not.toContain(wrong);
    expect((await failure(client().listProjects(wrong))).code).toBe('INVALID_KEY');
  });

  it('lists projects; a usage-only key is told “not available for this key’s role” (401 INSUFFICIENT_PERMISSIONS)', async () => {
    expect(await client().listProjects(member)).toEqual([{ projectId, name: 'Acme Transcripts' }]);
    const refused = await failure(client().listProjects(usageOnly));
    expect(refused.code).toBe('KEY_PERMISSIONS');
    expect(refused.status).toBe(401);
    expect(refused.message).toMatch(/^Not available for this key’s role: Deepgram refused listing projects \(401\)/);
    // Any live key may read its own details, even one that may do nothing but transcribe.
    expect((await client().tokenDetails(usageOnly)).scopes).toEqual(['usage:write']);
  });

  it('maps a 403 on a management route (FORBIDDEN) to the key’s role, not to a model', async () => {
    global.failNext({ kind: 'status', status: 403, path: '/v1/projects' });
    const error = await failure(client().listProjects(owner));
    expect(error.code).toBe('KEY_PERMISSIONS');
    expect(error.message).toMatch(/Not available for this key’s role/);
  });

  it('creates a key with exactly the asked scopes, tags and time to live; reads it (flat and item shapes); lists and deletes it', async () => {
    const created = await client().createKey(admin, projectId, { comment: 'Deepgram Desk on test-host', scopes: ['usage:write'], tags: ['desk'], expiry: { kind: 'ttl', seconds: 3600 } });
    expect(created).toMatchObject({ scopes: ['usage:write'], tags: ['desk'], comment: 'Deepgram Desk on test-host' });
    expect(created.key).toMatch(/^[0-9a-f]{40}$/);
    expect(Date.parse(created.expiresAt!) - Date.now()).toBeGreaterThan(3500_000);
    const sent = global.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: `/v1/projects/${projectId}/keys`, status: 200 });
    expect(global.keysOf(projectId).find((k) => k.apiKeyId === created.apiKeyId)).toMatchObject({ scopes: ['usage:write'], tags: ['desk'] });

    // The new key transcribes at once, on the global and on a regional host.
    await expect(client().listenProbe({ key: created.key, baseUrl: regional.url })).resolves.toMatchObject({ requestId: expect.any(String) });

    expect(await client().getKey(admin, projectId, created.apiKeyId)).toMatchObject({ apiKeyId: created.apiKeyId, scopes: ['usage:write'], tags: ['desk'], expiresAt: created.expiresAt });
    itemShaped.addKey({ key: 'item0shape0key00000000000000000000000001', projectId: 'c3f1e2d4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', role: 'owner', apiKeyId: '5d0c7b3e-2f1a-4b9c-8d7e-6f5a4b3c2d1e', comment: 'nested' });
    expect(await client(itemShaped).getKey('item0shape0key00000000000000000000000001', 'c3f1e2d4-5a6b-4c7d-8e9f-0a1b2c3d4e5f', '5d0c7b3e-2f1a-4b9c-8d7e-6f5a4b3c2d1e')).toMatchObject({
      apiKeyId: '5d0c7b3e-2f1a-4b9c-8d7e-6f5a4b3c2d1e',
      comment: 'nested',
      scopes: ['owner'],
    });
    expect((await client().listKeys(admin, projectId)).map((k) => k.apiKeyId)).toContain(created.apiKeyId);

    await client().deleteKey(admin, projectId, created.apiKeyId);
    expect(global.keysOf(projectId).map((k) => k.apiKeyId)).not.toContain(created.apiKeyId);
    expect((await failure(client().listenProbe({ key: created.key, baseUrl: regional.url }))).code).toBe('INVALID_KEY');
    const gone = await failure(client().getKey(admin, projectId, created.apiKeyId));
    expect(gone).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(gone.message).toMatch(/found nothing for reading key details/);
  });

  it('never retries by itself: one failed answer is one request, so a refused admin key is not sent again', async () => {
    const before = global.requests.length;
    global.failNext({ kind: 'status', status: 503, path: '/v1/projects' });
    expect((await failure(client().listProjects(owner))).code).toBe('DEEPGRAM_UNAVAILABLE');
    // Wait past where a retry would have been sent (the SDK's first backoff is about a second).
    await new Promise((done) => setTimeout(done, 2500));
    expect(global.requests.slice(before).map((r) => r.path)).toEqual(['/v1/projects']);
  });

  it('a key without keys:write, or asking for more than it holds, is refused for its role', async () => {
    const usage = await failure(client().createKey(usageOnly, projectId, { comment: 'x', scopes: ['usage:write'] }));
    expect(usage.code).toBe('KEY_PERMISSIONS');
    expect(usage.message).toMatch(/refused creating keys/);
    const tooMuch = await failure(client().createKey(member, projectId, { comment: 'x', scopes: ['admin'] }));
    expect(tooMuch.code).toBe('KEY_PERMISSIONS');
  });

  it('sends an expiry date as expiration_date, and never both expiry fields', async () => {
    const date = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await client().createKey(owner, projectId, { comment: 'dated', scopes: ['usage:write'], expiry: { kind: 'date', date } });
    expect(created.expiresAt).toBe(date);
    const never = await client().createKey(owner, projectId, { comment: 'forever', scopes: ['usage:write'], expiry: { kind: 'never' } });
    expect(never.expiresAt).toBeNull();
    await client().deleteKey(owner, projectId, created.apiKeyId);
    await client().deleteKey(owner, projectId, never.apiKeyId);
  });

  it('reads balances for an Admin; a Member is told the balance is not available for its role', async () => {
    expect(await client().balances(admin, projectId)).toEqual([{ balanceId: expect.any(String), amount: 200, units: 'USD' }]);
    expect((await failure(client().balances(member, projectId))).message).toMatch(/^Not available for this key’s role: Deepgram refused reading the balance/);
  });

  it('reads this period’s usage, per tag and for one tag', async () => {
    const day = new Date().toISOString().slice(0, 10);
    await transcribe(global, member, ['team-a']);
    await transcribe(regional, member, ['team-a']);
    await transcribe(global, usageOnly, ['team-b']);
    const totals = await client().usage(member, projectId, { start: day, end: day });
    expect(totals.requests).toBeGreaterThanOrEqual(3);
    expect(totals.hours).toBeGreaterThan(0);
    const teamA = await client().usage(member, projectId, { start: day, end: day, tag: 'team-a' });
    expect(teamA.requests).toBe(2);
    const byTag = await client().usageByTag(member, projectId, { start: day, end: day });
    expect(byTag.find((t) => t.tags.join() === 'team-a')?.requests).toBe(2);
    expect(byTag.find((t) => t.tags.join() === 'team-b')?.requests).toBe(1);
    expect(global.requests.at(-1)!.query['grouping']).toEqual(['tags']);
    expect((await failure(client().usage(usageOnly, projectId, { start: day, end: day }))).code).toBe('KEY_PERMISSIONS');
  });

  it('says a host without management routes is one (a regional host answers 404)', async () => {
    const error = await failure(client(regional).listProjects(member));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`${new URL(regional.url).host} does not serve Deepgram’s management routes (404). Project, key and usage details come only from api.deepgram.com.`);
    expect((await failure(client(regional).tokenDetails(member))).message).toMatch(/does not serve Deepgram’s management routes/);
    // A project the key does not belong to is named as such.
    const foreign = await failure(client().balances(owner, otherProjectId));
    expect(foreign.message).toMatch(/found nothing for reading the balance/);
  });
});

describe('listenProbe: proves a key where no management route exists', () => {
  it('accepts a good key on a regional host with a quarter second of silence', async () => {
    const before = regional.requests.length;
    const result = await client().listenProbe({ key: usageOnly, baseUrl: regional.url });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = regional.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/v1/listen', status: 200, bytes: silentWav().length });
    expect(silentWav().length).toBe(44 + 8000);
  });

  it('names each state: invalid key, no credit, unreachable, untrusted TLS, no listen route', async () => {
    expect((await failure(client().listenProbe({ key: 'bad0key000000000000000000000000000000001', baseUrl: regional.url }))).code).toBe('INVALID_KEY');
    regional.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
    expect((await failure(client().listenProbe({ key: member, baseUrl: regional.url }))).code).toBe('PAYMENT_REQUIRED');
    const refused = await failure(client().listenProbe({ key: member, baseUrl: `https://127.0.0.1:${await closedPort()}` }));
    expect(refused.code).toBe('NETWORK');
    expect(refused.message).toMatch(/ECONNREFUSED/);

    const untrustedTls = await makeTestCertificate(await mkdtemp(join(tmpdir(), 'untrusted-')));
    const untrusted = await startDeepgramDouble({ cert: untrustedTls.cert, key: untrustedTls.key, keys });
    try {
      const tls = await failure(client().listenProbe({ key: member, baseUrl: untrusted.url }));
      expect(tls.code).toBe('TLS');
      expect(untrusted.requests).toHaveLength(0);
      expect((await failure(new ManagementClient({ globalBaseUrl: untrusted.url }).tokenDetails(member))).code).toBe('TLS');
    } finally {
      await untrusted.close();
    }
    const noRoute = await failure(client().listenProbe({ key: member, baseUrl: `${regional.url}/nothing-here` }));
    expect(noRoute.code).toBe('NOT_FOUND');
    expect(noRoute.message).toMatch(/does not serve Deepgram’s transcription route/);
  });
});

describe('no error carries the key', () => {
  it('scrubs a key a server echoes back in its error body', async () => {
    // A proxy that quotes the request's Authorization header in its error answers.
    const echoing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.ok) return response;
      const auth = new Headers(init?.headers).get('authorization') ?? '';
      const body = JSON.stringify({ err_code: 'Bad Request', err_msg: `Rejected header ${auth}`, request_id: `id-${auth}` });
      return new Response(body, { status: 400, headers: { 'content-type': 'application/json' } });
    };
    const echo = new ManagementClient({ globalBaseUrl: global.url, fetch: echoing });
    const refusedKey = 'refused0key00000000000000000000000000001';
    const attempts = [() => echo.tokenDetails(refusedKey), () => echo.listProjects(refusedKey), () => echo.balances(refusedKey, projectId), () => echo.listenProbe({ key: refusedKey, baseUrl: global.url })];
    for (const attempt of attempts) {
      const error = await failure(attempt());
      expect(error.message).toMatch(/Rejected header Token \[redacted\]/);
      expect(error.requestId).toBe('id-Token [redacted]');
      expect(JSON.stringify({ message: error.message, requestId: error.requestId })).not.toContain(refusedKey);
    }
  });
});

describe('parseKeyAnswer: both documented shapes of GET /keys/{id}', () => {
  const apiKey = { api_key_id: 'k1', comment: 'c', scopes: ['usage:write'], tags: ['t'], expiration_date: '2027-01-01T00:00:00Z', created: '2026-01-01T00:00:00Z' };
  it('reads the spec’s item wrapper and the docs’ flat shape alike', () => {
    const expected = { apiKeyId: 'k1', comment: 'c', scopes: ['usage:write'], tags: ['t'], expiresAt: '2027-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z' };
    expect(parseKeyAnswer({ item: { member: { member_id: 'm', email: 'e@x', api_key: apiKey } } })).toMatchObject(expected);
    expect(parseKeyAnswer({ member: { member_id: 'm', email: 'e@x' }, api_key: apiKey })).toMatchObject(expected);
    expect(parseKeyAnswer({ message: 'nothing' })).toBeNull();
  });
});
