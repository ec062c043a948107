import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CaptionSegment, LiveDraft } from '../../common/live';
import { LiveCaptionService } from '../../main/services/live/live-caption-service';
import { startDeepgramDouble } from '../deepgram-double/server';
import type { DeepgramDouble } from '../deepgram-double/server';
import { feed, framesOf, liveOptions, liveRig, speechPcm } from '../support/live-harness';
import { startLiveTap } from '../support/live-tap';
import type { LiveTap, TappedConnection } from '../support/live-tap';
import { makeTestCertificate, testTlsFromEnv } from '../support/test-tls';

const spoken = 'Live captions follow the meeting as it happens. Every word arrives once, in order, and on time.';
/** What the double answers with, whatever the audio: short sentences, so that pauses end lines early. */
const script = 'Live captions. They follow the meeting as it happens. Every word arrives once, in order, and on time.';
const key = randomBytes(20).toString('hex');
const BPS = 32_000;

let double: DeepgramDouble;
let tap: LiveTap;
let pcm: Buffer;
let stereo: Buffer;
let dir: string;

beforeAll(async () => {
  const tls = testTlsFromEnv();
  if (!tls || !process.env['NODE_EXTRA_CA_CERTS']) throw new Error('No test certificate: run with `npm test` (it sets DG_TEST_TLS_DIR and NODE_EXTRA_CA_CERTS).');
  dir = await mkdtemp(join(tmpdir(), 'live-service-'));
  // A short idle timeout: a client that stops sending KeepAlives is closed (1011) within the test.
  double = await startDeepgramDouble({ cert: tls.cert, key: tls.key, ca: tls.ca, keys: [{ key }], tmpDir: dir, idleTimeoutMs: 1500 });
  double.setSpeech(script);
  tap = await startLiveTap({ url: double.url, ca: tls.ca }, tls);
  pcm = await speechPcm(dir, spoken.split('.')[0] ?? spoken);
  stereo = await speechPcm(dir, spoken.split('.')[0] ?? spoken, 2);
});
afterAll(async () => {
  await tap?.close();
  await double?.close();
});
afterEach(() => double.clearFailures());

let recordingCount = 0;
const newRecordingId = (): string => `rec-${++recordingCount}`;
const via = (base: string, extra: { tags?: string[] } = {}) => ({ key, baseUrl: base, ...extra });

/** The finals the double sent on a connection, in order, as text. */
function serverFinals(connection: TappedConnection, lane = 0): string[] {
  return connection.fromServer
    .filter((m) => m['type'] === 'Results' && m['is_final'] === true && (m['channel_index'] as number[])[0] === lane)
    .map((m) => ((m['channel'] as { alternatives: { transcript: string }[] }).alternatives[0]?.transcript ?? '').trim())
    .filter((text) => text !== '');
}

function serverFinalWords(connection: TappedConnection, lane = 0): { text: string; start: number; end: number }[] {
  return connection.fromServer
    .filter((m) => m['type'] === 'Results' && m['is_final'] === true && (m['channel_index'] as number[])[0] === lane)
    .flatMap((m) => (m['channel'] as { alternatives: { words: { punctuated_word?: string; word: string; start: number; end: number }[] }[] }).alternatives[0]?.words ?? [])
    .map((w) => ({ text: w.punctuated_word ?? w.word, start: w.start, end: w.end }));
}

const laneText = (draft: LiveDraft, lane = 0): string =>
  draft.lines
    .filter((l) => l.lane === lane)
    .map((l) => l.text)
    .join(' ');

/** Finals of one lane: in order, none overlapping the one before, each starting where the one before ended. */
function expectContiguous(finals: CaptionSegment[], audioSec: number): void {
  let previousEnd = 0;
  for (const f of finals) {
    expect(f.start).toBeGreaterThanOrEqual(previousEnd - 0.001);
    expect(f.start).toBeLessThanOrEqual(previousEnd + 0.001);
    expect(f.end).toBeGreaterThanOrEqual(f.start);
    previousEnd = f.end;
  }
  // The double's last segment may hold no word when less than 1/6 s of audio was left.
  expect(previousEnd).toBeGreaterThan(audioSec - 0.35);
  expect(previousEnd).toBeLessThanOrEqual(audioSec + 0.001);
}

/** Checks that a connection carried no more audio than 1.25× real time; returns the bytes it carried. */
function expectPaced(conn: TappedConnection): number {
  let sent = 0;
  const firstAt = conn.fromClient.find((f) => f.binary)?.at ?? 0;
  for (const frame of conn.fromClient.filter((f) => f.binary)) {
    // Before this frame arrived, no more audio than 1.25× the elapsed time (one frame of slack).
    expect(sent / BPS).toBeLessThanOrEqual(((frame.at - firstAt) / 1000) * 1.25 + 0.1);
    sent += frame.bytes;
  }
  return sent;
}

/** Retries `read` until it succeeds (a file that is written a moment later). */
async function poll<T>(read: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The tap connections opened since `from`. */
const since = (from: number): TappedConnection[] => tap.connections.slice(from);

describe('LiveCaptionService against the double over TLS', () => {
  it('streams real speech, emits interim and final captions, and on stop flushes, awaits the Metadata and saves the draft', async () => {
    const rig = await liveRig(via(tap.url, { tags: ['team-a'] }));
    const recordingId = newRecordingId();
    const first = tap.connections.length;
    rig.service.start({ recordingId, channels: 1, options: liveOptions({ keyTerms: ['captions'], tags: ['meeting'] }) });
    await feed(rig.service, recordingId, framesOf(pcm));
    // Saved while live too (debounced), not only on stop.
    const file = join(rig.dataDir, 'live', `${recordingId}.json`);
    const whileLive = await poll(async () => JSON.parse(await readFile(file, 'utf8')) as LiveDraft);
    expect(whileLive.lines.length).toBeGreaterThan(0);
    const draft = await rig.service.stop(recordingId);

    const [conn, ...more] = since(first);
    expect(more).toEqual([]);
    expect(conn).toBeDefined();
    if (!conn) return;
    // Authorization header, never the subprotocol; the query of a raw PCM stream.
    expect(conn.headers.authorization).toBe(`Token ${key}`);
    expect(conn.protocol).toBeUndefined();
    const request = double.requests.filter((r) => r.path === '/v1/listen').at(-1);
    expect(request?.status).toBe(101);
    expect(request?.query).toMatchObject({
      model: ['nova-3'],
      language: ['en'],
      encoding: ['linear16'],
      sample_rate: ['16000'],
      channels: ['1'],
      interim_results: ['true'],
      utterance_end_ms: ['1000'],
      endpointing: ['300'],
      smart_format: ['true'],
      punctuate: ['true'],
      keyterm: ['captions'],
      tag: ['meeting', 'team-a'],
    });
    expect(request?.query['keywords']).toBeUndefined();
    expect(request?.query['multichannel']).toBeUndefined();

    // Every byte once, never an empty frame; Finalize then CloseStream after the audio.
    const binary = conn.fromClient.filter((f) => f.binary);
    expect(binary.every((f) => f.bytes > 0)).toBe(true);
    expect(binary.reduce((sum, f) => sum + f.bytes, 0)).toBe(pcm.length);
    const texts = conn.fromClient.filter((f) => !f.binary).map((f) => JSON.parse(f.text ?? '{}') as { type: string });
    const lastBinary = conn.fromClient.lastIndexOf(binary.at(-1)!);
    expect(conn.fromClient.slice(lastBinary + 1).map((f) => (JSON.parse(f.text ?? '{}') as { type: string }).type).filter((t) => t !== 'KeepAlive')).toEqual(['Finalize', 'CloseStream']);
    expect(texts.filter((t) => t.type === 'CloseStream')).toHaveLength(1);
    // stop() answered only once the Metadata had come.
    expect(conn.fromServer.at(-1)?.['type']).toBe('Metadata');

    // The draft is exactly the double's final text, in order, on the recording's time line.
    expect(laneText(draft)).toBe(serverFinals(conn).join(' '));
    expect(laneText(draft).startsWith('Live captions. They follow')).toBe(true);
    expectContiguous(rig.finals(), pcm.length / BPS);
    expect(draft.lines.every((l) => l.closed)).toBe(true);
    // A pause (speech_final / UtteranceEnd) ends a line: the script's first sentence is a line of its own.
    expect(draft.lines[0]?.text).toBe('Live captions.');
    expect(draft.lines.length).toBeGreaterThanOrEqual(2);
    expect(rig.captions().some((u) => (u.interim?.length ?? 0) > 0)).toBe(true);
    expect(rig.statuses().at(-1)).toMatchObject({ state: 'ended', gaps: [] });

    // Saved atomically with its version; a new service (after a restart) reads it back.
    const saved = JSON.parse(await readFile(join(rig.dataDir, 'live', `${recordingId}.json`), 'utf8')) as LiveDraft;
    expect(saved).toEqual(draft);
    expect(saved.version).toBe(1);
    const restarted = new LiveCaptionService({ credentials: () => Promise.reject(new Error('unused')), dataDir: rig.dataDir, logger: rig.logger });
    expect(await restarted.draft(recordingId)).toEqual(draft);
    const renamed = await restarted.rename(recordingId, 'lane:0', 'Ada');
    expect(renamed.names).toEqual({ 'lane:0': 'Ada' });
    expect(await new LiveCaptionService({ credentials: () => Promise.reject(new Error('unused')), dataDir: rig.dataDir, logger: rig.logger }).draft(recordingId)).toEqual(renamed);
    expect(await restarted.draft('never-recorded')).toBeNull();
  });

  it('never sends faster than 1.25× real time, even with a backlog', async () => {
    const rig = await liveRig(via(tap.url));
    const recordingId = newRecordingId();
    const first = tap.connections.length;
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    // Three seconds handed over at once: the service must spread them out.
    await feed(rig.service, recordingId, framesOf(pcm.subarray(0, 3 * BPS)), { perTick: 30, everyMs: 1 });
    await rig.service.stop(recordingId);
    const [conn] = since(first);
    expect(conn).toBeDefined();
    if (!conn) return;
    expect(expectPaced(conn)).toBe(3 * BPS);
  });

  it('after a dropped connection replays from the last final on a new one: text once, times contiguous', async () => {
    const rig = await liveRig(via(tap.url));
    const recordingId = newRecordingId();
    const first = tap.connections.length;
    double.failNext({ kind: 'reset', afterBytes: Math.round(1.5 * BPS), path: '/v1/listen' });
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    const audio = pcm.subarray(0, Math.floor(pcm.length / 3200) * 3200);
    // Real time, so that the drop happens while the recording is still going.
    await feed(rig.service, recordingId, framesOf(audio), { perTick: 2, everyMs: 200 });
    const draft = await rig.service.stop(recordingId);

    const [one, two, ...more] = since(first);
    expect(more).toEqual([]);
    if (!one || !two) throw new Error('expected two connections');
    const reconnecting = rig.statuses().find((s) => s.state === 'reconnecting');
    expect(reconnecting?.behindSec).toBeGreaterThan(0);
    // Interim text of the dead connection was cleared.
    expect(rig.captions().some((u) => u.clearInterim?.includes(0) && u.finals.length === 0)).toBe(true);

    const committed = rig.finals()[serverFinals(one).length - 1]?.end ?? 0;
    expect(committed).toBeGreaterThan(0);
    // The second connection started no later than the last final's end, and was fed to the end.
    // The replay is paced like any audio.
    const replayedBytes = expectPaced(two);
    const offset = (audio.length - replayedBytes) / BPS;
    expect(offset).toBeLessThanOrEqual(committed);
    expect(offset).toBeGreaterThan(committed - 1);
    // Expected: the first connection's finals, then the second's words that lie past the seam.
    const secondWords = serverFinalWords(two)
      .map((w) => ({ ...w, start: w.start + offset, end: w.end + offset }))
      .filter((w) => (w.start + w.end) / 2 >= committed);
    expect(serverFinalWords(two).length).toBeGreaterThan(secondWords.length);
    expect(laneText(draft)).toBe([...serverFinals(one), ...secondWords.map((w) => w.text)].join(' '));
    expectContiguous(rig.finals(), audio.length / BPS);
  });

  it('reconnectNow drops a stale socket and carries on from the last final', async () => {
    const rig = await liveRig(via(tap.url));
    const recordingId = newRecordingId();
    const first = tap.connections.length;
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    const frames = framesOf(pcm.subarray(0, Math.floor(pcm.length / 3200) * 3200));
    await feed(rig.service, recordingId, frames.slice(0, 20));
    await rig.waitForStatus((s) => s.state === 'live');
    rig.service.reconnectNow();
    await feed(rig.service, recordingId, frames.slice(20), { firstSeq: 20 });
    const draft = await rig.service.stop(recordingId);
    expect(since(first).length).toBe(2);
    expectContiguous(rig.finals(), (frames.length * 3200) / BPS);
    expect(draft.lines.length).toBeGreaterThan(0);
  });

  it('keeps two lanes apart with multichannel', async () => {
    const rig = await liveRig(via(tap.url));
    const recordingId = newRecordingId();
    rig.service.start({ recordingId, channels: 2, options: liveOptions({ diarize: true }) });
    await feed(rig.service, recordingId, framesOf(stereo.subarray(0, 3 * 2 * BPS), 6400));
    const draft = await rig.service.stop(recordingId);
    const request = double.requests.filter((r) => r.path === '/v1/listen').at(-1);
    expect(request?.query).toMatchObject({ channels: ['2'], multichannel: ['true'] });
    expect(request?.query['diarize']).toBeUndefined();
    const conn = tap.connections.at(-1)!;
    expect(laneText(draft, 0)).toBe(serverFinals(conn, 0).join(' '));
    expect(laneText(draft, 1)).toBe(serverFinals(conn, 1).join(' '));
    for (const lane of [0, 1]) expectContiguous(rig.finals().filter((f) => f.lane === lane), 3);
  });

  it('with diarization on one lane, starts a line where the speaker changes', async () => {
    const rig = await liveRig(via(tap.url));
    const recordingId = newRecordingId();
    rig.service.start({ recordingId, channels: 1, options: liveOptions({ diarize: true }) });
    await feed(rig.service, recordingId, framesOf(pcm.subarray(0, 4 * BPS)), { perTick: 10 });
    const draft = await rig.service.stop(recordingId);
    expect(double.requests.filter((r) => r.path === '/v1/listen').at(-1)?.query['diarize']).toEqual(['true']);
    // The double gives each sentence of its script the next speaker.
    expect(draft.lines.slice(0, 2).map((l) => [l.speaker, l.text])).toEqual([
      [0, 'Live captions.'],
      [1, expect.stringMatching(/^They follow/)],
    ]);
  });

  it('stopAll (quit) ends every stream and saves every draft; a rename while live is saved at once', async () => {
    const rig = await liveRig(via(tap.url));
    const ids = [newRecordingId(), newRecordingId()];
    for (const recordingId of ids) rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    await Promise.all(ids.map((recordingId) => feed(rig.service, recordingId, framesOf(pcm.subarray(0, 2 * BPS)), { perTick: 10 })));
    const renamed = await rig.service.rename(ids[0]!, 'lane:0', 'Grace');
    const file = (id: string): string => join(rig.dataDir, 'live', `${id}.json`);
    expect((JSON.parse(await readFile(file(ids[0]!), 'utf8')) as LiveDraft).names).toEqual({ 'lane:0': 'Grace' });
    expect(renamed.names).toEqual({ 'lane:0': 'Grace' });
    await rig.service.stopAll();
    for (const id of ids) {
      const saved = JSON.parse(await readFile(file(id), 'utf8')) as LiveDraft;
      expect(saved.lines.length).toBeGreaterThan(0);
      expect(rig.statuses().filter((st) => st.recordingId === id).at(-1)?.state).toBe('ended');
    }
    expect(() => rig.service.frame(ids[0]!, 99, new Uint8Array(2))).toThrow(/no live captions running/);
  });

  it('sends KeepAlive while no audio flows, so an idle stream outlives the server timeout', async () => {
    const rig = await liveRig(via(tap.url));
    const recordingId = newRecordingId();
    const first = tap.connections.length;
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    await feed(rig.service, recordingId, framesOf(pcm.subarray(0, BPS / 2)));
    // Paused for longer than the double's 1.5 s idle timeout.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await feed(rig.service, recordingId, framesOf(pcm.subarray(BPS / 2, BPS)), { firstSeq: 5 });
    await rig.service.stop(recordingId);
    const conns = since(first);
    expect(conns).toHaveLength(1);
    const keepAlives = conns[0]!.fromClient.filter((f) => f.text === '{"type":"KeepAlive"}');
    expect(keepAlives.length).toBeGreaterThanOrEqual(3);
    expect(rig.statuses().some((s) => s.state === 'reconnecting')).toBe(false);
  });
});

describe('LiveCaptionService when Deepgram refuses or is away', () => {
  it('honours 429 Retry-After, then reconnects', async () => {
    const rig = await liveRig(via(double.url));
    const recordingId = newRecordingId();
    double.failNext({ kind: 'status', status: 429, path: '/v1/listen', retryAfterSec: 1 });
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    const refused = await rig.waitForStatus((s) => s.state === 'reconnecting');
    const refusedAt = Date.now();
    expect(refused.error?.code).toBe('RATE_LIMITED');
    await rig.waitForStatus((s) => s.state === 'live');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(900);
    await feed(rig.service, recordingId, framesOf(pcm.subarray(0, BPS * 2)));
    const draft = await rig.service.stop(recordingId);
    expect(draft.lines.length).toBeGreaterThan(0);
  });

  it.each([
    [401, 'INVALID_KEY', /refused the key.*Settings → Keys/],
    [402, 'PAYMENT_REQUIRED', /run out of credit.*Add credit/],
    [403, 'MODEL_ACCESS', /may not stream with nova-3.*Pick another model/],
  ] as const)('fails for good on %i with a message that says what to do, and keeps taking frames', async (status, code, message) => {
    const rig = await liveRig(status === 401 ? { key: 'f'.repeat(40), baseUrl: double.url } : via(double.url));
    const recordingId = newRecordingId();
    if (status !== 401) double.failNext({ kind: 'status', status, path: '/v1/listen' });
    const before = double.requests.length;
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    const failed = await rig.waitForStatus((s) => s.state === 'failed');
    expect(failed.error?.code).toBe(code);
    expect(failed.error?.status).toBe(status);
    expect(failed.error?.message).toMatch(message);
    expect(failed.error?.message).toMatch(/recording goes on/);
    await feed(rig.service, recordingId, framesOf(pcm.subarray(0, BPS)), { perTick: 10, everyMs: 1 });
    const draft = await rig.service.stop(recordingId);
    expect(draft.lines).toEqual([]);
    expect(double.requests.length - before).toBe(1);
  });

  it('names the model and language that cannot stream (400)', async () => {
    const rig = await liveRig(via(double.url));
    const recordingId = newRecordingId();
    rig.service.start({ recordingId, channels: 1, options: liveOptions({ model: 'nova-9', language: 'de' }) });
    const failed = await rig.waitForStatus((s) => s.state === 'failed');
    expect(failed.error).toMatchObject({ code: 'DEEPGRAM_ERROR', status: 400 });
    expect(failed.error?.message).toMatch(/model nova-9, language de/);
    await rig.service.stop(recordingId);
  });

  it('keeps at most maxReplaySec of audio while away, and marks what was dropped as a gap', async () => {
    const rig = await liveRig(via(double.url), { maxReplaySec: 1, backoffInitialMs: 150, backoffMaxMs: 150 });
    const recordingId = newRecordingId();
    double.failNext({ kind: 'status', status: 503, path: '/v1/listen' }, 4);
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    // 2.5 s of audio arrive while every connection is refused.
    await feed(rig.service, recordingId, framesOf(pcm.subarray(0, 25 * 3200)), { perTick: 25, everyMs: 1 });
    expect(rig.statuses().at(-1)?.gaps).toEqual([{ fromSec: 0, toSec: 1.5 }]);
    expect(rig.statuses().at(-1)?.behindSec).toBe(1);
    await rig.waitForStatus((s) => s.state === 'live');
    const draft = await rig.service.stop(recordingId);
    expect(draft.gaps).toEqual([{ fromSec: 0, toSec: 1.5 }]);
    const finals = rig.finals();
    expect(finals[0]?.start).toBeGreaterThanOrEqual(1.5);
    expect(finals.at(-1)?.end).toBeCloseTo(2.5, 1);
  });

  it('retries after network and TLS failures, asking for the credentials again each time', async () => {
    const untrusted = await makeTestCertificate(join(dir, 'untrusted'));
    const stranger = createServer({ cert: untrusted.cert, key: untrusted.key });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    const strangerPort = (stranger.address() as AddressInfo).port;
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createNetServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const bases = [`https://127.0.0.1:${closedPort}`, `https://127.0.0.1:${strangerPort}`, double.url];
    const rig = await liveRig({ key, baseUrl: double.url });
    const service = new LiveCaptionService({
      credentials: () => Promise.resolve({ key, baseUrl: bases.shift() ?? double.url, tags: [] }),
      dataDir: rig.dataDir,
      logger: rig.logger,
      tuning: { backoffInitialMs: 50, backoffMaxMs: 100 },
    });
    const states: string[] = [];
    const errors: string[] = [];
    service.subscribe((e) => {
      if (e.event !== 'live.status') return;
      states.push(e.payload.state);
      if (e.payload.error) errors.push(e.payload.error.code);
    });
    const recordingId = newRecordingId();
    service.start({ recordingId, channels: 1, options: liveOptions() });
    await feed(service, recordingId, framesOf(pcm.subarray(0, BPS)));
    const draft = await service.stop(recordingId);
    stranger.close();
    expect(errors.slice(0, 2)).toEqual(['NETWORK', 'TLS']);
    expect(states).toContain('live');
    expect(draft.lines.length).toBeGreaterThan(0);
    expect(draft.gaps).toEqual([]);
  });

  it('stops within its bound when Deepgram never answers, marking the untranscribed audio as a gap', async () => {
    const rig = await liveRig(via(double.url), { stopWaitMs: 400, handshakeTimeoutMs: 60_000 });
    const recordingId = newRecordingId();
    double.failNext({ kind: 'hang', path: '/v1/listen' });
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    await feed(rig.service, recordingId, framesOf(pcm.subarray(0, 10 * 3200)), { perTick: 10, everyMs: 1 });
    const draft = await rig.service.stop(recordingId);
    expect(draft.gaps).toEqual([{ fromSec: 0, toSec: 1 }]);
    expect(rig.statuses().at(-1)).toMatchObject({ state: 'ended', gaps: [{ fromSec: 0, toSec: 1 }] });
  });

  it('refuses a frame out of order, ignores a repeated one', async () => {
    const rig = await liveRig(via(double.url));
    const recordingId = newRecordingId();
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    const [a, b] = framesOf(pcm.subarray(0, 6400));
    rig.service.frame(recordingId, 0, a!);
    rig.service.frame(recordingId, 0, a!);
    expect(() => rig.service.frame(recordingId, 2, b!)).toThrow(/frame 2 arrived before frame 1/);
    rig.service.frame(recordingId, 1, b!);
    expect(() => rig.service.frame('other', 0, a!)).toThrow(/no live captions running/);
    await rig.service.stop(recordingId);
    const request = double.requests.filter((r) => r.path === '/v1/listen').at(-1);
    expect(request?.bytes).toBe(6400);
  });

  it('puts the key in no log line, status, error or draft file', async () => {
    const refusedKey = 'e'.repeat(40);
    const rigs = [await liveRig({ key: refusedKey, baseUrl: double.url }), await liveRig(via(tap.url))];
    for (const rig of rigs) {
      const recordingId = newRecordingId();
      rig.service.start({ recordingId, channels: 1, options: liveOptions() });
      await feed(rig.service, recordingId, framesOf(pcm.subarray(0, BPS)));
      tap.dropAll();
      await rig.service.stop(recordingId);
      const files = await readdir(join(rig.dataDir, 'live'));
      const written = await Promise.all(files.map((f) => readFile(join(rig.dataDir, 'live', f), 'utf8')));
      const everything = [...rig.logger.lines, JSON.stringify(rig.events), ...written].join('\n');
      expect(rig.logger.lines.length).toBeGreaterThan(0);
      for (const secret of [key, refusedKey]) expect(everything).not.toContain(secret);
    }
  });
});
