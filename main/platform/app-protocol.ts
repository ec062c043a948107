import { readFile, stat } from 'node:fs/promises';
import { extname, relative, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { contentSecurityPolicy, headerOnlyPolicy } from '../../common/csp';
import { appHost, appScheme } from './app-origin';
import { isMediaPath, serveMediaRequest } from './media-protocol';
import type { MediaOpener } from './media-protocol';

/** Content types of the files a build of the renderer holds. */
export const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Headers every app:// answer carries, media included. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': `${contentSecurityPolicy}; ${headerOnlyPolicy}`,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

function answer(status: number): Response {
  return new Response(null, { status, headers: securityHeaders });
}

/**
 * Answers one app:// request with a file of the built renderer, never anything outside it, or, under
 * `/media/transcript/<id>`, with a transcript's source file (byte ranges included) when `media` is given.
 */
export async function serveAppRequest(request: Request, rendererDir: string, media?: MediaOpener): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405);
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return answer(400);
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return answer(404);
  if (isMediaPath(url.pathname)) return media ? serveMediaRequest(request, media, securityHeaders) : answer(404);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return answer(400);
  }
  if (path.includes('\0')) return answer(400);
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || inside.split(sep).includes('..')) return answer(404);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return answer(404);
  const headers = { ...securityHeaders, 'content-type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
  return new Response(request.method === 'HEAD' ? null : await readFile(file), { status: 200, headers });
}

/** Must run before the app is ready: makes app:// a standard, secure scheme. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } }]);
}

/** Serves the built renderer, and transcripts' media when `media` is given, on app:// for the default session. */
export function serveRenderer(protocol: Protocol, rendererDir: string, media?: MediaOpener): void {
  protocol.handle(appScheme, (request) => serveAppRequest(request, rendererDir, media));
}
