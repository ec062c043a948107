import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE_CLOSE_REASON } from './live-socket';
import { connectLive, refusedLive, startTestDouble, UUID_RE } from './test-helpers';
import type { LiveClient, TestDouble } from './test-helpers';

const execFileAsync = promisify(execFile);

/** Paced as Deepgram paces (1.25 × real time), for the tests about timing. */
let t: TestDouble;
/** livePace Infinity: results as soon as their audio arrives, for the tests about content. */
let fast: TestDouble;
/** 16 kHz mono linear16 speech (about 4.4 s), as a live client would stream it. */
let pcm: Buffer;
/** The same speech on two channels, interleaved. */
let stereoPcm: Buffer;
let wav: Buffer;
let webm: Buffer;
const PCM_QUERY = 'encoding=linear16&sample_rate=16000&channels=1';
const BYTES_PER_SECOND = 32_000;
const PACE = 1.25;

beforeAll(async () => {
  [t, fast] = await Promise.all([startTestDouble(400), startTestDouble(400, { livePace: Infinity })]);
  const wavFile = join(t.dir, 'live.wav');
  const raw = join(t.dir, 'live.raw');
  const stereoRaw = join(t.dir, 'stereo.raw');
  const webmFile = join(t.dir, 'live.webm');
  await execFileAsync('espeak-ng', ['-w', wavFile, 'Testing the live transcription stream, one, two, three, four.']);
  const pcmArgs = ['-t', 'raw', '-r', '16000', '-e', 'signed', '-b', '16'];
  await Promise.all([
    execFileAsync('sox', [wavFile, ...pcmArgs, '-c', '1', raw]),
    execFileAsync('sox', ['-M', wavFile, wavFile, ...pcmArgs, '-c', '2', stereoRaw]),
    execFileAsync('ffmpeg', ['-v', 'error', '-y', '-i', wavFile, '-codec:a', 'libopus', '-f', 'webm', webmFile]),
  ]);
  [pcm, stereoPcm, wav, webm] = await Promise.all([readFile(raw), readFile(stereoRaw), readFile(wavFile), readFile(webmFile)]);
});

afterAll(() => Promise.all([t.cleanup(), fast.cleanup()]));

const liveUrl = (query: string, on: TestDouble = t): string => `${on.double.url.replace(/^https/, 'wss')}/v1/listen?${query}`;
const open = (query: string, on: TestDouble = t): Promise<LiveClient> => connectLive(liveUrl(query, on), { ca: on.tls.ca, protocols: ['token', on.key] });

function sendInFrames(client: LiveClient, audio: Buffer, frameBytes = 3200): void {
  for (let offset = 0; offset < audio.length; offset += frameBytes) client.ws.send(audio.subarray(offset, offset + frameBytes));
}

const closeStream = (client: LiveClient): void => client.ws.send(JSON.stringify({ type: 'CloseStream' }));

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

const resultsOf = (client: LiveClient): ResultsMessage[] => client.messages.filter(ofType('Results')) as unknown as ResultsMessage[];
const transcriptOf = (r: ResultsMessage): string => r.channel.alternatives[0]?.transcript ?? '';
const wordsOf = (r: ResultsMessage): ResultsMessage['channel']['alternatives'][number]['words'] => r.channel.alternatives[0]?.words ?? [];

describe('WSS /v1/listen', () => {
  it('authenticates by subprotocol, streams Results, and ends with Metadata then 1000 after CloseStream', async () => {
    const client = await open(`model=nova-3&punctuate=true&${PCM_QUERY}`, fast);
    expect(client.ws.protocol).toBe('token');
    const record = fast.double.requests.at(-1);
    expect(record).toMatchObject({ status: 101, authScheme: 'subprotocol:token', path: '/v1/listen' });
    expect(client.upgradeHeaders['dg-request-id']).toBe(record?.id);
    expect(client.upgradeHeaders['access-control-expose-headers']?.split(',')).toEqual(expect.arrayContaining(['dg-request-id', 'dg-error']));

    sendInFrames(client, pcm);
    closeStream(client);
    const closed = await client.closed;
    expect(closed.code).toBe(1000);

    const results = resultsOf(client);
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
      for (const w of wordsOf(r)) {
        expect(w.start).toBeGreaterThanOrEqual(r.start);
        expect(w.end).toBeLessThanOrEqual(r.start + r.duration + 1e-6);
        expect(w.punctuated_word).toBeDefined();
      }
    }
    expect(expectedStart).toBeCloseTo(seconds, 5);
    const text = results.map(transcriptOf).join(' ');
    expect(text).toMatch(/^Welcome to the local Deepgram double\./);
    // A sentence spans several finals; only the one that ends it is speech_final (the second sentence is cut short).
    expect(results.map((r) => r.speech_final)).toEqual([false, true, false, false, false]);
    expect(client.messages.some(ofType('UtteranceEnd'))).toBe(false);

    const last = client.messages.at(-1);
    expect(last).toMatchObject({ type: 'Metadata', transaction_key: 'deprecated', request_id: record?.id, channels: 1 });
    expect(last?.['duration']).toBeCloseTo(seconds, 5);
    expect(last?.['sha256']).toBe(createHash('sha256').update(pcm).digest('hex'));
    expect(record?.bytes).toBe(pcm.length);
  });

  it('sends an interim before each final of the same span, UtteranceEnd after each speech_final, and diarized words', async () => {
    const client = await connectLive(liveUrl(`interim_results=true&utterance_end_ms=1000&diarize=true&vad_events=true&${PCM_QUERY}`, fast), {
      ca: fast.tls.ca,
      headers: { Authorization: `token ${fast.key}` },
    });
    expect(fast.double.requests.at(-1)?.authScheme).toBe('token');
    sendInFrames(client, Buffer.concat([pcm, pcm]));
    closeStream(client);
    await client.closed;
    const { messages } = client;
    expect(messages[0]).toEqual({ type: 'SpeechStarted', channel: [0, 1], timestamp: 0 });

    const results = resultsOf(client);
    const finals = results.filter((r) => r.is_final);
    const interims = results.filter((r) => !r.is_final);
    expect(interims.length).toBeGreaterThan(0);
    for (const interim of interims) {
      const final = results.find((r) => r.is_final && r.start === interim.start);
      expect(final, `final for the interim at ${interim.start}`).toBeDefined();
      if (!final) continue;
      expect(results.indexOf(interim)).toBeLessThan(results.indexOf(final));
      expect(interim.speech_final).toBe(false);
      expect(interim.duration).toBeLessThan(final.duration);
      expect(transcriptOf(final).startsWith(transcriptOf(interim))).toBe(true);
      expect(wordsOf(interim).every((w) => w.end <= interim.start + interim.duration)).toBe(true);
    }
    // Every full segment whose first word ends in its first half was previewed.
    const previewed = finals.filter((f) => (wordsOf(f)[0]?.end ?? Infinity) <= f.start + f.duration / 2 && f.duration === 1);
    expect(previewed.length).toBeGreaterThan(1);
    for (const f of previewed) expect(interims.some((i) => i.start === f.start)).toBe(true);

    // Several finals make one utterance; UtteranceEnd follows each speech_final with its last word's end.
    const utteranceSizes: number[] = [];
    let size = 0;
    for (const message of messages) {
      if (message['type'] === 'Results' && message['is_final'] === true) size += 1;
      if (message['type'] !== 'UtteranceEnd') continue;
      const final = messages.slice(0, messages.indexOf(message)).findLast(ofType('Results')) as unknown as ResultsMessage;
      expect(final).toMatchObject({ is_final: true, speech_final: true });
      expect(message).toEqual({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: wordsOf(final).at(-1)?.end });
      utteranceSizes.push(size);
      size = 0;
    }
    expect(utteranceSizes.length).toBe(finals.filter((f) => f.speech_final).length);
    expect(Math.max(...utteranceSizes)).toBeGreaterThanOrEqual(2);

    const speakers = new Set(finals.flatMap((r) => wordsOf(r).map((w) => w.speaker)));
    expect(speakers).toEqual(new Set([0, 1]));
  });

  it('sends per-channel Results with channel_index [i, n] for a multichannel stream', async () => {
    const client = await open('multichannel=true&channels=2&encoding=linear16&sample_rate=16000', fast);
    sendInFrames(client, stereoPcm, 6400);
    closeStream(client);
    expect((await client.closed).code).toBe(1000);
    const results = resultsOf(client);
    const seconds = stereoPcm.length / (2 * BYTES_PER_SECOND);
    expect(results.length).toBe(2 * Math.ceil(seconds));
    const starts = [...new Set(results.map((r) => r.start))];
    for (const start of starts) {
      const span = results.filter((r) => r.start === start);
      expect(span.map((r) => r.channel_index)).toEqual([
        [0, 2],
        [1, 2],
      ]);
    }
    expect(client.messages.at(-1)).toMatchObject({ type: 'Metadata', channels: 2 });
    expect(client.messages.at(-1)?.['duration']).toBeCloseTo(seconds, 5);
  });

  it('answers Finalize with a from_finalize final and KeepAlive with nothing', async () => {
    const client = await open(PCM_QUERY);
    client.ws.send(pcm.subarray(0, BYTES_PER_SECOND / 2));
    client.ws.send(JSON.stringify({ type: 'KeepAlive' }));
    await sleep(100);
    expect(client.messages).toEqual([]);
    client.ws.send(JSON.stringify({ type: 'Finalize' }));
    const final = (await client.waitFor(ofType('Results'))) as unknown as ResultsMessage;
    expect(final).toMatchObject({ is_final: true, from_finalize: true, start: 0, duration: 0.5 });
    expect(wordsOf(final).length).toBeGreaterThan(0);
    client.ws.close();
    await client.closed;
  });

  it('takes a zero-length binary frame as the deprecated CloseStream: remaining Results, Metadata, then 1000', async () => {
    const client = await open(PCM_QUERY);
    client.ws.send(pcm.subarray(0, BYTES_PER_SECOND / 2));
    client.ws.send(Buffer.alloc(0));
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    expect(client.messages.map((m) => m['type'])).toEqual(['Results', 'Metadata']);
    expect(client.messages[0]).toMatchObject({ is_final: true, start: 0, duration: 0.5 });
    expect(client.messages[1]).toMatchObject({ duration: 0.5, channels: 1 });
  });

  it('closes 1011 with the NET-0001 sentence when the client goes quiet; KeepAlive alone does not count before audio', async () => {
    const quiet = await open(PCM_QUERY);
    const keepAlive = setInterval(() => quiet.ws.send(JSON.stringify({ type: 'KeepAlive' })), 100);
    const closed = await quiet.closed;
    clearInterval(keepAlive);
    expect(closed).toEqual({ code: 1011, reason: IDLE_CLOSE_REASON });
    expect(closed.reason).toBe('Deepgram did not receive audio data or a text message within the timeout window. See https://dpgr.am/net0001');

    const kept = await open(PCM_QUERY);
    kept.ws.send(pcm.subarray(0, 3200));
    const keepAlive2 = setInterval(() => kept.ws.send(JSON.stringify({ type: 'KeepAlive' })), 100);
    await sleep(700);
    clearInterval(keepAlive2);
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);
    expect(await kept.closed).toEqual({ code: 1011, reason: IDLE_CLOSE_REASON });
  });

  it('starts the idle clock once the audio is consumed, so a fast client that goes quiet still gets every result', async () => {
    const client = await open(PCM_QUERY);
    sendInFrames(client, pcm.subarray(0, 2 * BYTES_PER_SECOND));
    expect((await client.closed).code).toBe(1011);
    expect(resultsOf(client).map((r) => [r.start, r.duration])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('releases results no earlier than first audio + t / 1.25 and records how far ahead a fast client ran', async () => {
    const seconds = 2.5;
    const client = await open(`interim_results=true&${PCM_QUERY}`);
    const record = t.double.requests.at(-1);
    expect(record?.fasterThanRealtime).toBe(0);
    const sentAt = performance.now();
    sendInFrames(client, pcm.subarray(0, seconds * BYTES_PER_SECOND));
    client.ws.send(JSON.stringify({ type: 'Finalize' }));
    closeStream(client);
    expect((await client.closed).code).toBe(1000);

    const audioTime = (m: Record<string, unknown>): number =>
      m['type'] === 'Results' ? Number(m['start']) + Number(m['duration']) : Number(m['duration']);
    const timed = client.messages.map((m, i) => ({ type: m['type'], audio: audioTime(m), after: (client.arrivals[i] ?? 0) - sentAt }));
    expect(timed.map((m) => m.type)).toEqual(['Results', 'Results', 'Results', 'Results', 'Results', 'Results', 'Metadata']);
    expect(resultsOf(client).at(-1)).toMatchObject({ from_finalize: true, start: 2, duration: 0.5 });
    for (const m of timed) expect(m.after, `${String(m.type)} for ${m.audio} s`).toBeGreaterThanOrEqual((m.audio / PACE) * 1000 - 1);
    // Spread over the whole stream rather than bunched at its end (a loose bound: only lateness past 1.5 s fails).
    expect(timed[0]?.after).toBeLessThan((seconds / PACE) * 1000);
    expect(timed.at(-1)?.after).toBeLessThan((seconds / PACE) * 1000 + 1500);

    const ahead = record?.fasterThanRealtime ?? -1;
    // All frames left at once; allow the server up to 0.6 s (busy machine) to read them.
    expect(ahead).toBeGreaterThan(seconds - 1 - PACE * 0.6);
    expect(ahead).toBeLessThanOrEqual(seconds - 1);
  });

  it('records a client that sends audio in real time as not ahead at all', async () => {
    const client = await open(PCM_QUERY);
    const frame = BYTES_PER_SECOND / 10;
    for (let offset = 0; offset < 1.5 * BYTES_PER_SECOND; offset += frame) {
      client.ws.send(pcm.subarray(offset, offset + frame));
      await sleep(100);
    }
    closeStream(client);
    expect((await client.closed).code).toBe(1000);
    expect(resultsOf(client).length).toBe(2);
    expect(t.double.requests.at(-1)?.fasterThanRealtime).toBeLessThan(0.1);
  });

  it('closes 1008 DATA-0000 when a stream declared as linear16 starts with a container header', async () => {
    for (const [name, audio, firstFrame] of [
      ['WAV', wav, 3200],
      ['WebM', webm, 2],
    ] as const) {
      const client = await open(PCM_QUERY, fast);
      client.ws.send(audio.subarray(0, firstFrame));
      client.ws.send(audio.subarray(firstFrame, firstFrame + 3200));
      expect(await client.closed, name).toEqual({ code: 1008, reason: 'DATA-0000' });
      expect(client.messages, name).toEqual([]);
    }
    // The same file with no encoding declared is a containerised stream, and fine.
    const container = await open('', fast);
    sendInFrames(container, wav);
    closeStream(container);
    expect((await container.closed).code).toBe(1000);
    expect(resultsOf(container).length).toBeGreaterThan(0);
  });

  it('drops every open stream without a close frame on dropLiveConnections', async () => {
    expect(t.double.dropLiveConnections()).toBe(0);
    const clients = await Promise.all([open(PCM_QUERY), open(PCM_QUERY)]);
    for (const client of clients) client.ws.send(pcm.subarray(0, 3200));
    expect(t.double.dropLiveConnections()).toBe(2);
    for (const client of clients) expect((await client.closed).code).toBe(1006);
    expect(t.double.dropLiveConnections()).toBe(0);
  });

  it('drops the connection without a close frame after failNext reset bytes of audio', async () => {
    t.double.failNext({ kind: 'reset', afterBytes: 16_000, path: '/v1/listen' });
    const client = await open(PCM_QUERY);
    sendInFrames(client, pcm);
    expect((await client.closed).code).toBe(1006);
    expect(t.double.requests.at(-1)?.bytes).toBe(16_000);
  });

  it('refuses bad credentials, unknown models and injected failures on the upgrade', async () => {
    const refused = (query: string, protocols: string[]): ReturnType<typeof refusedLive> => refusedLive(liveUrl(query), { ca: t.tls.ca, protocols });
    const badKey = await refused(PCM_QUERY, ['token', 'wrong-key']);
    expect(badKey.status).toBe(401);
    expect(badKey.headers['dg-error']).toBe('Invalid credentials.');
    expect(badKey.headers['dg-request-id']).toMatch(UUID_RE);

    expect((await refused('model=nova-9', ['token', t.key])).status).toBe(400);

    t.double.failNext({ kind: 'status', status: 429, path: '/v1/listen' });
    const busy = await refused(PCM_QUERY, ['token', t.key]);
    expect(busy.status).toBe(429);
    expect(busy.headers['dg-error']).toBe('Too many requests. Please try again later');

    t.double.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
    const broke = await refused(PCM_QUERY, ['token', t.key]);
    expect(broke.status).toBe(402);
    expect(broke.headers['dg-error']).toMatch(/^Project does not have enough credits/);
  });

  it('refuses streaming parameters Deepgram refuses with 400, and keywords with nova-3 with a bare 400', async () => {
    const cases: [string, RegExp][] = [
      ['encoding=linear16', /sample_rate is required/],
      ['encoding=wav&sample_rate=16000', /Unsupported encoding: wav/],
      ['encoding=linear16&sample_rate=fast', /sample_rate must be a positive integer/],
      [`interim_results=true&utterance_end_ms=999&${PCM_QUERY}`, /utterance_end_ms must be an integer of at least 1000/],
      [`utterance_end_ms=1000&${PCM_QUERY}`, /requires interim_results/],
      ['multichannel=true&channels=21&encoding=linear16&sample_rate=16000', /at most 20 channels/],
      ['channels=0&encoding=linear16&sample_rate=16000', /channels must be a positive integer/],
    ];
    for (const [query, reason] of cases) {
      const refusal = await refusedLive(liveUrl(query), { ca: t.tls.ca, protocols: ['token', t.key] });
      expect(refusal.status, query).toBe(400);
      expect(refusal.headers['dg-error'], query).toMatch(reason);
      expect(refusal.body, query).toBe(refusal.headers['dg-error']);
      expect(t.double.requests.at(-1)).toMatchObject({ status: 400 });
    }

    const bare = await refusedLive(liveUrl(`model=nova-3&keywords=double:2&${PCM_QUERY}`), { ca: t.tls.ca, protocols: ['token', t.key] });
    expect(bare.status).toBe(400);
    expect(bare.headers['dg-error']).toBeUndefined();
    expect(bare.headers['dg-request-id']).toMatch(UUID_RE);
    expect(bare.body).toBe('');

    for (const query of [
      `model=nova-2&keywords=double:2&${PCM_QUERY}`,
      `model=nova-3&keyterm=double&${PCM_QUERY}`,
      `interim_results=true&utterance_end_ms=1000&${PCM_QUERY}`,
      'multichannel=true&channels=20&encoding=linear16&sample_rate=16000',
      'sample_rate=16000',
    ]) {
      const client = await open(query);
      expect(client.ws.protocol, query).toBe('token');
      client.ws.close();
      await client.closed;
    }
  });
});
