import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../common/csp';
import { appEntryUrl, appOrigin } from '../../main/platform/app-origin';
import { serveAppRequest } from '../../main/platform/app-protocol';
import { readTestHooks } from '../../main/platform/test-hooks';

let root: string;
let outside: string;

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'assets', 'index.js'), 'console.log(1)');
  outside = join(base, 'secret.txt');
  await writeFile(outside, 'outside the renderer');
});

const get = (url: string, method = 'GET'): Promise<Response> => serveAppRequest(new Request(url, { method }), root);

describe('app:// scheme', () => {
  it('serves the built renderer with the CSP as a header', async () => {
    const page = await get(appEntryUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp.startsWith(contentSecurityPolicy)).toBe(true);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>app</title>');
    expect((await get(`${appOrigin}/`)).status).toBe(200);
    const script = await get(`${appOrigin}/assets/index.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    const head = await get(appEntryUrl, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never serves anything outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', `/${encodeURIComponent(outside)}`, '/missing.js', '/assets', '/%00index.html', '/%E0%A4%A']) {
      const response = await get(`${appOrigin}${path}`);
      expect([400, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toContain('outside the renderer');
    }
  });

  it('answers only its own host and only reads', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get(appEntryUrl, 'POST')).status).toBe(405);
    expect((await get(appEntryUrl, 'DELETE')).status).toBe(405);
  });
});

describe('test hooks', () => {
  const env = { APP_DATA_DIR: '/tmp/data', APP_DEEPGRAM_URL: 'https://127.0.0.1:1', APP_KEYCHAIN_SERVICE: 'test-service' };
  it('are honoured in development and tests', () => {
    expect(readTestHooks(env, false)).toEqual({ dataDir: '/tmp/data', deepgramUrl: 'https://127.0.0.1:1', keychainService: 'test-service' });
    expect(readTestHooks({}, false)).toEqual({});
  });
  it('are ignored by a packaged app', () => {
    expect(readTestHooks(env, true)).toEqual({});
  });
});
