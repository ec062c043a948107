import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import { KeyService } from '../../main/services/keys/key-service';
import { SecretRedactor } from '../../main/services/logging/logger';
import { SettingsStore } from '../../main/services/settings/settings-store';
import type { DeepgramDouble } from '../deepgram-double/server';
import { startDeepgramDouble } from '../deepgram-double/server';
import { projectName, startTrustedDouble, validKey } from '../support/double';
import { InMemorySecretStore } from '../support/in-memory-secret-store';
import { makeTestCertificate } from '../support/test-tls';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
let double: DeepgramDouble;

beforeAll(async () => {
  double = await startTrustedDouble([
    { key: validKey, projectName },
    { key: 'small0role0key000000000000000000000000000', projectName: 'Hidden', canListProjects: false },
  ]);
});
afterAll(() => double.close());

async function keyService(defaultBaseUrl = double.url) {
  const dataDir = await mkdtemp(join(tmpdir(), 'keys-'));
  const secrets = new InMemorySecretStore();
  const service = new KeyService({ secrets, settings: new SettingsStore(dataDir), deepgram: new SdkDeepgramGateway(), redactor: new SecretRedactor(), logger: silent, defaultBaseUrl });
  return { service, secrets, dataDir };
}

/** A loopback port nothing listens on (fetch refuses well-known ports such as 9 outright). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
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

describe('KeyService: validates over real TLS, keeps the key in its SecretStore', () => {
  it('starts unconfigured on the default endpoint', async () => {
    const { service } = await keyService();
    expect(await service.status()).toEqual({ configured: false, baseUrl: double.url, projectName: null, canListProjects: false, checkedAt: null });
  });

  it('refuses a key Deepgram rejects, and stores nothing', async () => {
    const { service, secrets } = await keyService();
    const error = await failure(service.set({ key: 'wrong-key-0000000000000000000000000000000', baseUrl: double.url }));
    expect(error.code).toBe('INVALID_KEY');
    expect(error.message).toMatch(/Deepgram rejected this key/);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await secrets.get('deepgram:default')).toBeNull();
    expect((await service.status()).configured).toBe(false);
  });

  it('stores a good key in the keychain, names the project, and only metadata on disk', async () => {
    const { service, secrets, dataDir } = await keyService();
    const status = await service.set({ key: `  ${validKey}\n`, baseUrl: `${double.url}/` });
    expect(status).toMatchObject({ configured: true, projectName, canListProjects: true, baseUrl: double.url });
    expect(Date.parse(status.checkedAt!)).not.toBeNaN();
    expect(await secrets.get('deepgram:default')).toBe(validKey);
    expect(JSON.stringify(status)).not.toContain(validKey);
    for (const file of await readdir(dataDir)) expect(await readFile(join(dataDir, file), 'utf8')).not.toContain(validKey);
    const auth = double.requests.at(-1)!;
    expect(auth).toMatchObject({ method: 'GET', path: '/v1/projects', status: 200 });
    expect(await service.credentials()).toEqual({ key: validKey, baseUrl: double.url });

    const removed = await service.remove();
    expect(removed).toMatchObject({ configured: false, projectName: null, baseUrl: double.url });
    expect(await secrets.get('deepgram:default')).toBeNull();
    expect((await failure(service.credentials())).code).toBe('NO_KEY');
  });

  it('keeps a key whose role cannot list projects, and says so', async () => {
    const { service, secrets } = await keyService();
    const status = await service.set({ key: 'small0role0key000000000000000000000000000', baseUrl: double.url });
    expect(status).toMatchObject({ configured: true, projectName: null, canListProjects: false });
    await secrets.delete('deepgram:default');
  });

  it('names network and TLS failures as such', async () => {
    const { service } = await keyService();
    const refused = await failure(service.set({ key: validKey, baseUrl: `https://127.0.0.1:${await closedPort()}` }));
    expect(refused.code).toBe('NETWORK');
    expect(refused.message).toMatch(/ECONNREFUSED/);

    const untrustedTls = await makeTestCertificate(await mkdtemp(join(tmpdir(), 'untrusted-')));
    const untrusted = await startDeepgramDouble({ cert: untrustedTls.cert, key: untrustedTls.key, keys: [{ key: validKey, projectName }] });
    try {
      const tls = await failure(service.set({ key: validKey, baseUrl: untrusted.url }));
      expect(tls.code).toBe('TLS');
      expect(tls.message).toMatch(/certificate/);
      expect(untrusted.requests).toHaveLength(0);
    } finally {
      await untrusted.close();
    }
  });

  it('refuses plain http to anything but this computer before sending the key', async () => {
    const { service } = await keyService();
    const error = await failure(service.set({ key: validKey, baseUrl: 'http://api.deepgram.com' }));
    expect(error.code).toBe('INSECURE_URL');
  });
});
