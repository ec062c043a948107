import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, connectLive, httpsRequest, json, makeTone, startTestDouble } from './test-helpers';
import type { HttpResult, TestDouble } from './test-helpers';

const execFileAsync = promisify(execFile);

const PROJECT = '2f4a6c8e-4444-4aaa-9bbb-0000000005ed';
const OTHER_PROJECT = '2f4a6c8e-5555-4aaa-9bbb-0000000005ed';
const A = { key: 'usagea0000000000000000000000000000000000', apiKeyId: 'd0000000-0000-4000-8000-00000000000a', projectId: PROJECT };
const B = { key: 'usageb0000000000000000000000000000000000', apiKeyId: 'd0000000-0000-4000-8000-00000000000b', projectId: PROJECT };
const WRITE_ONLY = { key: 'usagew0000000000000000000000000000000000', projectId: PROJECT, scopes: ['usage:write'] };
const OUTSIDER = { key: 'usageo0000000000000000000000000000000000', projectId: OTHER_PROJECT };

const DAY1 = Date.parse('2026-06-01T10:00:00Z');
const DAY2 = Date.parse('2026-06-02T10:00:00Z');
let clock = DAY1;
let t: TestDouble;

const h = (seconds: number): number => seconds / 3600;

async function listen(key: string, file: string, query: string, auth = `Token ${key}`): Promise<HttpResult> {
  const res = await httpsRequest(`${t.double.url}/v1/listen${query}`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'audio/wav' },
    body: { file },
    ca: t.tls.ca,
  });
  return res;
}

const get = (path: string, key = A.key): Promise<HttpResult> => callApi(t, 'GET', path, `Token ${key}`);

beforeAll(async () => {
  t = await startTestDouble(undefined, { now: () => clock, keys: [A, B, WRITE_ONLY, OUTSIDER] });
  const [mono2, stereo3, mono1] = await Promise.all([
    makeTone(join(t.dir, 'two.wav'), 2),
    makeTone(join(t.dir, 'three-stereo.wav'), 3, 2),
    makeTone(join(t.dir, 'one.wav'), 1),
  ]);
  const junk = join(t.dir, 'junk.txt');
  await writeFile(junk, 'not audio');
  const raw = join(t.dir, 'one.raw');
  await execFileAsync('sox', [mono1, '-t', 'raw', raw]);

  const served = [
    await listen(A.key, mono2, '?tag=team-a'),
    await listen(A.key, stereo3, '?tag=team-a&tag=urgent&multichannel=true'),
    await listen(B.key, mono2, ''),
    await listen(OUTSIDER.key, mono2, '?tag=team-a'),
  ];
  for (const res of served) expect(res.status, res.text).toBe(200);
  expect((await listen(A.key, junk, '?tag=team-a')).status).toBe(400);

  const grant = json(await callApi(t, 'POST', '/v1/auth/grant', `Token ${B.key}`, { ttl_seconds: 60 }));
  const live = await connectLive(`${t.double.url.replace(/^https/, 'wss')}/v1/listen?encoding=linear16&sample_rate=16000&tag=team-b`, {
    ca: t.tls.ca,
    protocols: ['bearer', String(grant['access_token'])],
  });
  live.ws.send(await readFile(raw));
  live.ws.send(JSON.stringify({ type: 'CloseStream' }));
  expect((await live.closed).code).toBe(1000);

  clock = DAY2;
  expect((await listen(A.key, mono2, '?tag=team-a')).status).toBe(200);
});

afterAll(() => t.cleanup());

interface UsageBody {
  start: string;
  end: string;
  resolution: { units: string; amount: number };
  results: { start: string; end: string; hours: number; total_hours: number; requests: number }[];
}

interface BreakdownBody {
  results: { hours: number; total_hours: number; requests: number; grouping: Record<string, unknown> }[];
}

describe('the double records who sent what', () => {
  it("notes each listen request's key and tags", () => {
    const listens = t.double.requests.filter((r) => r.path === '/v1/listen' && (r.status === 200 || r.status === 101));
    expect(listens.map((r) => [r.apiKeyId, r.tags])).toEqual([
      [A.apiKeyId, ['team-a']],
      [A.apiKeyId, ['team-a', 'urgent']],
      [B.apiKeyId, []],
      [expect.any(String), ['team-a']],
      [B.apiKeyId, ['team-b']],
      [A.apiKeyId, ['team-a']],
    ]);
  });
});

describe('GET /v1/projects/{id}/usage', () => {
  it('sums the decoded audio of served requests per day; multichannel counts each channel in total_hours', async () => {
    const res = await get(`/v1/projects/${PROJECT}/usage?start=2026-06-01&end=2026-06-02`);
    expect(res.status, res.text).toBe(200);
    const body = json(res) as unknown as UsageBody;
    expect(body).toMatchObject({ start: '2026-06-01', end: '2026-06-02', resolution: { units: 'day', amount: 1 } });
    expect(body.results).toHaveLength(2);
    const [day1, day2] = body.results;
    expect(day1).toMatchObject({ start: '2026-06-01', end: '2026-06-01', requests: 4, tokens: { in: 0, out: 0 }, tts: { characters: 0, requests: 0 } });
    expect(day1?.hours).toBeCloseTo(h(2 + 3 + 2 + 1), 9);
    expect(day1?.total_hours).toBeCloseTo(h(2 + 3 * 2 + 2 + 1), 9);
    expect(day2).toMatchObject({ start: '2026-06-02', end: '2026-06-02', requests: 1 });
    expect(day2?.hours).toBeCloseTo(h(2), 9);
  });

  it('narrows by date range, tag and accessor, and defaults to the last 30 days', async () => {
    const onlyDay2 = json(await get(`/v1/projects/${PROJECT}/usage?start=2026-06-02&end=2026-06-02`)) as unknown as UsageBody;
    expect(onlyDay2.results.map((r) => r.requests)).toEqual([1]);
    const none = json(await get(`/v1/projects/${PROJECT}/usage?start=2026-05-01&end=2026-05-31`)) as unknown as UsageBody;
    expect(none.results).toEqual([]);

    const teamA = json(await get(`/v1/projects/${PROJECT}/usage?start=2026-06-01&end=2026-06-02&tag=team-a`)) as unknown as UsageBody;
    expect(teamA.results.map((r) => r.requests)).toEqual([2, 1]);
    expect(teamA.results[0]?.hours).toBeCloseTo(h(5), 9);

    const byB = json(await get(`/v1/projects/${PROJECT}/usage?start=2026-06-01&end=2026-06-02&accessor=${B.apiKeyId}`)) as unknown as UsageBody;
    expect(byB.results.map((r) => r.requests)).toEqual([2]);
    expect(byB.results[0]?.hours).toBeCloseTo(h(3), 9);

    const defaults = json(await get(`/v1/projects/${PROJECT}/usage`)) as unknown as UsageBody;
    expect(defaults).toMatchObject({ start: '2026-05-03', end: '2026-06-02' });
    expect(defaults.results.map((r) => r.requests)).toEqual([4, 1]);
  });

  it('needs usage:read, the own project and valid dates', async () => {
    const refused = await get(`/v1/projects/${PROJECT}/usage`, WRITE_ONLY.key);
    expect(refused.status).toBe(401);
    expect(json(refused)).toMatchObject({ err_code: 'INSUFFICIENT_PERMISSIONS' });
    expect(json(await get(`/v1/projects/${OTHER_PROJECT}/usage`))).toEqual({ err_code: 'PROJECT_NOT_FOUND', err_msg: 'Project not found.' });
    expect((await get(`/v1/projects/${PROJECT}/usage?start=June`)).status).toBe(400);
    expect((await get(`/v1/projects/${PROJECT}/usage?start=2026-06-02&end=2026-06-01`)).status).toBe(400);
  });
});

describe('GET /v1/projects/{id}/usage/breakdown', () => {
  const breakdown = async (query: string): Promise<Map<string, { requests: number; hours: number }>> => {
    const res = await get(`/v1/projects/${PROJECT}/usage/breakdown?start=2026-06-01&end=2026-06-01&${query}`);
    expect(res.status, res.text).toBe(200);
    const body = json(res) as unknown as BreakdownBody;
    const field = new URLSearchParams(query).get('grouping') ?? '';
    for (const r of body.results) expect(r.grouping).toMatchObject({ start: '2026-06-01', end: '2026-06-01' });
    return new Map(body.results.map((r) => [JSON.stringify(r.grouping[field]), { requests: r.requests, hours: r.hours * 3600 }]));
  };

  it('groups by the tags each request carried', async () => {
    const groups = await breakdown('grouping=tags');
    expect(Object.fromEntries(groups)).toEqual({
      '["team-a"]': { requests: 1, hours: expect.closeTo(2, 6) as unknown },
      '["team-a","urgent"]': { requests: 1, hours: expect.closeTo(3, 6) as unknown },
      '[]': { requests: 1, hours: expect.closeTo(2, 6) as unknown },
      '["team-b"]': { requests: 1, hours: expect.closeTo(1, 6) as unknown },
    });
  });

  it('groups by accessor (a token counts for its minting key) and by method', async () => {
    expect(Object.fromEntries(await breakdown('grouping=accessor'))).toEqual({
      [JSON.stringify(A.apiKeyId)]: { requests: 2, hours: expect.closeTo(5, 6) as unknown },
      [JSON.stringify(B.apiKeyId)]: { requests: 2, hours: expect.closeTo(3, 6) as unknown },
    });
    expect(Object.fromEntries(await breakdown('grouping=method'))).toEqual({
      '"sync"': { requests: 3, hours: expect.closeTo(7, 6) as unknown },
      '"streaming"': { requests: 1, hours: expect.closeTo(1, 6) as unknown },
    });
  });

  it('refuses an unknown grouping', async () => {
    const res = await get(`/v1/projects/${PROJECT}/usage/breakdown?grouping=colour`);
    expect(res.status).toBe(400);
    expect(json(res)).toMatchObject({ err_code: 'INVALID_QUERY_PARAMETER' });
  });
});
