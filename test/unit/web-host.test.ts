import { mkdtemp } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { socketPath, tokenHeader, uploadPath } from '../web-host/protocol';
import { startWebHost } from '../web-host/web-host';
import type { WebHost } from '../web-host/web-host';
import { testKeychain } from '../support/secret-stores';

let host: WebHost;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'web-host-'));
  // A stand-in renderer folder: this test is about the host's gates, not the UI.
  host = await startWebHost({ dataDir, defaultBaseUrl: 'https://api.deepgram.com', secrets: testKeychain(), rendererDir: resolve(import.meta.dirname, '../fixtures/web-host-page'), bridgeFile: resolve(import.meta.dirname, '../fixtures/web-host-page/index.html') });
});
afterAll(() => host.close());

function connect(query: string, origin: string): Promise<{ opened: boolean; status?: number }> {
  return new Promise((done) => {
    const socket = new WebSocket(`${host.origin.replace('http', 'ws')}${socketPath}${query}`, { headers: { origin } });
    socket.on('open', () => {
      socket.close();
      done({ opened: true });
    });
    socket.on('unexpected-response', (_req, res) => done({ opened: false, status: res.statusCode }));
    socket.on('error', () => done({ opened: false }));
  });
}

describe('web host (dev:web and the renderer e2e)', () => {
  it('listens on loopback only', () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    expect(host.url).toContain(`#token=${host.token}`);
  });

  it('opens the IPC socket only with the token and from its own page', async () => {
    expect(await connect(`?token=${host.token}`, host.origin)).toEqual({ opened: true });
    expect(await connect('', host.origin)).toMatchObject({ opened: false });
    expect(await connect('?token=guess', host.origin)).toMatchObject({ opened: false });
    expect(await connect(`?token=${host.token}`, 'https://evil.example')).toMatchObject({ opened: false });
  });

  it('takes dropped files only with the token, from its own page', async () => {
    const post = (headers: Record<string, string>) => fetch(`${host.origin}${uploadPath}?name=a.wav`, { method: 'POST', headers, body: 'RIFF' });
    expect((await post({ origin: 'https://evil.example', [tokenHeader]: host.token })).status).toBe(403);
    expect((await post({ origin: host.origin })).status).toBe(403);
    const ok = await post({ origin: host.origin, [tokenHeader]: host.token });
    expect(ok.status).toBe(200);
    const { path } = (await ok.json()) as { path: string };
    expect(path.endsWith('a.wav')).toBe(true);
  });

  it('serves nothing outside the renderer folder', async () => {
    // Raw request paths (fetch would normalise them); the repo's package.json is three levels up.
    const status = (path: string) =>
      new Promise<number>((done, fail) => {
        get({ host: '127.0.0.1', port: new URL(host.origin).port, path }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        }).on('error', fail);
      });
    expect(await status('/index.html')).toBe(200);
    for (const path of ['/../../../package.json', '/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/%2e%2e/package.json']) {
      expect(await status(path), path).toBe(404);
    }
  });
});
