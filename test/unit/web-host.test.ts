import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { socketPath, tokenHeader, uploadPath } from '../web-host/protocol';
import { startWebHost } from '../web-host/web-host';
import type { WebHost } from '../web-host/web-host';
import { InMemorySecretStore } from '../support/in-memory-secret-store';

let host: WebHost;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'web-host-'));
  // A stand-in renderer folder: this test is about the host's gates, not the UI.
  host = await startWebHost({ dataDir, secrets: new InMemorySecretStore(), rendererDir: resolve(import.meta.dirname, '../fixtures/web-host-page'), bridgeFile: resolve(import.meta.dirname, '../fixtures/web-host-page/index.html') });
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

/** Whether a TCP connection to host:port is accepted. */
function accepts(hostAddress: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connectTcp({ host: hostAddress, port, timeout: 5000 });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
  });
}

/** `/proc/net/tcp{,6}` writes addresses as hex 32-bit words in host (little-endian) byte order. */
function procAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) => [...Buffer.from(word, 'hex').reverse()]);
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return groups.join(':');
}

/** The local addresses of every listening TCP socket on `port`, as the kernel reports them (Linux). */
async function listeningAddresses(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue;
      const [address, portHex] = local.split(':');
      if (Number.parseInt(portHex ?? '', 16) === port) found.push(procAddress(address ?? ''));
    }
  }
  return found;
}

const port = (): number => Number(new URL(host.origin).port);

describe('web host (dev:web and the renderer e2e)', () => {
  it('names its loopback origin in the page URL, token in the fragment', () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    expect(host.url).toContain(`#token=${host.token}`);
  });

  it.skipIf(!existsSync('/proc/net/tcp'))(
    'has exactly one listening socket, bound to 127.0.0.1, as the kernel reports it',
    { meta: { skipReason: 'no /proc/net/tcp: not Linux' } },
    async () => {
      expect(await listeningAddresses(port())).toEqual(['127.0.0.1']);
    },
  );

  it('refuses connections on every address but 127.0.0.1', async () => {
    expect(await accepts('127.0.0.1', port())).toBe(true);
    // A socket on a wildcard address would take these; one bound to 127.0.0.1 refuses them.
    const others = ['127.0.0.2', '::1'];
    for (const addresses of Object.values(networkInterfaces())) {
      for (const { address, internal } of addresses ?? []) if (!internal && !address.startsWith('fe80:')) others.push(address);
    }
    for (const address of others) expect(await accepts(address, port()), address).toBe(false);
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
