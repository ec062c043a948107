import type { IncomingMessage } from 'node:http';

const MAX_JSON_BODY = 1024 * 1024;

/** Reads a body of at most 1 MiB; undefined when larger (the rest is still read, so the socket survives). */
export async function readSmallBody(req: IncomingMessage, onBytes: (n: number) => void): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Keep reading past the limit: leaving a for-await loop early would destroy the socket.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    onBytes(size);
    if (size <= MAX_JSON_BODY) chunks.push(chunk);
  }
  return size <= MAX_JSON_BODY ? Buffer.concat(chunks) : undefined;
}

export type JsonBody = { ok: true; value: unknown; empty: boolean } | { ok: false };

/** A management request's JSON body; an empty body is `{ok, empty}` with value undefined. */
export async function readJsonBody(req: IncomingMessage, onBytes: (n: number) => void): Promise<JsonBody> {
  const raw = await readSmallBody(req, onBytes);
  if (!raw) return { ok: false };
  if (raw.toString('utf8').trim() === '') return { ok: true, value: undefined, empty: true };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown, empty: false };
  } catch {
    return { ok: false };
  }
}
