import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface MediaServerOptions {
  /** PEM certificate and key for 127.0.0.1 (test/support/test-tls.ts). */
  cert: string;
  key: string;
  /** URL path → file on disk. A path matches as sent ("/a%201.mp3") or decoded ("/a 1.mp3", "/会議.mp3"). */
  files: Record<string, string>;
  /** URL path (matched like `files`) → path or absolute URL it answers 302 to; a path target is given decoded. */
  redirects?: Record<string, string>;
}

export interface MediaRequest {
  method: string;
  /** Decoded URL path without the query. */
  path: string;
  /** 0 when the connection ended before an answer. */
  status: number;
}

export interface MediaServer {
  /** https://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  readonly requests: readonly MediaRequest[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'audio/webm',
  '.mp4': 'video/mp4',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function requestPaths(rawUrl: string | undefined): { sent: string; decoded: string } {
  const { pathname } = new URL(rawUrl ?? '/', 'https://127.0.0.1');
  try {
    return { sent: pathname, decoded: decodeURIComponent(pathname) };
  } catch {
    return { sent: pathname, decoded: pathname };
  }
}

/** A static HTTPS file server on 127.0.0.1 for `{"url"}` transcription tests: GET/HEAD, 404, 302 redirects. */
export async function startMediaServer(opts: MediaServerOptions): Promise<MediaServer> {
  const requests: MediaRequest[] = [];
  const files = new Map(Object.entries(opts.files));
  const redirects = new Map(Object.entries(opts.redirects ?? {}));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { sent, decoded } = requestPaths(req.url);
    const record: MediaRequest = { method: req.method ?? 'GET', path: decoded, status: 0 };
    requests.push(record);
    const lookUp = (map: ReadonlyMap<string, string>): string | undefined => map.get(sent) ?? map.get(decoded);
    const answer = (status: number, headers: Record<string, string | number> = {}): void => {
      record.status = status;
      res.writeHead(status, headers);
    };

    if (record.method !== 'GET' && record.method !== 'HEAD') {
      answer(405, { allow: 'GET, HEAD', 'content-length': 0 });
      res.end();
      return;
    }
    const target = lookUp(redirects);
    if (target !== undefined) {
      // Header values must be ASCII, and a path target is given decoded.
      const location = /^https?:/i.test(target) ? new URL(target).href : encodeURI(target);
      answer(302, { location, 'content-length': 0 });
      res.end();
      return;
    }
    const file = lookUp(files);
    const size = file === undefined ? undefined : await stat(file).then((s) => (s.isFile() ? s.size : undefined), () => undefined);
    if (file === undefined || size === undefined) {
      const body = 'Not Found';
      answer(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(record.method === 'HEAD' ? undefined : body);
      return;
    }
    answer(200, { 'content-type': contentTypeOf(file), 'content-length': size });
    if (record.method === 'HEAD') {
      res.end();
      return;
    }
    // A client that goes away mid-download rejects the pipeline; nothing else is to be done then.
    await pipeline(createReadStream(file), res).catch(() => undefined);
  };

  const server = createServer({ cert: opts.cert, key: opts.key }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
