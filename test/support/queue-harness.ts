import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../../common/contract';
import { isTerminal } from '../../common/domain';
import type { Job, QueueStatus } from '../../common/domain';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import { createTranscriptionQueue } from '../../main/services/jobs/create-queue';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import type { DeepgramDouble } from '../deepgram-double/server';
import { validKey } from './double';
import { testProfileService } from './profiles';

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Fast retries and short watchdogs, so that every fault ends within a few seconds. */
export const quickTuning = {
  retryPolicy: { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 200, maxRetryAfterMs: 5_000 },
  timeouts: { idleMs: 1_500, responseMs: 2_500 },
  probeIntervalMs: 100,
};

export async function waitFor<T>(read: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The production queue (real disk, pre-flight, gateway) against the double, with a stored key. */
export async function startQueueHarness(double: DeepgramDouble, extra: Partial<Parameters<typeof createTranscriptionQueue>[0]> = {}) {
  const dataDir = extra.dataDir ?? (await mkdtemp(join(tmpdir(), 'queue-')));
  const keys = testProfileService({ dataDir, url: double.url });
  // The keychain here is memory: on a data folder used before, the profile found there gets its key again.
  const existing = (await keys.status()).profiles[0];
  await keys.save({ ...(existing ? { profileId: existing.id } : {}), name: 'Test', endpoint: { kind: 'us' }, key: validKey });
  const transcripts = new TranscriptStore(dataDir);
  const events: { event: EventName; payload: unknown }[] = [];
  const queue = createTranscriptionQueue({
    deepgram: new SdkDeepgramGateway(),
    keys,
    transcripts,
    events: { emit: (event, payload) => events.push({ event, payload }) },
    logger: silentLogger,
    progressIntervalMs: 0,
    ...quickTuning,
    ...extra,
    dataDir,
  });
  await queue.restore();
  const jobUpdates = (id: string): Job[] => events.filter((e) => e.event === 'jobs.updated' && (e.payload as Job).id === id).map((e) => e.payload as Job);
  const statuses = (): QueueStatus[] => events.filter((e) => e.event === 'queue.updated').map((e) => e.payload as QueueStatus);
  const job = (id: string): Job => queue.list().find((j) => j.id === id)!;
  const settled = (id: string): Promise<Job> => waitFor(() => (isTerminal(job(id).state) ? job(id) : undefined), `job ${id} finished`, 60_000);
  return { queue, transcripts, events, jobUpdates, statuses, job, settled, dataDir, keys };
}
