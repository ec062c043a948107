import { randomBytes } from 'node:crypto';
import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptMediaPath } from '../../common/transcript-media';
import type { MediaOpener } from '../../main/platform/media-protocol';
import { startMediaHost } from '../support/media-host';
import type { MediaHost } from '../support/media-host';
import { mediaSessionPath } from '../web-host/media-route';
import { tokenHeader } from '../web-host/protocol';

let dir: string;
let content: Buffer;
let host: MediaHost;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'web-host-media-'));
  content = randomBytes(5000);
  const path = join(dir, 'audio.wav');
  await writeFile(path, content);
  const media: MediaOpener = {
    async open(id) {
      if (id !== 'tx-1') return { ok: false, reason: 'missing', message: 'gone' };
      const handle = await open(path, 'r');
      const info = await handle.stat();
      return { ok: true, file: { handle, size: info.size, mtimeMs: info.mtimeMs, contentType: 'audio/wav' }, durationSec: 1 };
    },
  };
  host = await startMediaHost(media);
});
afterAll(() => host.close());

async function session(headers: Record<string, string>): Promise<Response> {
  return fetch(`${host.origin}${mediaSessionPath}`, { method: 'POST', headers });
}

async function cookie(): Promise<string> {
  const response = await session({ [tokenHeader]: host.token, origin: host.origin });
  expect(response.status).toBe(204);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

function media(path: string, headers: Record<string, string>, method = 'GET'): Promise<Response> {
  return fetch(`${host.origin}${path}`, { method, headers });
}

describe('web host media route', () => {
  it('gives the media cookie only for the token from the page’s own origin', async () => {
    expect((await session({})).status).toBe(403);
    expect((await session({ [tokenHeader]: 'x'.repeat(host.token.length), origin: host.origin })).status).toBe(403);
    expect((await session({ [tokenHeader]: host.token, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await session({ [tokenHeader]: host.token })).status).toBe(403);
    const response = await session({ [tokenHeader]: host.token, origin: host.origin });
    expect(response.status).toBe(204);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/; Path=\/media\/; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(host.token);
    expect((await fetch(`${host.origin}${mediaSessionPath}`, { headers: { [tokenHeader]: host.token, origin: host.origin } })).status).toBe(403);
  });

  it('serves byte ranges to a request carrying the cookie, and nothing to one without', async () => {
    const path = transcriptMediaPath('tx-1');
    expect(path).toBe('/media/transcript/tx-1');
    expect((await media(path, { range: 'bytes=0-9' })).status).toBe(403);
    expect((await media(path, { cookie: `dgd-media-${new URL(host.origin).port}=wrong` })).status).toBe(403);
    expect((await media(path, { cookie: `other=${host.token}` })).status).toBe(403);

    const jar = await cookie();
    const partial = await media(path, { cookie: jar, range: 'bytes=4000-' });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 4000-4999/5000');
    expect(partial.headers.get('accept-ranges')).toBe('bytes');
    expect(partial.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(Buffer.from(await partial.arrayBuffer()).equals(content.subarray(4000))).toBe(true);

    const whole = await media(path, { cookie: jar });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(content)).toBe(true);
    const head = await media(path, { cookie: jar }, 'HEAD');
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '5000']);
    expect((await media(path, { cookie: jar, range: 'bytes=5000-' })).status).toBe(416);
  });

  it('refuses a page of another origin on loopback even though the browser sends it the cookie', async () => {
    const jar = await cookie();
    const path = transcriptMediaPath('tx-1');
    for (const site of ['same-site', 'cross-site']) expect((await media(path, { cookie: jar, 'sec-fetch-site': site })).status, site).toBe(403);
    expect((await media(path, { cookie: jar, 'sec-fetch-site': 'same-origin', range: 'bytes=0-0' })).status).toBe(206);
  });

  it('answers unknown, malformed and unavailable ids with a bare 404 and no path', async () => {
    const jar = await cookie();
    for (const path of ['/media/transcript/other', '/media/transcript/..%2faudio.wav', '/media/transcript/', '/media/x']) {
      const response = await media(path, { cookie: jar });
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe('');
      expect(JSON.stringify([...response.headers]), path).not.toContain(dir);
    }
  });
});
