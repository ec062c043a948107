import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { releaseChunk } from '../files/chunk-pool';

const bodilessStatuses = new Set([101, 204, 205, 304]);

function headerRecord(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  return Object.fromEntries(new Headers(headers).entries());
}

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const status = res.statusCode ?? 500;
  const empty = bodilessStatuses.has(status) || method === 'HEAD';
  if (empty) res.resume();
  return new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
    status,
    statusText: res.statusMessage ?? '',
    headers,
  });
}

/**
 * Writes `body` into `req` as `pipe` would (pausing while the socket is full), and gives each chunk
 * back to the pool that read it once the socket has finished writing it: until that write's
 * callback, the socket may still be reading from the buffer.
 */
function sendBody(body: Readable, req: ClientRequest): void {
  body.on('data', (chunk: Buffer) => {
    const more = req.write(chunk, (error) => {
      if (!error) releaseChunk(chunk);
    });
    if (!more) body.pause();
  });
  req.on('drain', () => body.resume());
  body.once('end', () => req.end());
}

/**
 * A `fetch` for the Deepgram SDK that sends Node stream bodies through node:http(s), which
 * releases each chunk once written. Node's built-in fetch keeps every chunk of a streamed body
 * until the response arrives (nodejs/undici#4058: a 1 GB upload cost 1.1 GB of RSS here).
 * Every other request goes to the built-in fetch.
 */
export function createStreamingFetch(fallback: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const body = init?.body as unknown;
    if (!(body instanceof Readable)) return fallback(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'POST';
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method, headers: headerRecord(init?.headers), ...(init?.signal ? { signal: init.signal } : {}) }, (res) =>
        resolve(toResponse(res, method)),
      );
      req.on('error', (error) => {
        body.destroy();
        reject(error);
      });
      body.on('error', (error) => req.destroy(error));
      sendBody(body, req);
    });
  };
}
