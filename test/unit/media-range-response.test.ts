import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appOrigin } from '../../main/platform/app-origin';
import { securityHeaders, serveAppRequest } from '../../main/platform/app-protocol';
import { serveMediaRequest } from '../../main/platform/media-protocol';
import type { MediaOpener } from '../../main/platform/media-protocol';
import { parseRange } from '../../main/services/files/byte-range';
import { fileRangeResponse } from '../../main/services/files/file-range-response';
import type { ServableFile } from '../../main/services/files/file-range-response';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

let dir: string;
let smallPath: string;
let small: Buffer;
const opened: FileHandle[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-range-'));
  small = randomBytes(1000);
  smallPath = join(dir, 'small.bin');
  await writeFile(smallPath, small);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

afterEach(async () => {
  // Every response closes its file: at the end, on 416, on HEAD, or when the body is cancelled.
  const left = opened.splice(0).filter((h) => h.fd !== -1);
  expect(left.length, 'file handles left open').toBe(0);
});

async function servable(path: string, contentType = 'audio/wav'): Promise<ServableFile> {
  const handle = await open(path, 'r');
  opened.push(handle);
  const info = await handle.stat();
  return { handle, size: info.size, mtimeMs: info.mtimeMs, contentType };
}

async function get(range: string | null, method = 'GET', ifRange: string | null = null, path = smallPath): Promise<Response> {
  return fileRangeResponse({ method, range, ifRange }, await servable(path), { 'x-content-type-options': 'nosniff' });
}

async function bytes(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

/** The reference reading of one byte range, written from the HTTP rules independently of the parser. */
function model(first: number | null, last: number | null, size: number): 'full' | 'unsatisfiable' | [number, number] {
  if (first === null && last === null) return 'full';
  if (first === null) return last === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - last!), size - 1];
  if (last !== null && last < first) return 'full';
  if (first >= size) return 'unsatisfiable';
  return [first, last === null ? size - 1 : Math.min(last, size - 1)];
}

describe('Range header', () => {
  it('reads every single-range form as HTTP defines it', () => {
    fc.assert(
      fc.property(fc.option(fc.nat(5000), { nil: null }), fc.option(fc.nat(5000), { nil: null }), fc.nat(3000), (first, last, size) => {
        const header = `bytes=${first ?? ''}-${last ?? ''}`;
        const expected = model(first, last, size);
        const got = parseRange(header, size);
        if (expected === 'full' || expected === 'unsatisfiable') expect(got.kind).toBe(expected);
        else expect(got).toEqual({ kind: 'partial', range: { start: expected[0], end: expected[1] } });
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores what is not one byte range', () => {
    for (const header of [null, '', 'bytes=', 'items=0-10', 'bytes=0-10,20-30', 'bytes=a-b', 'bytes=--5', 'bytes=1-2-3', 'bytes=5-3', 'bytes=0-9999999999999999']) {
      expect(parseRange(header, 1000).kind, String(header)).toBe('full');
    }
    expect(parseRange('Bytes=0-0', 1000)).toEqual({ kind: 'partial', range: { start: 0, end: 0 } });
  });
});

describe('file responder', () => {
  it('serves the whole file with 200 when no range is asked', async () => {
    const response = await get(null);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('audio/wav');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-range')).toBeNull();
    expect((await bytes(response)).equals(small)).toBe(true);
  });

  it('answers bytes=a-b, bytes=a- and bytes=-n with 206 and the exact bytes', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=10-19', 10, 19],
      ['bytes=990-5000', 990, 999],
      ['bytes=500-', 500, 999],
      ['bytes=999-', 999, 999],
      ['bytes=-1', 999, 999],
      ['bytes=-100', 900, 999],
      ['bytes=-5000', 0, 999],
    ];
    for (const [range, start, end] of cases) {
      const response = await get(range);
      expect(response.status, range).toBe(206);
      expect(response.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/1000`);
      expect(response.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect((await bytes(response)).equals(small.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers 416 with the size for a range past the end', async () => {
    for (const range of ['bytes=1000-', 'bytes=1000-2000', 'bytes=-0']) {
      const response = await get(range);
      expect(response.status, range).toBe(416);
      expect(response.headers.get('content-range'), range).toBe('bytes */1000');
      expect((await bytes(response)).length).toBe(0);
    }
  });

  it('answers several ranges, a malformed one or a stale If-Range with the whole file', async () => {
    for (const [range, ifRange] of [['bytes=0-1,5-6', null], ['bytes=x-', null], ['bytes=0-9', '"stale"']] as const) {
      const response = await get(range, 'GET', ifRange);
      expect(response.status, range).toBe(200);
      expect((await bytes(response)).equals(small)).toBe(true);
    }
    const first = await get(null);
    await first.body?.cancel();
    const current = await get('bytes=0-9', 'GET', first.headers.get('etag'));
    expect(current.status).toBe(206);
    await current.body?.cancel();
  });

  it('answers HEAD with the headers of a full GET and no body, Range or not', async () => {
    for (const range of [null, 'bytes=0-9']) {
      const response = await get(range, 'HEAD');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe('1000');
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.body).toBeNull();
    }
  });

  it('streams a 2.1 GB sparse file with flat memory and seeks to its end', async () => {
    const big = join(dir, 'big.bin');
    const size = 2 ** 31 + 12345;
    await truncate(await writeFile(big, '').then(() => big), size);
    const tail = Buffer.from('end of a long recording');
    const handle = await open(big, 'r+');
    await handle.write(tail, 0, tail.length, size - tail.length);
    await handle.close();

    const end = await get(`bytes=-${tail.length}`, 'GET', null, big);
    expect(end.status).toBe(206);
    expect(end.headers.get('content-range')).toBe(`bytes ${size - tail.length}-${size - 1}/${size}`);
    expect((await bytes(end)).equals(tail)).toBe(true);

    const whole = await get(null, 'GET', null, big);
    expect(whole.headers.get('content-length')).toBe(String(size));
    const reader = whole.body!.getReader();
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;
    let read = 0;
    let peak = 0;
    for (let chunk = 1; read < 512 * 1024 * 1024; chunk++) {
      const { value, done } = await reader.read();
      if (done) break;
      read += value.byteLength;
      // What is still held, not what waits for the collector: sampled after a collection.
      if (chunk % 32 === 0) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }
    }
    // A slow client: whatever the stream reads ahead meanwhile is held in memory.
    await new Promise((resolve) => setTimeout(resolve, 300));
    collectGarbage();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    await reader.cancel();
    expect(read).toBeGreaterThanOrEqual(512 * 1024 * 1024);
    // A whole-file read holds 2 GB before the first byte; streaming holds a chunk or two.
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  }, 60_000);
});

describe('media route', () => {
  const asked: string[] = [];
  const opener: MediaOpener = {
    async open(id) {
      asked.push(id);
      if (id !== 'tx-1') return { ok: false, reason: 'not-found', message: 'gone' };
      return { ok: true, file: await servable(smallPath), durationSec: 1 };
    },
  };

  it('serves app://deepgram-desk/media/transcript/<id> with ranges and the security headers', async () => {
    const response = await serveAppRequest(new Request(`${appOrigin}/media/transcript/tx-1`, { headers: { range: 'bytes=100-199' } }), dir, opener);
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    for (const [name, value] of Object.entries(securityHeaders)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await bytes(response)).equals(small.subarray(100, 200))).toBe(true);
  });

  it('answers anything but a valid id with a bare 404, never a file and never a path', async () => {
    asked.length = 0;
    const paths = [
      '/media/transcript/',
      '/media/transcript/..%2f..%2fsmall.bin',
      '/media/transcript/%2e%2e',
      `/media/transcript/${encodeURIComponent(smallPath)}`,
      '/media/transcript/tx-1/extra',
      '/media/transcript/tx-1%00',
      `/media/transcript/${'a'.repeat(65)}`,
      '/media/transcript/unknown',
    ];
    for (const path of paths) {
      const response = await serveAppRequest(new Request(`${appOrigin}${path}`), dir, opener);
      expect(response.status, path).toBe(404);
      const text = await response.text();
      expect(text, path).toBe('');
      expect(JSON.stringify([...response.headers]), path).not.toContain(dir);
    }
    // Only the well-formed id ever reached the media source.
    expect(asked).toEqual(['unknown']);
    expect((await serveAppRequest(new Request(`${appOrigin}/media/transcript/tx-1`), dir)).status).toBe(404);
    expect((await serveMediaRequest(new Request(`${appOrigin}/media/transcript/tx-1`, { method: 'POST' }), opener, {})).status).toBe(405);
  });
});
