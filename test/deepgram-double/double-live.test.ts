import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLive, startTestDouble, UUID_RE } from './test-helpers';
import type { LiveClient, TestDouble } from './test-helpers';

const execFileAsync = promisify(execFile);

let t: TestDouble;
/** 16 kHz mono linear16 speech, as a live client would stream it. */
let pcm: Buffer;
const PCM_QUERY = 'encoding=linear16&sample_rate=16000&channels=1';
const BYTES_PER_SECOND = 32_000;

beforeAll(async () => {
  t = await startTestDouble(400);
  const wav = join(t.dir, 'live.wav');
  const raw = join(t.dir, 'live.raw');
  await execFileAsync('espeak-ng', ['-w', wav, 'Testing the live transcription stream, one, two, three, four.']);
  await execFileAsync('sox', [wav, '-t', 'raw', '-r', '16000', '-e', 'signed', '-b', '16', '-c', '1', raw]);
  pcm = await readFile(raw);
});

afterAll(() => t.cleanup());

const liveUrl = (query: string): string => `${t.double.url.replace(/^https/, 'wss')}/v1/listen?${query}`;

function sendInFrames(client: LiveClient, audio: Buffer, frameBytes = 3200): void {
  for (let offset = 0; offset < audio.length; offset += frameBytes) client.ws.send(audio.subarray(offset, offset + frameBytes));
}

const ofType = (type: string) => (m: Record<string, unknown>): boolean => m['type'] === type;

interface ResultsMessage {
  type: string;
  channel_index: number[];
  start: number;
  duration: number;
  is_final: boolean;
  speech_final: boolean;
  from_finalize: boolean;
  channel: { alternatives: { transcript: string; confidence: number; words: { word: string; start: number; end: number; punctuated_word?: string; speaker?: number }[] }[] };
  metadata: { request_id: string; model_uuid: string; model_info: { name: string; version: string; arch: string } };
}

describe('WSS /v1/listen', () => {
  it('authenticates by subprotocol, streams Results, and ends with Metadata then 1000 after CloseStream', async () => {
    const client = await connectLive(liveUrl(`model=nova-3&punctuate=true&${PCM_QUERY}`), { ca: t.tls.ca, protocols: ['token', t.key] });
    expect(client.ws.protocol).toBe('token');
    const record = t.double.requests.at(-1);
    expect(record).toMatchObject({ status: 101, authScheme: 'subprotocol:token', path: '/v1/listen' });

    sendInFrames(client, pcm);
    client.ws.send(JSON.stringify({ type: 'CloseStream' }));
    const closed = await client.closed;
    expect(closed.code).toBe(1000);

    const results = client.messages.filter(ofType('Results')) as unknown as ResultsMessage[];
    const seconds = pcm.length / BYTES_PER_SECOND;
    expect(results.length).toBe(Math.ceil(seconds));
    let expectedStart = 0;
    for (const r of results) {
      expect(r).toMatchObject({ channel_index: [0, 1], is_final: true, from_finalize: false });
      expect(r.start).toBeCloseTo(expectedStart, 5);
      expectedStart += r.duration;
      expect(r.metadata.request_id).toBe(record?.id);
      expect(r.metadata.model_uuid).toMatch(UUID_RE);
      expect(r.metadata.model_info.arch).toBe('nova-3');
      for (const w of r.channel.alternatives[0]?.words ?? []) {
        expect(w.start).toBeGreaterThanOrEqual(r.start);
        expect(w.end).toBeLessThanOrEqual(r.start + r.duration + 1e-6);
        expect(w.punctuated_word).toBeDefined();
      }
    }
    const text = results.map((r) => r.channel.alternatives[0]?.transcript).join(' ');
    expect(text).toMatch(/^Welcome to the local Deepgram double\./);
    expect(results.some((r) => r.speech_final)).toBe(true);

    const last = client.messages.at(-1);
    expect(last).toMatchObject({ type: 'Metadata', transaction_key: 'deprecated', request_id: record?.id, channels: 1 });
    expect(last?.['duration']).toBeCloseTo(seconds, 5);
    expect(last?.['sha256']).toBe(createHash('sha256').update(pcm).digest('hex'));
    expect(record?.bytes).toBe(pcm.length);
  });

  it('accepts the Authorization header and sends interim results, UtteranceEnd and diarized words', async () => {
    const client = await connectLive(liveUrl(`interim_results=true&utterance_end_ms=1000&diarize=true&vad_events=true&${PCM_QUERY}`), {
      ca: t.tls.ca,
      headers: { Authorization: `token ${t.key}` },
    });
    expect(t.double.requests.at(-1)?.authScheme).toBe('token');
    sendInFrames(client, Buffer.concat([pcm, pcm, pcm]));
    client.ws.send(JSON.stringify({ type: 'CloseStream' }));
    await client.closed;
    expect(client.messages.some(ofType('SpeechStarted'))).toBe(true);
    expect(client.messages.some(ofType('UtteranceEnd'))).toBe(true);
    const results = client.messages.filter(ofType('Results')) as unknown as ResultsMessage[];
    expect(results.some((r) => !r.is_final)).toBe(true);
    const speakers = new Set(results.flatMap((r) => r.channel.alternatives[0]?.words.map((w) => w.speaker) ?? []));
    expect(speakers).toEqual(new Set([0, 1]));
  });

  it('answers Finalize with a from_finalize final and KeepAlive with nothing', async () => {
    const client = await connectLive(liveUrl(PCM_QUERY), { ca: t.tls.ca, protocols: ['token', t.key] });
    client.ws.send(pcm.subarray(0, BYTES_PER_SECOND / 2));
    client.ws.send(JSON.stringify({ type: 'KeepAlive' }));
    await sleep(100);
    expect(client.messages).toEqual([]);
    client.ws.send(JSON.stringify({ type: 'Finalize' }));
    const final = (await client.waitFor(ofType('Results'))) as unknown as ResultsMessage;
    expect(final).toMatchObject({ is_final: true, from_finalize: true, start: 0, duration: 0.5 });
    expect(final.channel.alternatives[0]?.words.length).toBeGreaterThan(0);
    client.ws.close();
    await client.closed;
  });

  it('closes 1008 DATA-0000 on a zero-length binary frame', async () => {
    const client = await connectLive(liveUrl(PCM_QUERY), { ca: t.tls.ca, protocols: ['token', t.key] });
    client.ws.send(pcm.subarray(0, 3200));
    client.ws.send(Buffer.alloc(0));
    expect(await client.closed).toEqual({ code: 1008, reason: 'DATA-0000' });
  });

  it('closes 1011 NET-0001 when the client goes quiet; KeepAlive alone does not count before audio', async () => {
    const quiet = await connectLive(liveUrl(PCM_QUERY), { ca: t.tls.ca, protocols: ['token', t.key] });
    const keepAlive = setInterval(() => quiet.ws.send(JSON.stringify({ type: 'KeepAlive' })), 100);
    const started = Date.now();
    expect(await quiet.closed).toEqual({ code: 1011, reason: 'NET-0001' });
    clearInterval(keepAlive);
    expect(Date.now() - started).toBeLessThan(1000);

    const kept = await connectLive(liveUrl(PCM_QUERY), { ca: t.tls.ca, protocols: ['token', t.key] });
    kept.ws.send(pcm.subarray(0, 3200));
    const keepAlive2 = setInterval(() => kept.ws.send(JSON.stringify({ type: 'KeepAlive' })), 100);
    await sleep(700);
    clearInterval(keepAlive2);
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);
    expect(await kept.closed).toEqual({ code: 1011, reason: 'NET-0001' });
  });

  it('drops the connection without a close frame after failNext reset bytes of audio', async () => {
    t.double.failNext({ kind: 'reset', afterBytes: 16_000, path: '/v1/listen' });
    const client = await connectLive(liveUrl(PCM_QUERY), { ca: t.tls.ca, protocols: ['token', t.key] });
    sendInFrames(client, pcm);
    expect((await client.closed).code).toBe(1006);
    expect(t.double.requests.at(-1)?.bytes).toBe(16_000);
  });

  it('refuses bad credentials, unknown models and injected failures on the upgrade', async () => {
    const refused = (query: string, protocols: string[]): Promise<{ status: number; headers: Record<string, string> }> =>
      connectLive(liveUrl(query), { ca: t.tls.ca, protocols }).then(
        () => {
          throw new Error('upgrade unexpectedly accepted');
        },
        (e: unknown) => e as { status: number; headers: Record<string, string> },
      );
    const badKey = await refused(PCM_QUERY, ['token', 'wrong-key']);
    expect(badKey.status).toBe(401);
    expect(badKey.headers['dg-error']).toBe('Invalid credentials.');
    expect(badKey.headers['dg-request-id']).toMatch(UUID_RE);

    expect((await refused('model=nova-9', ['token', t.key])).status).toBe(400);

    t.double.failNext({ kind: 'status', status: 429, path: '/v1/listen' });
    const busy = await refused(PCM_QUERY, ['token', t.key]);
    expect(busy.status).toBe(429);
    expect(busy.headers['dg-error']).toBe('Too many requests. Please try again later');
  });
});
