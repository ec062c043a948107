import type { FileHandle } from 'node:fs/promises';
import { parseRange } from './byte-range';
import { FileShrankError } from './file-fingerprint';

/** An open file checked by its owner; the response takes it over and closes it. */
export interface ServableFile {
  handle: FileHandle;
  size: number;
  mtimeMs: number;
  contentType: string;
}

export interface FileRequest {
  method: string;
  range: string | null;
  ifRange: string | null;
}

/** Bytes read from disk per pull: with one chunk queued ahead, memory stays flat at any file size. */
export const fileChunkBytes = 256 * 1024;

/** A strong validator from size and modification time: nothing of the path is in it. */
export function entityTag(file: Pick<ServableFile, 'size' | 'mtimeMs'>): string {
  return `"${file.size.toString(16)}-${Math.round(file.mtimeMs * 1000).toString(16)}"`;
}

/** Streams bytes [start, end] of the file on demand, closing it at the end, on error or on cancel. */
export function fileBody(handle: FileHandle, start: number, end: number, chunkBytes = fileChunkBytes): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const length = Math.min(chunkBytes, end + 1 - position);
          const buffer = Buffer.allocUnsafe(length);
          const { bytesRead } = await handle.read(buffer, 0, length, position);
          if (bytesRead === 0) throw new FileShrankError();
          position += bytesRead;
          controller.enqueue(new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead));
          if (position > end) {
            await close();
            controller.close();
          }
        } catch (error) {
          await close();
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  );
}

/**
 * Answers a GET or HEAD for an open file, honouring one byte range: 206 with Content-Range, 416 past
 * the end, 200 with the whole file otherwise (no Range, several ranges, a malformed or stale one).
 * The body is read from disk as the client takes it, never whole.
 */
export function fileRangeResponse(request: FileRequest, file: ServableFile, headers: Record<string, string>): Response {
  const tag = entityTag(file);
  const base = {
    ...headers,
    'accept-ranges': 'bytes',
    'content-type': file.contentType,
    etag: tag,
    'last-modified': new Date(file.mtimeMs).toUTCString(),
  };
  // Range applies to GET only; If-Range with another validator asks for the whole, current file.
  const wanted = request.method === 'GET' && (request.ifRange === null || request.ifRange === tag) ? parseRange(request.range, file.size) : ({ kind: 'full' } as const);
  if (wanted.kind === 'unsatisfiable') {
    void file.handle.close().catch(() => undefined);
    return new Response(null, { status: 416, headers: { ...base, 'content-range': `bytes */${file.size}`, 'content-length': '0' } });
  }
  const { start, end } = wanted.kind === 'partial' ? wanted.range : { start: 0, end: file.size - 1 };
  const length = end - start + 1;
  const status = wanted.kind === 'partial' ? 206 : 200;
  const responseHeaders: Record<string, string> = { ...base, 'content-length': String(length) };
  if (wanted.kind === 'partial') responseHeaders['content-range'] = `bytes ${start}-${end}/${file.size}`;
  if (request.method !== 'GET' || length === 0) {
    void file.handle.close().catch(() => undefined);
    return new Response(null, { status, headers: responseHeaders });
  }
  return new Response(fileBody(file.handle, start, end), { status, headers: responseHeaders });
}
