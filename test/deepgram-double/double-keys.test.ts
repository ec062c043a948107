import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeepgramDouble } from './server';
import type { DeepgramDouble, DoubleKey } from './server';
import { callApi, httpsRequest, json, makeTone, startTestDouble, UUID_RE } from './test-helpers';
import type { HttpResult, TestDouble } from './test-helpers';

const PROJECT = '5b1c6f2e-1111-4aaa-8bbb-0123456789ab';
const OTHER_PROJECT = '9e8d7c6b-2222-4ccc-8ddd-ba9876543210';
const START = Date.parse('2026-03-10T12:00:00Z');
let clock = START;

const KEYS = {
  owner: { key: 'owner0000000000000000000000000000000000a', apiKeyId: 'a0000000-0000-4000-8000-000000000001', role: 'owner', memberEmail: 'olga@acme.test' },
  admin: {
    key: 'admin0000000000000000000000000000000000a',
    apiKeyId: 'a0000000-0000-4000-8000-000000000002',
    role: 'admin',
    memberEmail: 'alice@acme.test',
    comment: 'Alice admin',
    tags: ['ops'],
  },
  member: {
    key: 'member000000000000000000000000000000000a',
    apiKeyId: 'a0000000-0000-4000-8000-000000000003',
    memberEmail: 'bob@acme.test',
    expiresAt: '2026-12-31T00:00:00.000Z',
  },
  usageOnly: { key: 'usage0000000000000000000000000000000000a', apiKeyId: 'a0000000-0000-4000-8000-000000000004', canListProjects: false },
  keysRead: { key: 'keysread00000000000000000000000000000000', apiKeyId: 'a0000000-0000-4000-8000-000000000005', scopes: ['keys:read'] },
  defaultRole: { key: 'default0000000000000000000000000000000a', apiKeyId: 'a0000000-0000-4000-8000-000000000006', role: 'default' },
  soonExpired: {
    key: 'expiring00000000000000000000000000000000',
    apiKeyId: 'a0000000-0000-4000-8000-000000000007',
    role: 'admin',
    expiresAt: new Date(START + 60_000).toISOString(),
  },
} satisfies Record<string, Omit<DoubleKey, 'projectId'>>;
type Who = keyof typeof KEYS;

const FOREIGN: DoubleKey = { key: 'foreign000000000000000000000000000000000', role: 'owner', projectId: OTHER_PROJECT, projectName: 'Other' };

let t: TestDouble;
let tone: string;

beforeAll(async () => {
  t = await startTestDouble(undefined, {
    now: () => clock,
    keys: [...Object.values(KEYS).map((k): DoubleKey => ({ ...k, projectId: PROJECT, projectName: 'Acme' })), FOREIGN],
    balances: [{ amount: 42.5, units: 'USD', balance_id: 'b0000000-0000-4000-8000-000000000001' }],
  });
  tone = await makeTone(join(t.dir, 'tone.wav'), 1);
});

afterAll(() => t.cleanup());

const token = (who: Who): string => `Token ${KEYS[who].key}`;
const api = (method: string, path: string, who: Who | string, body?: object | string): Promise<HttpResult> =>
  callApi(t, method, path, who in KEYS ? token(who as Who) : who, body);
const listen = (auth: string): Promise<HttpResult> =>
  httpsRequest(`${t.double.url}/v1/listen`, { method: 'POST', headers: { authorization: auth, 'content-type': 'audio/wav' }, body: { file: tone }, ca: t.tls.ca });

function expectLegacy(res: HttpResult, status: number, errCode: string, errMsg: string): void {
  expect(res.status, res.text).toBe(status);
  expect(json(res)).toEqual({ err_code: errCode, err_msg: errMsg, request_id: res.headers['dg-request-id'] });
}
const expectInsufficient = (res: HttpResult): void => expectLegacy(res, 401, 'INSUFFICIENT_PERMISSIONS', 'User does not have sufficient permissions.');
const expectInvalidAuth = (res: HttpResult): void => expectLegacy(res, 401, 'INVALID_AUTH', 'Invalid credentials.');

function idsIn(res: HttpResult): string[] {
  expect(res.status, res.text).toBe(200);
  return (json(res)['api_keys'] as { api_key: { api_key_id: string } }[]).map((k) => k.api_key.api_key_id);
}

async function createKey(who: Who, body: object): Promise<HttpResult> {
  return api('POST', `/v1/projects/${PROJECT}/keys`, who, body);
}

describe('GET /v1/auth/token', () => {
  it("describes the calling key, whatever its role; an unknown key gets INVALID_AUTH", async () => {
    const res = await api('GET', '/v1/auth/token', 'admin');
    expect(res.status).toBe(200);
    expect(json(res)).toEqual({
      api_key_id: KEYS.admin.apiKeyId,
      comment: 'Alice admin',
      scopes: ['admin'],
      tags: ['ops'],
      created: new Date(START).toISOString(),
      project_id: PROJECT,
    });
    expect(json(await api('GET', '/v1/auth/token', 'member'))).toMatchObject({ scopes: ['member'], expiration_date: KEYS.member.expiresAt });
    expect(json(await api('GET', '/v1/auth/token', 'usageOnly'))).toMatchObject({ api_key_id: KEYS.usageOnly.apiKeyId, scopes: ['usage:write'] });
    expect(json(await api('GET', '/v1/auth/token', 'defaultRole'))).toMatchObject({ scopes: ['usage:write'] });
    expectInvalidAuth(await api('GET', '/v1/auth/token', 'Token nope'));
  });
});

describe('GET /v1/projects and /v1/projects/{id}', () => {
  it('shows the project to keys with project:read only', async () => {
    expect(json(await api('GET', '/v1/projects', 'member'))).toEqual({ projects: [{ project_id: PROJECT, name: 'Acme' }] });
    expect(json(await api('GET', `/v1/projects/${PROJECT}`, 'member'))).toEqual({ project_id: PROJECT, name: 'Acme', mip_opt_out: false });
    expectInsufficient(await api('GET', '/v1/projects', 'usageOnly'));
    expectInsufficient(await api('GET', `/v1/projects/${PROJECT}`, 'keysRead'));
  });

  it('answers PROJECT_NOT_FOUND for another project and plain-text 404 for a malformed id', async () => {
    for (const path of [`/v1/projects/${OTHER_PROJECT}`, `/v1/projects/${OTHER_PROJECT}/keys`, `/v1/projects/${OTHER_PROJECT}/balances`]) {
      const res = await api('GET', path, 'owner');
      expect(res.status).toBe(404);
      expect(json(res)).toEqual({ err_code: 'PROJECT_NOT_FOUND', err_msg: 'Project not found.' });
    }
    const malformed = await api('GET', '/v1/projects/acme/keys', 'owner');
    expect(malformed.status).toBe(404);
    expect(malformed.headers['content-type']).toMatch(/^text\/plain/);
    expect(malformed.text).toMatch(/^UUID parsing failed: invalid character: .*found `m` at 3$/);
  });
});

describe('GET /v1/projects/{id}/keys', () => {
  it('lists every key for Owner and Admin, in the documented shape', async () => {
    const res = await api('GET', `/v1/projects/${PROJECT}/keys`, 'admin');
    const ids = idsIn(res);
    for (const k of Object.values(KEYS)) expect(ids).toContain(k.apiKeyId);
    expect(idsIn(await api('GET', `/v1/projects/${PROJECT}/keys`, 'owner'))).toEqual(ids);
    const admin = (json(res)['api_keys'] as object[]).find((k) => JSON.stringify(k).includes(KEYS.admin.apiKeyId));
    expect(admin).toEqual({
      member: { member_id: expect.stringMatching(UUID_RE) as unknown, email: 'alice@acme.test' },
      api_key: { api_key_id: KEYS.admin.apiKeyId, comment: 'Alice admin', scopes: ['admin'], tags: ['ops'], created: new Date(START).toISOString() },
    });
  });

  it("shows a Member only its own member's keys, and refuses keys without keys:read", async () => {
    expect(idsIn(await api('GET', `/v1/projects/${PROJECT}/keys`, 'member'))).toEqual([KEYS.member.apiKeyId]);
    expectInsufficient(await api('GET', `/v1/projects/${PROJECT}/keys`, 'usageOnly'));
    expect(idsIn(await api('GET', `/v1/projects/${PROJECT}/keys`, 'keysRead'))).toEqual([KEYS.keysRead.apiKeyId]);
  });
});

describe('POST /v1/projects/{id}/keys', () => {
  it('creates a key that works at once for listen with exactly its scopes', async () => {
    const res = await createKey('member', { comment: 'Deepgram Desk on test-box', scopes: ['usage:write'], tags: ['desk'], time_to_live_in_seconds: 3600 });
    expect(res.status, res.text).toBe(200);
    const created = json(res);
    expect(created).toEqual({
      api_key_id: expect.stringMatching(UUID_RE) as unknown,
      key: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
      comment: 'Deepgram Desk on test-box',
      scopes: ['usage:write'],
      tags: ['desk'],
      expiration_date: new Date(clock + 3_600_000).toISOString(),
    });
    const auth = `Token ${String(created['key'])}`;
    expect((await listen(auth)).status).toBe(200);
    expect(t.double.requests.at(-1)).toMatchObject({ path: '/v1/listen', apiKeyId: created['api_key_id'], projectId: PROJECT });
    expectInsufficient(await api('GET', '/v1/projects', auth));
    expectInsufficient(await api('GET', `/v1/projects/${PROJECT}/keys`, auth));
    expectInsufficient(await api('POST', `/v1/projects/${PROJECT}/keys`, auth, { comment: 'x', scopes: ['usage:write'] }));
    expect(json(await api('GET', '/v1/auth/token', auth))).toMatchObject({ api_key_id: created['api_key_id'], scopes: ['usage:write'] });

    // It belongs to the creating member: the member now lists it, and the double shows its origin.
    expect(idsIn(await api('GET', `/v1/projects/${PROJECT}/keys`, 'member'))).toEqual([KEYS.member.apiKeyId, created['api_key_id']]);
    expect(t.double.keysOf(PROJECT).find((k) => k.apiKeyId === created['api_key_id'])).toEqual({
      apiKeyId: created['api_key_id'],
      key: created['key'],
      projectId: PROJECT,
      comment: 'Deepgram Desk on test-box',
      scopes: ['usage:write'],
      level: 'default',
      tags: ['desk'],
      created: new Date(clock).toISOString(),
      expiresAt: new Date(clock + 3_600_000).toISOString(),
      expired: false,
      memberEmail: 'bob@acme.test',
      createdBy: KEYS.member.apiKeyId,
    });
  });

  it('lets a key without usage:write manage keys but not transcribe', async () => {
    const res = await createKey('admin', { comment: 'reader', scopes: ['keys:read'] });
    expect(res.status, res.text).toBe(200);
    const auth = `Token ${String(json(res)['key'])}`;
    expectInsufficient(await listen(auth));
    expect(t.double.requests.at(-1)).toMatchObject({ path: '/v1/listen', status: 401, apiKeyId: json(res)['api_key_id'] });
    expect((await api('GET', `/v1/projects/${PROJECT}/keys`, auth)).status).toBe(200);
  });

  it('grants only what the creator holds: Member up to member, Admin up to admin, Owner anything', async () => {
    const attempt = async (who: Who, scopes: string[]): Promise<number> => (await createKey(who, { comment: `by ${who}`, scopes })).status;
    expect(await attempt('member', ['member'])).toBe(200);
    expect(await attempt('member', ['usage:read', 'keys:write'])).toBe(200);
    expectInsufficient(await createKey('member', { comment: 'too much', scopes: ['admin'] }));
    expectInsufficient(await createKey('member', { comment: 'too much', scopes: ['usage:write', 'billing:read'] }));
    expect(await attempt('admin', ['admin'])).toBe(200);
    expect(await attempt('admin', ['billing:read'])).toBe(200);
    expectInsufficient(await createKey('admin', { comment: 'too much', scopes: ['owner'] }));
    expectInsufficient(await createKey('admin', { comment: 'too much', scopes: ['billing:write'] }));
    expect(await attempt('owner', ['owner'])).toBe(200);
    expectInsufficient(await createKey('keysRead', { comment: 'no keys:write', scopes: ['keys:read'] }));
    expectInsufficient(await createKey('usageOnly', { comment: 'no keys:write', scopes: ['usage:write'] }));
  });

  it('validates the body: required fields, one expiry field at most, future dates', async () => {
    const before = t.double.keysOf(PROJECT).length;
    const both = await createKey('admin', { comment: 'x', scopes: ['usage:write'], expiration_date: '2027-01-01T00:00:00Z', time_to_live_in_seconds: 60 });
    expectLegacy(both, 400, 'Bad Request', 'Only one of expiration_date and time_to_live_in_seconds may be set.');
    const missing = await createKey('admin', { scopes: ['usage:write'] });
    expect(missing.status).toBe(400);
    expect(json(missing)).toMatchObject({ category: 'INVALID_JSON', details: expect.stringContaining('missing field `comment`') as unknown });
    expect((await createKey('admin', { comment: 'x', scopes: 'usage:write' })).status).toBe(400);
    expect((await createKey('admin', { comment: 'x', scopes: [] })).status).toBe(400);
    expect((await createKey('admin', { comment: 'x', scopes: ['usage:write'], expiration_date: '2020-01-01T00:00:00Z' })).status).toBe(400);
    expect((await createKey('admin', { comment: 'x', scopes: ['usage:write'], time_to_live_in_seconds: 0 })).status).toBe(400);
    expect((await api('POST', `/v1/projects/${PROJECT}/keys`, 'admin', '{"comment":')).status).toBe(400);
    expect(t.double.keysOf(PROJECT)).toHaveLength(before);

    const dated = await createKey('admin', { comment: 'dated', scopes: ['usage:write'], expiration_date: '2027-01-01T00:00:00Z' });
    expect(json(dated)['expiration_date']).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('GET /v1/projects/{id}/keys/{key_id}', () => {
  it('answers the flat {member, api_key} shape, 404 for an unknown id, 401 for a key out of reach', async () => {
    const res = await api('GET', `/v1/projects/${PROJECT}/keys/${KEYS.member.apiKeyId}`, 'admin');
    expect(json(res)).toEqual({
      member: { member_id: expect.stringMatching(UUID_RE) as unknown, email: 'bob@acme.test' },
      api_key: {
        api_key_id: KEYS.member.apiKeyId,
        comment: 'Deepgram double key',
        scopes: ['member'],
        expiration_date: KEYS.member.expiresAt,
        created: new Date(START).toISOString(),
      },
    });
    expectLegacy(await api('GET', `/v1/projects/${PROJECT}/keys/b0000000-0000-4000-8000-00000000dead`, 'admin'), 404, 'NOT_FOUND', 'API key not found.');
    expectInsufficient(await api('GET', `/v1/projects/${PROJECT}/keys/${KEYS.admin.apiKeyId}`, 'member'));
  });

  it("answers the spec's item shape and only the documented token fields when so configured", async () => {
    let item: DeepgramDouble | undefined;
    try {
      item = await startDeepgramDouble({ cert: t.tls.cert, key: t.tls.key, keys: [], sharedWith: t.double, keyDetailsShape: 'item', tokenDetails: 'minimal' });
      const other = { double: item, tls: t.tls };
      const res = await callApi(other, 'GET', `/v1/projects/${PROJECT}/keys/${KEYS.admin.apiKeyId}`, token('owner'));
      expect(json(res)).toEqual({
        item: {
          member: {
            member_id: expect.stringMatching(UUID_RE) as unknown,
            email: 'alice@acme.test',
            api_key: { api_key_id: KEYS.admin.apiKeyId, comment: 'Alice admin', scopes: ['admin'], tags: ['ops'], created: new Date(START).toISOString() },
          },
        },
      });
      expect(json(await callApi(other, 'GET', '/v1/auth/token', token('admin')))).toEqual({
        api_key_id: KEYS.admin.apiKeyId,
        created: new Date(START).toISOString(),
        scopes: ['admin'],
      });
    } finally {
      await item?.close();
    }
  });
});

describe('DELETE /v1/projects/{id}/keys/{key_id}', () => {
  it('revokes at once; a Member deletes only its own keys, an Admin only its own, an Owner any', async () => {
    const mint = async (who: Who): Promise<{ id: string; auth: string }> => {
      const body = json(await createKey(who, { comment: `to delete (${who})`, scopes: ['usage:write'] }));
      return { id: String(body['api_key_id']), auth: `Token ${String(body['key'])}` };
    };
    const bobs = await mint('member');
    const alices = await mint('admin');
    expect((await listen(bobs.auth)).status).toBe(200);

    expectInsufficient(await api('DELETE', `/v1/projects/${PROJECT}/keys/${alices.id}`, 'member'));
    expectInsufficient(await api('DELETE', `/v1/projects/${PROJECT}/keys/${bobs.id}`, 'admin'));
    expectInsufficient(await api('DELETE', `/v1/projects/${PROJECT}/keys/${bobs.id}`, 'keysRead'));
    expect((await listen(alices.auth)).status).toBe(200);

    const deleted = await api('DELETE', `/v1/projects/${PROJECT}/keys/${bobs.id}`, 'member');
    expect(deleted.status).toBe(200);
    expect(json(deleted)).toEqual({ message: 'Successfully deleted the API key.' });
    expectInvalidAuth(await listen(bobs.auth));
    expect(t.double.keysOf(PROJECT).map((k) => k.apiKeyId)).not.toContain(bobs.id);
    expect(idsIn(await api('GET', `/v1/projects/${PROJECT}/keys`, 'member'))).not.toContain(bobs.id);

    expect((await api('DELETE', `/v1/projects/${PROJECT}/keys/${alices.id}`, 'owner')).status).toBe(200);
    expectInvalidAuth(await listen(alices.auth));
    expectLegacy(await api('DELETE', `/v1/projects/${PROJECT}/keys/${alices.id}`, 'owner'), 404, 'NOT_FOUND', 'API key not found.');
  });
});

describe('GET /v1/projects/{id}/balances', () => {
  it('shows the configured balances to Owner and Admin only', async () => {
    const expected = { balances: [{ balance_id: 'b0000000-0000-4000-8000-000000000001', amount: 42.5, units: 'USD' }] };
    expect(json(await api('GET', `/v1/projects/${PROJECT}/balances`, 'owner'))).toEqual(expected);
    expect(json(await api('GET', `/v1/projects/${PROJECT}/balances`, 'admin'))).toEqual(expected);
    expectInsufficient(await api('GET', `/v1/projects/${PROJECT}/balances`, 'member'));

    t.double.setBalances(PROJECT, [{ amount: 0 }, { amount: 5, units: 'EUR', purchase_order_id: 'po-7' }]);
    const changed = json(await api('GET', `/v1/projects/${PROJECT}/balances`, 'admin'))['balances'] as Record<string, unknown>[];
    expect(changed).toEqual([
      { balance_id: expect.stringMatching(UUID_RE) as unknown, amount: 0, units: 'USD' },
      { balance_id: expect.stringMatching(UUID_RE) as unknown, amount: 5, units: 'EUR', purchase_order_id: 'po-7' },
    ]);
    expect(json(await callApi(t, 'GET', `/v1/projects/${OTHER_PROJECT}/balances`, `Token ${FOREIGN.key}`))).toMatchObject({ balances: [{ amount: 42.5 }] });
  });
});

describe('expiry', () => {
  it('refuses a key with INVALID_AUTH everywhere from its expiry on, and lists it as expired', async () => {
    const auth = token('soonExpired');
    expect((await listen(auth)).status).toBe(200);
    expect((await api('GET', '/v1/projects', auth)).status).toBe(200);
    const expiring = await createKey('admin', { comment: 'one minute', scopes: ['usage:write'], time_to_live_in_seconds: 60 });
    const expiringAuth = `Token ${String(json(expiring)['key'])}`;
    expect((await listen(expiringAuth)).status).toBe(200);

    clock += 60_000;
    expectInvalidAuth(await listen(auth));
    expect(t.double.requests.at(-1)).toMatchObject({ status: 401, apiKeyId: KEYS.soonExpired.apiKeyId });
    expectInvalidAuth(await api('GET', '/v1/projects', auth));
    expectInvalidAuth(await api('GET', '/v1/auth/token', auth));
    expectInvalidAuth(await listen(expiringAuth));
    expect((await listen(token('member'))).status).toBe(200);

    expect(idsIn(await api('GET', `/v1/projects/${PROJECT}/keys?status=expired`, 'owner'))).toEqual([KEYS.soonExpired.apiKeyId, json(expiring)['api_key_id']]);
    expect(idsIn(await api('GET', `/v1/projects/${PROJECT}/keys?status=active`, 'owner'))).not.toContain(KEYS.soonExpired.apiKeyId);
    expect(t.double.keysOf(PROJECT).find((k) => k.apiKeyId === KEYS.soonExpired.apiKeyId)?.expired).toBe(true);
  });

  it('refuses an expiresAt that is not a date and an apiKeyId already taken', () => {
    expect(() => t.double.addKey({ key: 'x'.repeat(40), expiresAt: 'next week' })).toThrow(RangeError);
    expect(() => t.double.addKey({ key: 'y'.repeat(40), apiKeyId: KEYS.owner.apiKeyId })).toThrow(RangeError);
  });
});
