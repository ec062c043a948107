import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeepgramDouble } from './server';
import type { DeepgramDouble } from './server';
import { callApi, connectLive, httpsRequest, json, makeTone, startTestDouble } from './test-helpers';
import type { HttpResult, TestDouble } from './test-helpers';

const PROJECT = '3c5e7a9b-6666-4ddd-8eee-0000000000e0';
const MEMBER = { key: 'regionalmember00000000000000000000000000', apiKeyId: 'e0000000-0000-4000-8000-000000000001', projectId: PROJECT };

let global: TestDouble;
let eu: DeepgramDouble;
let euClient: { double: DeepgramDouble; tls: { ca: string } };
let tone: string;

beforeAll(async () => {
  global = await startTestDouble(undefined, { keys: [MEMBER] });
  eu = await startDeepgramDouble({ cert: global.tls.cert, key: global.tls.key, keys: [], regional: true, sharedWith: global.double });
  euClient = { double: eu, tls: global.tls };
  tone = await makeTone(join(global.dir, 'tone.wav'), 1);
});

afterAll(async () => {
  await eu.close();
  await global.cleanup();
});

const listenOn = (base: string, auth: string, query = ''): Promise<HttpResult> =>
  httpsRequest(`${base}/v1/listen${query}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'audio/wav' }, body: { file: tone }, ca: global.tls.ca });

const MANAGEMENT: [string, string, object?][] = [
  ['GET', '/v1/projects'],
  ['GET', `/v1/projects/${PROJECT}`],
  ['GET', `/v1/projects/${PROJECT}/keys`],
  ['POST', `/v1/projects/${PROJECT}/keys`, { comment: 'x', scopes: ['usage:write'] }],
  ['GET', `/v1/projects/${PROJECT}/keys/${MEMBER.apiKeyId}`],
  ['DELETE', `/v1/projects/${PROJECT}/keys/${MEMBER.apiKeyId}`],
  ['GET', `/v1/projects/${PROJECT}/balances`],
  ['GET', `/v1/projects/${PROJECT}/usage`],
  ['GET', `/v1/projects/${PROJECT}/usage/breakdown?grouping=tags`],
  ['GET', '/v1/auth/token'],
  ['POST', '/v1/auth/grant', {}],
  ['GET', '/v1/models'],
];

describe('a regional double', () => {
  it('answers every management and auth route with a plain-text 404, with or without a key', async () => {
    for (const [method, path, body] of MANAGEMENT) {
      for (const auth of [`Token ${MEMBER.key}`, undefined]) {
        const res = await callApi(euClient, method, path, auth, body);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
        expect(res.text).toBe('Not Found');
      }
    }
    expect(eu.regional).toBe(true);
    // The key survived the DELETE attempt, and the global double serves the same routes.
    expect((await callApi(global, 'GET', '/v1/projects', `Token ${MEMBER.key}`)).status).toBe(200);
    expect((await callApi(global, 'GET', `/v1/projects/${PROJECT}/keys`, `Token ${MEMBER.key}`)).status).toBe(200);
  });

  it('transcribes over REST and WebSocket with the shared keys, and still refuses bad ones', async () => {
    const res = await listenOn(eu.url, `Token ${MEMBER.key}`, '?tag=eu');
    expect(res.status, res.text).toBe(200);
    expect(eu.requests.at(-1)).toMatchObject({ path: '/v1/listen', apiKeyId: MEMBER.apiKeyId, tags: ['eu'] });
    expect(json(await listenOn(eu.url, 'Token wrong'))).toMatchObject({ err_code: 'INVALID_AUTH' });

    const live = await connectLive(`${eu.url.replace(/^https/, 'wss')}/v1/listen?encoding=linear16&sample_rate=16000`, {
      ca: global.tls.ca,
      protocols: ['token', MEMBER.key],
    });
    live.ws.send(Buffer.alloc(32_000));
    live.ws.send(JSON.stringify({ type: 'CloseStream' }));
    expect((await live.closed).code).toBe(1000);
  });

  it('accepts tokens minted on the global host and keys added on either; usage shows on the global host', async () => {
    const grant = json(await callApi(global, 'POST', '/v1/auth/grant', `Token ${MEMBER.key}`, { ttl_seconds: 60 }));
    expect((await listenOn(eu.url, `Bearer ${String(grant['access_token'])}`, '?tag=eu-token')).status).toBe(200);
    expect(eu.requests.at(-1)).toMatchObject({ authScheme: 'Bearer', apiKeyId: MEMBER.apiKeyId });

    eu.addKey({ key: 'addedoneu0000000000000000000000000000000', projectId: PROJECT });
    expect((await callApi(global, 'GET', '/v1/auth/token', 'Token addedoneu0000000000000000000000000000000')).status).toBe(200);

    const usage = json(await callApi(global, 'GET', `/v1/projects/${PROJECT}/usage/breakdown?grouping=tags`, `Token ${MEMBER.key}`));
    const tags = (usage['results'] as { grouping: { tags: string[] } }[]).map((r) => r.grouping.tags);
    expect(tags).toEqual(expect.arrayContaining([['eu'], ['eu-token']]));
  });
});
