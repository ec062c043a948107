import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectLive, httpsRequest, json, makeTestAudio, startTestDouble, UUID_RE } from './test-helpers';
import type { HttpResult, TestAudio, TestDouble } from './test-helpers';
import type { RequestRecord } from './types';

let t: TestDouble;
let audio: TestAudio;
/** 64 MiB of zeros: far more than loopback socket buffers can hold, so a reader that stops stops the writer. */
let hugeFile: string;
const HUGE_SIZE = 64 * 1024 * 1024;
/** The moment a negative assertion waits past: far longer than any loopback transfer or reply takes here. */
const QUIET_MS = 1000;

beforeAll(async () => {
  t = await startTestDouble();
  audio = await makeTestAudio(t.dir);
  hugeFile = join(t.dir, 'huge.bin');
  const handle = await open(hugeFile, 'w');
  await handle.truncate(HUGE_SIZE);
  await handle.close();
});

afterAll(async () => {
  await t.cleanup();
});

afterEach(() => t.double.clearFailures());

const auth = (): Record<string, string> => ({ authorization: `Token ${t.key}` });

function listen(file: string, double = t.double): Promise<HttpResult> {
  return httpsRequest(`${double.url}/v1/listen`, { method: 'POST', headers: { ...auth(), 'content-type': 'audio/wav' }, body: { file }, ca: t.tls.ca });
}

type Outcome = { status: number; headers: IncomingHttpHeaders } | { error: NodeJS.ErrnoException };

interface Upload {
  /** Bytes the HTTPS request has taken from the file so far. */
  accepted(): number;
  answered(): boolean;
  /** Settles when the double answers or the connection ends; never rejects. */
  outcome: Promise<Outcome>;
  abort(): Promise<Outcome>;
}

/** A raw HTTPS upload with Content-Length, trusting only the test CA, whose progress and answer the test can watch. */
async function startUpload(url: string, file: string, peer: { key: string; ca: string } = { key: t.key, ca: t.tls.ca }): Promise<Upload> {
  const size = (await stat(file)).size;
  let accepted = 0;
  let answered = false;
  const req = request(url, {
    method: 'POST',
    headers: { authorization: `Token ${peer.key}`, 'content-type': 'audio/wav', 'content-length': size },
    ca: peer.ca,
    agent: false,
  });
  const outcome = new Promise<Outcome>((resolve) => {
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error }));
    req.on('close', () => resolve({ error: Object.assign(new Error('closed'), { code: 'CLOSED' }) }));
  });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      accepted += chunk.length;
      callback(null, chunk);
    },
  });
  pipeline(createReadStream(file), counter, req).catch(() => undefined);
  return {
    accepted: () => accepted,
    answered: () => answered,
    outcome,
    abort: () => {
      req.destroy();
      return outcome;
    },
  };
}

/** Polls until `predicate` holds (the test's own timeout bounds the wait). */
async function waitUntil(predicate: () => boolean): Promise<void> {
  while (!predicate()) await sleep(20);
}

/** Polls until `read` has returned the same value for `quietMs`, then returns it. */
async function steadyValue(read: () => number, quietMs: number): Promise<number> {
  let value = read();
  let since = Date.now();
  for (;;) {
    await sleep(50);
    const now = read();
    if (now !== value) {
      value = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return value;
    }
  }
}

/** The record of the request made by `start`, found as the one record added meanwhile. */
async function recordOf<T>(start: () => Promise<T>, double = t.double): Promise<{ value: T; record: () => RequestRecord }> {
  const before = double.requests.length;
  const value = await start();
  await waitUntil(() => double.requests.length > before);
  expect(double.requests.length).toBe(before + 1);
  const record = double.requests[before];
  if (!record) throw new Error('no record');
  return { value, record: () => record };
}

describe('failNext status', () => {
  it('sends Retry-After only when retryAfterSec is given', async () => {
    t.double.failNext({ kind: 'status', status: 429, retryAfterSec: 7 });
    const limited = await listen(audio.speechWav);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(json(limited)).toEqual({ err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests. Please try again later', request_id: limited.headers['dg-request-id'] });

    t.double.failNext({ kind: 'status', status: 429 });
    const bare = await listen(audio.speechWav);
    expect(bare.status).toBe(429);
    expect(bare.headers).not.toHaveProperty('retry-after');

    t.double.failNext({ kind: 'status', status: 503, retryAfterSec: 0 });
    expect((await listen(audio.speechWav)).headers['retry-after']).toBe('0');
  });

  it('sends Retry-After on a refused WebSocket upgrade too', async () => {
    t.double.failNext({ kind: 'status', status: 429, path: '/v1/listen', retryAfterSec: 3 });
    const refused = await connectLive(`${t.double.url.replace(/^https/, 'wss')}/v1/listen`, { ca: t.tls.ca, headers: auth() }).then(
      () => undefined,
      (e: unknown) => e as { status?: number; headers?: IncomingHttpHeaders },
    );
    expect(refused?.status).toBe(429);
    expect(refused?.headers?.['retry-after']).toBe('3');
  });

  it('answers each status with its body after reading the whole upload, and records it', async () => {
    const size = (await stat(audio.bigWav)).size;
    const jsonBodies: Record<number, Record<string, string>> = {
      408: { err_code: 'SLOW_UPLOAD', err_msg: 'Request upload timeout.' },
      413: { err_code: 'PAYLOAD_TOO_LARGE', err_msg: 'Payload size exceeds limit of 2 GB.' },
      422: { err_code: 'ASR_UNPROCESSABLE_ENTITY', err_msg: 'Unable to read the entire client request.' },
      500: { err_code: 'INTERNAL_SERVER_ERROR', err_msg: 'Internal server error. Please try again later.' },
      503: { error_code: 'Service Unavailable', err_msg: 'Please try again later' },
    };
    for (const [status, body] of Object.entries(jsonBodies)) {
      t.double.failNext({ kind: 'status', status: Number(status) });
      const { value: res, record } = await recordOf(() => listen(audio.bigWav));
      expect(res.status).toBe(Number(status));
      expect(res.headers['content-type']).toBe('application/json');
      expect(json(res)).toEqual({ ...body, request_id: res.headers['dg-request-id'] });
      expect(record()).toMatchObject({ status: Number(status), bytes: size });
    }
    for (const [status, text] of [[502, 'Bad Gateway'], [504, 'Gateway Timeout']] as const) {
      t.double.failNext({ kind: 'status', status });
      const { value: res, record } = await recordOf(() => listen(audio.bigWav));
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe(text);
      expect(res.headers['dg-request-id']).toMatch(UUID_RE);
      expect(record()).toMatchObject({ status, bytes: size });
    }
  });

  it('counts every attempt: 503 twice, then success', async () => {
    const before = t.double.requests.length;
    t.double.failNext({ kind: 'status', status: 503, path: '/v1/listen' }, 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await listen(audio.speechWav)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(t.double.requests.slice(before).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('refuses failures it could not act out', async () => {
    expect(() => t.double.failNext({ kind: 'status', status: 429, retryAfterSec: 1.5 })).toThrow(RangeError);
    expect(() => t.double.failNext({ kind: 'status', status: 200 })).toThrow(RangeError);
    expect(() => t.double.failNext({ kind: 'stall', afterBytes: -1 })).toThrow(RangeError);
    expect(() => t.double.failNext({ kind: 'slow', delayMs: Infinity })).toThrow(RangeError);
    // Nothing refused was queued.
    expect((await listen(audio.speechWav)).status).toBe(200);
  });
});

describe('failNext stall', () => {
  it('stops reading after afterBytes, so the upload stops, and never answers until the client gives up', async () => {
    const afterBytes = 1024 * 1024;
    t.double.failNext({ kind: 'stall', afterBytes, path: '/v1/listen' });
    const { value: upload, record } = await recordOf(() => startUpload(`${t.double.url}/v1/listen`, hugeFile));
    await waitUntil(() => record().bytes >= afterBytes);

    const accepted = await steadyValue(() => upload.accepted(), QUIET_MS);
    // Socket buffers hold a few MB at most; the rest of the 64 MiB file was never taken.
    expect(accepted).toBeLessThan(HUGE_SIZE / 2);
    const received = record().bytes;
    expect(received).toBeGreaterThanOrEqual(afterBytes);
    expect(received).toBeLessThan(2 * afterBytes);
    expect(received).toBeLessThanOrEqual(accepted);

    await sleep(QUIET_MS);
    expect(upload.answered()).toBe(false);
    expect(record()).toMatchObject({ status: 0, bytes: received });
    expect(upload.accepted()).toBe(accepted);

    const outcome = await upload.abort();
    expect(outcome).toHaveProperty('error');
    expect(record().status).toBe(0);
    // The double is not wedged: the next upload goes through.
    expect((await listen(audio.speechWav)).status).toBe(200);
  });
});

describe('failNext hang', () => {
  it('reads the whole body, then never answers until the client gives up', async () => {
    const size = (await stat(audio.bigWav)).size;
    t.double.failNext({ kind: 'hang', path: '/v1/listen' });
    const { value: upload, record } = await recordOf(() => startUpload(`${t.double.url}/v1/listen`, audio.bigWav));
    await waitUntil(() => record().bytes === size);

    await sleep(QUIET_MS);
    expect(upload.answered()).toBe(false);
    expect(record()).toMatchObject({ status: 0, bytes: size });

    expect(await upload.abort()).toHaveProperty('error');
    expect(record().status).toBe(0);
    expect((await listen(audio.speechWav)).status).toBe(200);
  });
});

describe('close()', () => {
  it('ends stalled, hung and slow requests and unanswered upgrades', { timeout: 15_000 }, async () => {
    const own = await startTestDouble();
    try {
      const url = `${own.double.url}/v1/listen`;
      const upload = (file: string): Promise<Upload> => startUpload(url, file, { key: own.key, ca: own.tls.ca });
      const size = (await stat(audio.speechWav)).size;

      own.double.failNext({ kind: 'stall', afterBytes: 64 * 1024 });
      const stalled = await recordOf(() => upload(hugeFile), own.double);
      await waitUntil(() => stalled.record().bytes >= 64 * 1024);
      own.double.failNext({ kind: 'hang' });
      const hung = await recordOf(() => upload(audio.speechWav), own.double);
      await waitUntil(() => hung.record().bytes === size);
      own.double.failNext({ kind: 'slow', delayMs: 120_000 });
      const slow = await recordOf(() => upload(audio.speechWav), own.double);
      await waitUntil(() => slow.record().bytes === size);
      own.double.failNext({ kind: 'hang' });
      let liveState = 'pending';
      const live = await recordOf(async () => {
        const attempt = connectLive(url.replace(/^https/, 'wss'), { ca: own.tls.ca, headers: { authorization: `Token ${own.key}` } }).then(
          () => 'opened',
          (e: unknown) => (e as Error).message,
        );
        void attempt.then((state) => {
          liveState = state;
        });
        return { attempt };
      }, own.double);

      await sleep(QUIET_MS);
      expect([stalled, hung, slow].map(({ value }) => value.answered())).toEqual([false, false, false]);
      expect(liveState).toBe('pending');
      await own.double.close();
      for (const { value } of [stalled, hung, slow]) {
        expect(value.answered()).toBe(false);
        expect(await value.outcome).toHaveProperty('error');
      }
      expect(await live.value.attempt).not.toBe('opened');
      expect([stalled, hung, slow, live].map(({ record }) => record().status)).toEqual([0, 0, 0, 0]);
    } finally {
      await own.cleanup();
    }
  });
});
