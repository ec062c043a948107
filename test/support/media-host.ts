import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { securityHeaders } from '../../main/platform/app-protocol';
import type { MediaOpener } from '../../main/platform/media-protocol';
import { createWebHostMedia } from '../web-host/media-route';

export interface SeenRequest {
  method: string;
  path: string;
  range: string | null;
  ifRange: string | null;
  /** 0 when the client went away before any answer. */
  status: number;
}

export interface MediaHost {
  readonly origin: string;
  readonly token: string;
  /** Every request, with the status it got once answered. */
  readonly seen: readonly SeenRequest[];
  close(): Promise<void>;
}

/**
 * The web host's media part on its own: a page under the app's CSP, and the media route exactly as
 * the web host mounts it (same token, same cookie, same Range code), over real loopback HTTP.
 */
export async function startMediaHost(media: MediaOpener): Promise<MediaHost> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const route = createWebHostMedia({ origin, token, media });
  const seen: SeenRequest[] = [];
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const record: SeenRequest = { method: req.method ?? '', path: url.pathname, range: req.headers.range ?? null, ifRange: (req.headers['if-range'] as string | undefined) ?? null, status: 0 };
    seen.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    // A request the client dropped before any answer keeps status 0.
    res.on('close', () => (record.status ||= res.headersSent ? res.statusCode : 0));
    if (route.handles(url.pathname)) {
      void route.serve(req, res, url).catch(() => res.destroy());
      return;
    }
    // No favicon: 204 rather than 404, so that a page's console shows only real failures.
    res.writeHead(url.pathname === '/' ? 200 : url.pathname === '/favicon.ico' ? 204 : 404, { ...securityHeaders, 'content-type': 'text/html; charset=utf-8' });
    res.end(url.pathname === '/' ? '<!doctype html><title>player</title>' : undefined);
  });
  return {
    origin,
    token,
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
