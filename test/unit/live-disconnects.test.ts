import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../common/live';
import { startDeepgramDouble } from '../deepgram-double/server';
import type { DeepgramDouble } from '../deepgram-double/server';
import { feed, framesOf, liveOptions, liveRig, speechPcm } from '../support/live-harness';
import type { LiveRig } from '../support/live-harness';
import { testTlsFromEnv } from '../support/test-tls';

// Every way the live stream can break, against the double over TLS, with what the user sees: the
// states the captions went through, the message, and whether the draft holds every second of the
// audio once. The table is printed in every run.
const key = randomBytes(20).toString('hex');
const BPS = 32_000;
const audioSec = 3;

let double: DeepgramDouble;
let pcm: Buffer;
const rows: string[] = [];

beforeAll(async () => {
  const tls = testTlsFromEnv();
  if (!tls || !process.env['NODE_EXTRA_CA_CERTS']) throw new Error('No test certificate: run with `npm test`.');
  const dir = await mkdtemp(join(tmpdir(), 'live-disconnects-'));
  double = await startDeepgramDouble({ cert: tls.cert, key: tls.key, ca: tls.ca, keys: [{ key }], tmpDir: dir, idleTimeoutMs: 1000 });
  double.setSpeech('One two three. Four five six. Seven eight nine.');
  const speech = await speechPcm(dir, 'Testing the live captions while the network comes and goes, one, two, three, four, five.');
  pcm = speech.subarray(0, audioSec * BPS);
});

afterAll(async () => {
  console.log(['', '| scenario | what the user saw (states) | message | draft |', '|---|---|---|---|', ...rows].join('\n'));
  await double?.close();
});

/** Distinct states in the order they came, e.g. connecting → live → reconnecting → live → finishing → ended. */
function statesSeen(statuses: LiveStatus[]): string {
  return statuses.map((s) => s.state).filter((state, i, all) => state !== all[i - 1]).join(' → ');
}

/** Whether the finals cover [0, audioSec) once, in order, and what gaps the draft marks. */
function coverage(rig: LiveRig): { contiguous: boolean; coveredSec: number; gaps: string } {
  const finals = rig.finals();
  let end = 0;
  let contiguous = true;
  for (const f of finals) {
    if (Math.abs(f.start - end) > 0.001 && !rig.statuses().at(-1)?.gaps.some((g) => Math.abs(g.toSec - f.start) < 0.001)) contiguous = false;
    end = f.end;
  }
  const gaps = rig.statuses().at(-1)?.gaps ?? [];
  return { contiguous, coveredSec: end, gaps: gaps.map((g) => `${g.fromSec.toFixed(1)}–${g.toSec.toFixed(1)} s`).join(', ') };
}

interface Scenario {
  name: string;
  /** Arranged before the stream opens. */
  before?: () => void;
  /** Done after this many frames were fed. */
  midway?: { afterFrames: number; act: (rig: LiveRig) => void };
  tuning?: Parameters<typeof liveRig>[1];
  wrongKey?: boolean;
  expectation: 'recovers' | 'fails' | 'gap';
  message?: RegExp;
}

const scenarios: Scenario[] = [
  { name: 'connection reset after 1.5 s of audio', before: () => double.failNext({ kind: 'reset', afterBytes: 1.5 * BPS, path: '/v1/listen' }), expectation: 'recovers' },
  { name: 'network drop mid-stream (no close frame)', midway: { afterFrames: 12, act: () => double.dropLiveConnections() }, expectation: 'recovers' },
  {
    name: 'Deepgram closes 1011 NET-0001 (client silent past its timeout)',
    // No KeepAlive and a pause longer than the double's 1 s timeout.
    tuning: { keepAliveMs: 60_000, idleAudioMs: 60_000 },
    midway: { afterFrames: 10, act: () => undefined },
    expectation: 'recovers',
  },
  { name: 'computer wakes from sleep (OS resume)', midway: { afterFrames: 12, act: (rig) => rig.service.reconnectNow() }, expectation: 'recovers' },
  { name: '429 on the upgrade, Retry-After: 1', before: () => double.failNext({ kind: 'status', status: 429, path: '/v1/listen', retryAfterSec: 1 }), expectation: 'recovers', message: /./ },
  { name: '503 on the upgrade twice', before: () => double.failNext({ kind: 'status', status: 503, path: '/v1/listen' }, 2), expectation: 'recovers', message: /./ },
  {
    name: 'down longer than the replay buffer (upgrade unanswered, 1 s buffer)',
    before: () => double.failNext({ kind: 'hang', path: '/v1/listen' }),
    tuning: { maxReplaySec: 1, handshakeTimeoutMs: 1500 },
    expectation: 'gap',
  },
  { name: 'wrong key (401)', wrongKey: true, expectation: 'fails', message: /refused the key/ },
  { name: 'no credit (402)', before: () => double.failNext({ kind: 'status', status: 402, path: '/v1/listen' }), expectation: 'fails', message: /credit/ },
  { name: 'model not allowed to stream (403)', before: () => double.failNext({ kind: 'status', status: 403, path: '/v1/listen' }), expectation: 'fails', message: /may not stream/ },
];

describe('live captions when the connection breaks', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    double.clearFailures();
    const rig = await liveRig({ key: scenario.wrongKey ? 'f'.repeat(40) : key, baseUrl: double.url }, scenario.tuning);
    const recordingId = `rec-${scenarios.indexOf(scenario)}`;
    scenario.before?.();
    rig.service.start({ recordingId, channels: 1, options: liveOptions() });
    const frames = framesOf(pcm);
    const split = scenario.midway?.afterFrames ?? frames.length;
    await feed(rig.service, recordingId, frames.slice(0, split), { perTick: 1, everyMs: 100 });
    if (scenario.midway) {
      if (scenario.name.includes('1011')) await rig.waitForStatus((s) => s.state === 'reconnecting', 10_000);
      scenario.midway.act(rig);
      await feed(rig.service, recordingId, frames.slice(split), { firstSeq: split, perTick: 1, everyMs: 100 });
    }
    const draft = await rig.service.stop(recordingId);
    const statuses = rig.statuses();
    const last = statuses.at(-1);
    const message = statuses.map((s) => s.error?.message).findLast((m) => m !== undefined) ?? '';
    const { contiguous, coveredSec, gaps } = coverage(rig);
    const draftText = scenario.expectation === 'fails' ? 'empty; the recording goes on' : `${coveredSec.toFixed(1)} of ${audioSec} s, ${contiguous ? 'once, in order' : 'NOT contiguous'}${gaps ? `, gap ${gaps}` : ''}`;
    rows.push(`| ${scenario.name} | ${statesSeen(statuses)} | ${message.replace(/\|/g, '/') || '—'} | ${draftText} |`);

    if (scenario.expectation === 'fails') {
      expect(last?.state).toBe('failed');
      expect(message).toMatch(scenario.message ?? /./);
      expect(message).toMatch(/recording goes on/);
      expect(draft.lines).toEqual([]);
      return;
    }
    expect(last?.state).toBe('ended');
    expect(statuses.some((s) => s.state === 'reconnecting')).toBe(true);
    expect(contiguous).toBe(true);
    if (scenario.message) expect(message).toMatch(scenario.message);
    if (scenario.expectation === 'gap') {
      expect(gaps).not.toBe('');
      expect(coveredSec).toBeGreaterThan(audioSec - 0.2);
    } else {
      expect(gaps).toBe('');
      expect(coveredSec).toBeCloseTo(audioSec, 1);
    }
  });
});
