import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInModels, modelCatalogSchema } from '../../common/presets';
import { ModelCatalogService } from '../../main/services/deepgram/model-catalog';
import type { Logger } from '../../main/services/logging/logger';
import { testTlsFromEnv } from '../support/test-tls';

const key = 'c0ffee0123456789abcdef0123456789abcdef01';

/** What the next `GET /v1/models` is answered with. */
let reply: (res: ServerResponse) => void;
let requests: { path: string; authorization: string | undefined }[] = [];
let server: ReturnType<typeof createServer>;
let port: number;

const json = (status: number, body: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json', 'dg-request-id': 'req-1' });
  res.end(JSON.stringify(body));
};

// Shaped like `GET /v1/models`: several versions of one model, casing that differs between them, a
// streaming-only model, an id the app cannot send, and voices that are not speech-to-text.
const listing = {
  stt: [
    { name: 'nova-3', canonical_name: 'nova-3', architecture: 'nova-3', languages: ['en', 'en-us'], version: '2024-12-20.0', uuid: 'u1', batch: true, streaming: true, formatted_output: true },
    { name: 'nova-3', canonical_name: 'nova-3', architecture: 'nova-3', languages: ['en-US', 'de'], version: '2025-03-17.0', uuid: 'u2', batch: true, streaming: false, formatted_output: true },
    { name: 'nova-2-meeting', canonical_name: 'nova-2-meeting', architecture: 'nova-2', languages: ['en'], version: '2024-01-01.0', uuid: 'u3', batch: true, streaming: true },
    { name: 'whisper-large', canonical_name: 'whisper-large', architecture: 'whisper', languages: ['fr'], version: '2023-01-01.0', uuid: 'u4', batch: true, streaming: false },
    { name: 'flux', canonical_name: 'flux-general-en', architecture: 'flux', languages: ['en'], version: '2025-09-01.0', uuid: 'u5', batch: false, streaming: true },
    { name: 'Bad Id', canonical_name: 'Bad Id!', architecture: 'x', languages: ['en'], version: '1', uuid: 'u6', batch: true, streaming: true },
  ],
  tts: [{ name: 'zeus', canonical_name: 'aura-2-zeus-en', architecture: 'aura-2', languages: ['en'], version: '2025-04-07.0', uuid: 'u7' }],
};

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string, ...meta: unknown[]): void => {
    lines.push([message, ...meta.map(String)].join(' '));
  };
  return { lines, info: log, warn: log, error: log };
}

beforeAll(async () => {
  const tls = testTlsFromEnv();
  if (!tls) throw new Error('No test certificate: run the suite with `npm test`.');
  server = createServer({ cert: tls.cert, key: tls.key }, (req: IncomingMessage, res: ServerResponse) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    if (req.method === 'GET' && req.url?.startsWith('/v1/models')) reply(res);
    else json(404, { err_code: 'NOT_FOUND', err_msg: 'No such route.' })(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  requests = [];
  reply = json(200, listing);
});

const credentials = (host = '127.0.0.1') => ({ key, baseUrl: `https://${host}:${port}` });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((done) => probe.close(done));
  return free;
}

describe('ModelCatalogService', () => {
  it("reads Deepgram's batch models with the key, merged per id, in the app's order", async () => {
    const catalog = await new ModelCatalogService().list(credentials());
    expect(requests).toEqual([{ path: '/v1/models', authorization: `Token ${key}` }]);
    expect(catalog).toEqual({
      source: 'deepgram',
      models: [
        { id: 'nova-3', name: 'Nova-3', languages: ['en', 'en-us', 'de'], streaming: true },
        { id: 'nova-2-meeting', name: 'Nova-2 Meeting', languages: ['en'], streaming: true },
        { id: 'whisper-large', name: 'whisper-large', languages: ['fr'], streaming: false },
      ],
    });
    expect(modelCatalogSchema.parse(catalog)).toEqual(catalog);
  });

  it('asks once per base URL for the session, and again for another base URL', async () => {
    const service = new ModelCatalogService();
    const [first, second] = await Promise.all([service.list(credentials()), service.list({ ...credentials(), baseUrl: `${credentials().baseUrl}/` })]);
    expect(second).toEqual(first);
    await service.list(credentials());
    expect(requests).toHaveLength(1);
    await service.list(credentials('localhost'));
    expect(requests).toHaveLength(2);
  });

  it('answers the built-in list on 401, on a host without the route, and on an empty list, and asks again next time', async () => {
    const logger = recordingLogger();
    const service = new ModelCatalogService({ logger });
    const builtIn = { source: 'built-in', models: builtInModels };
    reply = json(401, { err_code: 'INVALID_AUTH', err_msg: `Invalid credentials for ${key}.`, request_id: 'r' });
    expect(await service.list(credentials())).toEqual(builtIn);
    reply = json(404, { err_code: 'NOT_FOUND', err_msg: `No route here for Token ${key}.` });
    expect(await service.list(credentials())).toEqual(builtIn);
    reply = json(200, { stt: [], tts: [] });
    expect(await service.list(credentials())).toEqual(builtIn);
    expect(requests).toHaveLength(3);
    reply = json(200, listing);
    expect((await service.list(credentials())).source).toBe('deepgram');
    expect(logger.lines).toHaveLength(3);
    expect(logger.lines[0]).toMatch(/\(401\)/);
    expect(logger.lines[1]).toMatch(/\(404\)/);
    for (const line of logger.lines) expect(line).not.toContain(key);
  });

  it('answers the built-in list when the network fails', async () => {
    const logger = recordingLogger();
    const refused = await new ModelCatalogService({ logger }).list({ key, baseUrl: `https://127.0.0.1:${await closedPort()}` });
    expect(refused.source).toBe('built-in');
    expect(logger.lines.join('\n')).toMatch(/ECONNREFUSED/);
    expect(logger.lines.join('\n')).not.toContain(key);
  });

  it('answers the built-in list when the answer is not JSON of the expected shape', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    };
    expect((await new ModelCatalogService().list(credentials())).source).toBe('built-in');
  });

  it('returns copies: a caller changing its catalog does not change the next one', async () => {
    const service = new ModelCatalogService();
    const first = await service.list(credentials());
    const pristine = structuredClone(first);
    first.models[0]!.languages.push('xx');
    first.models.pop();
    expect(await service.list(credentials())).toEqual(pristine);
    expect(requests).toHaveLength(1);
    reply = json(500, {});
    const builtIn = await service.list(credentials('localhost'));
    builtIn.models[0]!.languages.length = 0;
    expect(await service.list(credentials('localhost'))).toEqual({ source: 'built-in', models: builtInModels });
  });
});
