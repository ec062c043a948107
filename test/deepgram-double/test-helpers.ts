import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WebSocket } from 'ws';
import { makeTestCertificate, testTlsFromEnv } from '../support/test-tls';
import type { TestTls } from '../support/test-tls';
import { startDeepgramDouble } from './server';
import type { DeepgramDouble, StartDoubleOptions } from './types';

const execFileAsync = promisify(execFile);

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RequestOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** A string/Buffer body, or `{ file }` to stream a file from disk. */
  body?: string | Buffer | { file: string };
  ca: string;
}

/** A real HTTPS request that trusts only the test CA. Rejects on socket errors (resets, hang-ups). */
export function httpsRequest(url: string, opts: RequestOptions): Promise<HttpResult> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    const { body } = opts;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else {
      const stream = createReadStream(body.file);
      stream.on('error', reject);
      stream.pipe(req);
    }
  });
}

/** One API call to the double: `auth` is the whole Authorization value; an object body is sent as JSON. */
export function callApi(
  t: { double: { url: string }; tls: { ca: string } },
  method: string,
  path: string,
  auth?: string,
  body?: object | string,
): Promise<HttpResult> {
  const headers: OutgoingHttpHeaders = {};
  if (auth !== undefined) headers['authorization'] = auth;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  return httpsRequest(`${t.double.url}${path}`, { method, headers, body: text, ca: t.tls.ca });
}

/** A sine tone of exactly `seconds` as 16 kHz 16-bit WAV (ffprobe reads the duration to the microsecond). */
export async function makeTone(file: string, seconds: number, channels = 1): Promise<string> {
  await run('sox', ['-n', '-r', '16000', '-c', String(channels), '-b', '16', file, 'synth', String(seconds), 'sine', '440']);
  return file;
}

export function json(result: HttpResult): Record<string, unknown> {
  return JSON.parse(result.text) as Record<string, unknown>;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface TestDouble {
  double: DeepgramDouble;
  tls: TestTls;
  key: string;
  dir: string;
  cleanup(): Promise<void>;
}

/** Options of startDeepgramDouble a test may set; `keys` are added after the default key. */
export type TestDoubleOptions = Partial<Omit<StartDoubleOptions, 'cert' | 'key' | 'ca' | 'tmpDir'>>;

export async function startTestDouble(idleTimeoutMs?: number, extra: TestDoubleOptions = {}): Promise<TestDouble> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-double-test-'));
  const tls = testTlsFromEnv() ?? (await makeTestCertificate(join(dir, 'tls')));
  const key = randomBytes(20).toString('hex');
  const double = await startDeepgramDouble({
    ...extra,
    cert: tls.cert,
    key: tls.key,
    ca: tls.ca,
    keys: [{ key }, ...(extra.keys ?? [])],
    tmpDir: dir,
    idleTimeoutMs,
  });
  return {
    double,
    tls,
    key,
    dir,
    cleanup: async () => {
      await double.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestAudio {
  /** Mono 22.05 kHz WAV spoken by espeak-ng. */
  speechWav: string;
  stereoWav: string;
  mp3: string;
  /** Opus in WebM without a duration header, like a MediaRecorder recording. */
  liveWebm: string;
  textFile: string;
  jsonFile: string;
  /** ~5 MB stereo WAV for interrupted uploads. */
  bigWav: string;
}

async function run(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(cmd, args);
  return stdout;
}

export async function makeTestAudio(dir: string): Promise<TestAudio> {
  const audio: TestAudio = {
    speechWav: join(dir, 'speech.wav'),
    stereoWav: join(dir, 'stereo.wav'),
    mp3: join(dir, 'speech.mp3'),
    liveWebm: join(dir, 'recording.webm'),
    textFile: join(dir, 'notes.txt'),
    jsonFile: join(dir, 'url.json'),
    bigWav: join(dir, 'big.wav'),
  };
  await run('espeak-ng', ['-w', audio.speechWav, 'Hello there. This is a short recording for the double. It has three sentences.']);
  await Promise.all([
    run('sox', ['-M', audio.speechWav, audio.speechWav, audio.stereoWav]),
    run('ffmpeg', ['-v', 'error', '-y', '-i', audio.speechWav, '-codec:a', 'libmp3lame', '-b:a', '64k', audio.mp3]),
    run('ffmpeg', ['-v', 'error', '-y', '-i', audio.speechWav, '-codec:a', 'libopus', '-live', '1', '-f', 'webm', audio.liveWebm]),
    run('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', audio.bigWav, 'synth', '30', 'sine', '440']),
    writeFile(audio.textFile, 'These are meeting notes, not audio.\n'),
    writeFile(audio.jsonFile, JSON.stringify({ url: 'https://example.com/audio.wav' })),
  ]);
  return audio;
}

/** Duration in seconds as sox reads it (independent of the double's ffprobe). */
export async function soxDuration(file: string): Promise<number> {
  return Number((await run('sox', ['--i', '-D', file])).trim());
}

export interface LiveClient {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  /** performance.now() when each of `messages` arrived. */
  arrivals: number[];
  /** Headers of the 101 response. */
  upgradeHeaders: IncomingHttpHeaders;
  closed: Promise<{ code: number; reason: string }>;
  waitFor(predicate: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** What connectLive rejects with when the upgrade is refused. */
export interface RefusedUpgrade extends Error {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function connectLive(url: string, opts: { ca: string; headers?: Record<string, string>; protocols?: string[] }): Promise<LiveClient> {
  const ws = new WebSocket(url, opts.protocols ?? [], { ca: opts.ca, headers: opts.headers });
  const messages: Record<string, unknown>[] = [];
  const arrivals: number[] = [];
  let upgradeHeaders: IncomingHttpHeaders = {};
  ws.once('upgrade', (response) => {
    upgradeHeaders = response.headers;
  });
  const listeners = new Set<() => void>();
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      messages.push(JSON.parse(String(data)) as Record<string, unknown>);
      arrivals.push(performance.now());
    }
    for (const l of listeners) l();
  });
  const closed = new Promise<{ code: number; reason: string }>((res) => {
    ws.on('close', (code, reason) => res({ code, reason: reason.toString('utf8') }));
  });
  const waitFor = (predicate: (m: Record<string, unknown>) => boolean, timeoutMs = 5000): Promise<Record<string, unknown>> =>
    new Promise((res, rej) => {
      const check = (): void => {
        const found = messages.find(predicate);
        if (found) {
          listeners.delete(check);
          clearTimeout(timer);
          res(found);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        rej(new Error('timed out waiting for a live message'));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return new Promise((res, rej) => {
    ws.once('open', () => res({ ws, messages, arrivals, upgradeHeaders, closed, waitFor }));
    ws.once('error', rej);
    ws.once('unexpected-response', (_req, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', rej);
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        const refused: RefusedUpgrade = Object.assign(new Error(`upgrade refused: ${status}`), {
          status,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        rej(refused);
      });
    });
  });
}

/** Opens a stream that must be refused; resolves with the refusal (an accepted socket is dropped and the call fails). */
export function refusedLive(url: string, opts: { ca: string; headers?: Record<string, string>; protocols?: string[] }): Promise<RefusedUpgrade> {
  return connectLive(url, opts).then(
    (client) => {
      client.ws.terminate();
      throw new Error('upgrade unexpectedly accepted');
    },
    (e: unknown) => {
      if (e instanceof Error && 'status' in e) return e as RefusedUpgrade;
      throw e;
    },
  );
}
