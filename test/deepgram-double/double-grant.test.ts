import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, connectLive, httpsRequest, json, makeTone, refusedLive, startTestDouble, UUID_RE } from './test-helpers';
import type { HttpResult, LiveClient, TestDouble } from './test-helpers';

const execFileAsync = promisify(execFile);

const PROJECT = '7d3e9c1a-3333-4eee-8fff-00000000c0de';
const MEMBER = { key: 'grantmember00000000000000000000000000000', apiKeyId: 'c0000000-0000-4000-8000-000000000001', projectId: PROJECT };
const DEFAULT_KEY = { key: 'grantdefault0000000000000000000000000000', apiKeyId: 'c0000000-0000-4000-8000-000000000002', projectId: PROJECT, role: 'default' as const };
const NARROW = {
  key: 'grantnarrow00000000000000000000000000000',
  apiKeyId: 'c0000000-0000-4000-8000-000000000003',
  projectId: PROJECT,
  scopes: ['usage:write', 'keys:read', 'keys:write'],
};
const PCM_QUERY = 'encoding=linear16&sample_rate=16000&channels=1';

let clock = Date.parse('2026-05-01T08:00:00Z');
let t: TestDouble;
let tone: string;
/** One second of 16 kHz linear16 audio. */
let pcm: Buffer;

beforeAll(async () => {
  t = await startTestDouble(5000, { now: () => clock, keys: [MEMBER, DEFAULT_KEY, NARROW] });
  tone = await makeTone(join(t.dir, 'tone.wav'), 1);
  const raw = join(t.dir, 'tone.raw');
  await execFileAsync('sox', [tone, '-t', 'raw', raw]);
  pcm = await readFile(raw);
});

afterAll(() => t.cleanup());

const FORBIDDEN_BODY = { err_code: 'FORBIDDEN', err_msg: 'Insufficient permissions.' };

async function grant(auth: string, body?: object | string): Promise<HttpResult> {
  return callApi(t, 'POST', '/v1/auth/grant', auth, body);
}

async function mint(ttlSeconds?: number): Promise<string> {
  const res = await grant(`Token ${MEMBER.key}`, ttlSeconds === undefined ? undefined : { ttl_seconds: ttlSeconds });
  expect(res.status, res.text).toBe(200);
  return String(json(res)['access_token']);
}

const listen = (auth: string, query = ''): Promise<HttpResult> =>
  httpsRequest(`${t.double.url}/v1/listen${query}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'audio/wav' }, body: { file: tone }, ca: t.tls.ca });
const liveUrl = (): string => `${t.double.url.replace(/^https/, 'wss')}/v1/listen?${PCM_QUERY}`;

const refusedUpgrade = (opts: { headers?: Record<string, string>; protocols?: string[] }): ReturnType<typeof refusedLive> =>
  refusedLive(liveUrl(), { ca: t.tls.ca, ...opts });

async function streamOneSecond(client: LiveClient): Promise<{ code: number }> {
  client.ws.send(pcm);
  client.ws.send(JSON.stringify({ type: 'CloseStream' }));
  return client.closed;
}

describe('POST /v1/auth/grant', () => {
  it('mints a JWT-shaped token for a Member key, 30 s by default, ttl_seconds 1..3600', async () => {
    const res = await grant(`Token ${MEMBER.key}`);
    expect(res.status).toBe(200);
    const body = json(res);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in']);
    expect(body['expires_in']).toBe(30);
    expect(body['access_token']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const payload = JSON.parse(Buffer.from(String(body['access_token']).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload).toMatchObject({ scopes: ['usage:write'], exp: Math.floor(clock / 1000) + 30 });

    expect(json(await grant(`Token ${MEMBER.key}`, { ttl_seconds: 3600 }))['expires_in']).toBe(3600);
    expect(json(await grant(`Token ${MEMBER.key}`, { ttl_seconds: 1 }))['expires_in']).toBe(1);
    for (const ttl of [0, 3601, -5, '60']) {
      const refused = await grant(`Token ${MEMBER.key}`, { ttl_seconds: ttl });
      expect(refused.status, String(ttl)).toBe(400);
      expect(json(refused)).toMatchObject({ err_code: 'Bad Request', err_msg: 'ttl_seconds must be a number between 1 and 3600.' });
    }
    expect((await grant(`Token ${MEMBER.key}`, '{"ttl_seconds":')).status).toBe(400);
  });

  it('answers 403 FORBIDDEN below Member, and INVALID_AUTH without a key', async () => {
    for (const key of [DEFAULT_KEY.key, NARROW.key]) {
      const res = await grant(`Token ${key}`, { ttl_seconds: 60 });
      expect(res.status).toBe(403);
      expect(json(res)).toEqual(FORBIDDEN_BODY);
    }
    expect((await grant('Token unknown')).status).toBe(401);
  });
});

describe('Bearer tokens', () => {
  it('transcribe over REST, attributed to the minting key', async () => {
    const accessToken = await mint();
    const res = await listen(`Bearer ${accessToken}`, '?tag=bearer-rest');
    expect(res.status, res.text).toBe(200);
    expect(t.double.requests.at(-1)).toMatchObject({ authScheme: 'Bearer', apiKeyId: MEMBER.apiKeyId, projectId: PROJECT, tags: ['bearer-rest'] });
  });

  it('open a stream with the Authorization header and with the bearer subprotocol', async () => {
    const accessToken = await mint();
    const byHeader = await connectLive(liveUrl(), { ca: t.tls.ca, headers: { Authorization: `Bearer ${accessToken}` } });
    expect(t.double.requests.at(-1)).toMatchObject({ status: 101, authScheme: 'Bearer', apiKeyId: MEMBER.apiKeyId });
    expect((await streamOneSecond(byHeader)).code).toBe(1000);
    expect(byHeader.messages.some((m) => m['type'] === 'Results')).toBe(true);

    const bySubprotocol = await connectLive(liveUrl(), { ca: t.tls.ca, protocols: ['bearer', accessToken] });
    expect(bySubprotocol.ws.protocol).toBe('bearer');
    expect(t.double.requests.at(-1)).toMatchObject({ status: 101, authScheme: 'subprotocol:bearer', apiKeyId: MEMBER.apiKeyId });
    expect((await streamOneSecond(bySubprotocol)).code).toBe(1000);
  });

  it('are refused on every management route and when sent with the Token scheme', async () => {
    const accessToken = await mint(600);
    const bearer = `Bearer ${accessToken}`;
    const routes: [string, string, object?][] = [
      ['GET', '/v1/projects'],
      ['GET', `/v1/projects/${PROJECT}`],
      ['GET', `/v1/projects/${PROJECT}/keys`],
      ['POST', `/v1/projects/${PROJECT}/keys`, { comment: 'x', scopes: ['usage:write'] }],
      ['GET', `/v1/projects/${PROJECT}/keys/${MEMBER.apiKeyId}`],
      ['DELETE', `/v1/projects/${PROJECT}/keys/${MEMBER.apiKeyId}`],
      ['GET', `/v1/projects/${PROJECT}/balances`],
      ['GET', `/v1/projects/${PROJECT}/usage`],
      ['GET', `/v1/projects/${PROJECT}/usage/breakdown`],
      ['GET', '/v1/auth/token'],
      ['POST', '/v1/auth/grant', {}],
    ];
    for (const [method, path, body] of routes) {
      const res = await callApi(t, method, path, bearer, body);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(json(res)).toMatchObject({ err_code: 'INVALID_AUTH' });
    }
    expect(t.double.keysOf(PROJECT).map((k) => k.apiKeyId)).toContain(MEMBER.apiKeyId);
    expect((await listen(`Token ${accessToken}`)).status).toBe(401);
    expect((await refusedUpgrade({ protocols: ['token', accessToken] })).status).toBe(401);
    // The API key itself is no Bearer token either.
    expect((await listen(`Bearer ${MEMBER.key}`)).status).toBe(401);
  });

  it('open a stream only in their own scheme on the upgrade, which echoes the chosen subprotocol and refuses with a plain 401', async () => {
    const accessToken = await mint();
    const sessionId = ['x-deepgram-session-id', '0f6c2a8e-1d4b-4c3a-9e7f-5a6b7c8d9e0f'];
    for (const [protocols, echoed] of [
      [['bearer', accessToken, ...sessionId], 'bearer'],
      [[...sessionId, 'bearer', accessToken], 'bearer'],
      [['token', MEMBER.key, ...sessionId], 'token'],
    ] as const) {
      const client = await connectLive(liveUrl(), { ca: t.tls.ca, protocols: [...protocols] });
      expect(client.ws.protocol, protocols.join()).toBe(echoed);
      expect(client.upgradeHeaders['dg-request-id']).toBe(t.double.requests.at(-1)?.id);
      client.ws.close();
      await client.closed;
    }
    const byKeyHeader = await connectLive(liveUrl(), { ca: t.tls.ca, headers: { Authorization: `Token ${MEMBER.key}` } });
    expect(t.double.requests.at(-1)).toMatchObject({ status: 101, authScheme: 'Token', apiKeyId: MEMBER.apiKeyId });
    byKeyHeader.ws.close();
    await byKeyHeader.closed;

    for (const opts of [
      { headers: { Authorization: `Token ${accessToken}` } },
      { headers: { Authorization: `Bearer ${MEMBER.key}` } },
      { protocols: ['bearer', MEMBER.key] },
      { protocols: ['token', accessToken] },
      { protocols: ['x-deepgram-session-id', MEMBER.key] },
      {},
    ]) {
      const refusal = await refusedUpgrade(opts);
      const what = JSON.stringify(opts);
      expect(refusal.status, what).toBe(401);
      expect(refusal.headers['dg-error'], what).toBe('Invalid credentials.');
      expect(refusal.body, what).toBe('Invalid credentials.');
      const requestId = refusal.headers['dg-request-id'];
      expect(requestId, what).toMatch(UUID_RE);
      expect(t.double.requests.at(-1)).toMatchObject({ id: requestId, status: 401 });
    }
  });

  it('expire: refused on REST and on the upgrade from then on, while an open stream carries on', async () => {
    const accessToken = await mint(30);
    const open = await connectLive(liveUrl(), { ca: t.tls.ca, protocols: ['bearer', accessToken] });
    clock += 29_999;
    expect((await listen(`Bearer ${accessToken}`)).status).toBe(200);
    clock += 1;
    const refused = await listen(`Bearer ${accessToken}`);
    expect(refused.status).toBe(401);
    expect(json(refused)).toMatchObject({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' });
    expect(t.double.requests.at(-1)).toMatchObject({ status: 401, apiKeyId: MEMBER.apiKeyId });
    const upgrade = await refusedUpgrade({ headers: { Authorization: `Bearer ${accessToken}` } });
    expect(upgrade.status).toBe(401);
    expect(upgrade.headers['dg-error']).toBe('Invalid credentials.');

    expect((await streamOneSecond(open)).code).toBe(1000);
    expect(open.messages.some((m) => m['type'] === 'Results')).toBe(true);
  });
});

describe('listen needs usage:write', () => {
  it('refuses a key without it with 401 INSUFFICIENT_PERMISSIONS on REST and on the upgrade', async () => {
    const created = json(await callApi(t, 'POST', `/v1/projects/${PROJECT}/keys`, `Token ${MEMBER.key}`, { comment: 'reader', scopes: ['keys:read'] }));
    const reader = String(created['key']);
    const res = await listen(`Token ${reader}`);
    expect(res.status).toBe(401);
    expect(json(res)).toEqual({ err_code: 'INSUFFICIENT_PERMISSIONS', err_msg: 'User does not have sufficient permissions.', request_id: res.headers['dg-request-id'] });
    const upgrade = await refusedUpgrade({ protocols: ['token', reader] });
    expect(upgrade.status).toBe(401);
    expect(upgrade.headers['dg-error']).toBe('User does not have sufficient permissions.');
    expect(t.double.requests.at(-1)).toMatchObject({ status: 401, apiKeyId: created['api_key_id'] });
  });
});
