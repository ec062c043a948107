import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { securityHeaders } from '../../main/platform/app-protocol';
import { isMediaPath, serveMediaRequest } from '../../main/platform/media-protocol';
import type { MediaOpener } from '../../main/platform/media-protocol';
import { mediaSessionPath, tokenHeader } from './protocol';

/** The page POSTs here once, with the access token in a header, and gets the media cookie. */
export { mediaSessionPath };

export interface WebHostMediaOptions {
  /** The web host's origin, `http://127.0.0.1:<port>`. */
  origin: string;
  /** The web host's access token. */
  token: string;
  media: MediaOpener;
}

export interface WebHostMedia {
  /** Whether this module answers the request path (the session endpoint or a media path). */
  handles(pathname: string): boolean;
  serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

function same(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * Transcripts' media on the web host, with the app's own Range code. `<audio src>` cannot send the
 * token header, and a token in the URL would sit in the DOM and in logs, so the page trades its token
 * for an HttpOnly, SameSite=Strict cookie limited to `/media/` that holds a separate random secret;
 * each media request must carry it. Cookies do not separate ports, so a request a browser marks as
 * coming from anywhere but this exact origin (`Sec-Fetch-Site`) is refused too.
 */
export function createWebHostMedia(options: WebHostMediaOptions): WebHostMedia {
  const secret = randomBytes(24).toString('base64url');
  const cookieName = `dgd-media-${new URL(options.origin).port}`;

  const startSession = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST' || !same(req.headers[tokenHeader] as string | undefined, options.token) || req.headers.origin !== options.origin) {
      res.writeHead(403).end();
      return;
    }
    res.writeHead(204, { 'set-cookie': `${cookieName}=${secret}; Path=/media/; HttpOnly; SameSite=Strict`, 'cache-control': 'no-store' }).end();
  };

  const serveMedia = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const site = req.headers['sec-fetch-site'];
    if (!same(cookieValue(req.headers.cookie, cookieName), secret) || (site !== undefined && site !== 'same-origin')) {
      res.writeHead(403).end();
      return;
    }
    const headers = new Headers();
    for (const name of ['range', 'if-range']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const response = await serveMediaRequest(new Request(new URL(url.pathname, options.origin), { method: req.method ?? 'GET', headers }), options.media, securityHeaders);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) {
      res.end();
      return;
    }
    // A media element drops a request whenever it seeks: the pipeline then cancels the body, which closes the file.
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(() => undefined);
  };

  return {
    handles: (pathname) => pathname === mediaSessionPath || isMediaPath(pathname),
    serve: (req, res, url) => (url.pathname === mediaSessionPath ? Promise.resolve(startSession(req, res)) : serveMedia(req, res, url)),
  };
}
