import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDeepgramDouble } from '../deepgram-double/server';
import type { DeepgramDouble } from '../deepgram-double/server';
import { feed, framesOf, liveOptions, liveRig, speechPcm } from '../support/live-harness';
import { testTlsFromEnv } from '../support/test-tls';

const key = randomBytes(20).toString('hex');
let double: DeepgramDouble;
let pcm: Buffer;

beforeAll(async () => {
  const tls = testTlsFromEnv();
  if (!tls) throw new Error('No test certificate: run with `npm test`.');
  const dir = await mkdtemp(join(tmpdir(), 'live-stop-'));
  double = await startDeepgramDouble({ cert: tls.cert, key: tls.key, keys: [{ key }], tmpDir: dir, livePace: Infinity });
  pcm = (await speechPcm(dir, 'Stopping twice gives the same draft.')).subarray(0, 32_000);
});
afterAll(() => double?.close());

it('a second stop (the window after main ended the stream) answers with the saved draft; an unknown recording is refused', async () => {
  const rig = await liveRig({ key, baseUrl: double.url });
  rig.service.start({ recordingId: 'rec-twice', channels: 1, options: liveOptions() });
  await feed(rig.service, 'rec-twice', framesOf(pcm), { perTick: 10, everyMs: 1 });
  const [first, concurrent] = await Promise.all([rig.service.stop('rec-twice'), rig.service.stop('rec-twice')]);
  expect(first.lines.length).toBeGreaterThan(0);
  expect(concurrent).toEqual(first);
  expect(await rig.service.stop('rec-twice')).toEqual(first);
  await expect(rig.service.stop('rec-never')).rejects.toMatchObject({ code: 'NOT_FOUND' });
});
