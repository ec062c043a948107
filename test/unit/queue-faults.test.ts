import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { Job } from '../../common/domain';
import type { DeepgramDouble, DoubleFailure } from '../deepgram-double/server';
import { convert, speechWav } from '../support/audio';
import { startTrustedDouble } from '../support/double';
import { quickTuning, startQueueHarness, waitFor } from '../support/queue-harness';

let double: DeepgramDouble;
let small: string;
/** Larger than the loopback socket buffers, so a server that stops reading stalls the upload. */
let large: string;
const table: string[] = [];

beforeAll(async () => {
  double = await startTrustedDouble();
  const dir = await mkdtemp(join(tmpdir(), 'queue-faults-'));
  small = await speechWav(dir, 'Faults are part of the plan.');
  large = await convert(small, join(dir, 'large.wav'), ['-af', 'apad=pad_dur=900']);
}, 60_000);
afterAll(async () => {
  console.log(`\nFault table (fault → what the user saw → requests the double counted)\n${table.join('\n')}\n`);
  await double.close();
});
afterEach(() => double.clearFailures());

const listenCount = (from: number): number => double.requests.slice(from).filter((r) => r.path === '/v1/listen').length;
/** Longer than any retry wait of the quick tuning: a retry that was going to happen has happened. */
const pastAnyRetry = () => new Promise((r) => setTimeout(r, quickTuning.retryPolicy.maxDelayMs * 3));

async function runWith(failures: [DoubleFailure, number][], file: string) {
  const harness = await startQueueHarness(double);
  for (const [failure, times] of failures) double.failNext(failure, times);
  const before = double.requests.length;
  const { jobs } = await harness.queue.start([file], defaultTranscribeOptions);
  const job = await harness.settled(jobs[0]!.id);
  await pastAnyRetry();
  return { harness, job, requests: listenCount(before), updates: harness.jobUpdates(job.id) };
}

function record(fault: string, job: Job, requests: number): void {
  const seen = job.state === 'done' ? 'done' : `${job.state}: ${job.error?.message ?? ''}`;
  table.push(`| ${fault} | ${seen} | ${requests} |`);
}

describe('the queue against a failing Deepgram', () => {
  it('a connection reset mid-upload is retried with a fresh stream from byte 0', async () => {
    const size = (await stat(large)).size;
    const { job, requests } = await runWith([[{ kind: 'reset', afterBytes: 256 * 1024, path: '/v1/listen' }, 1]], large);
    record('reset after 256 KiB', job, requests);
    expect(job.state).toBe('done');
    expect(requests).toBe(2);
    const last = double.requests.filter((r) => r.path === '/v1/listen').at(-1)!;
    expect(last.bytes).toBe(size);
  });

  it('a 429 with Retry-After waits as told, then succeeds', async () => {
    const { job, requests, updates } = await runWith([[{ kind: 'status', status: 429, retryAfterSec: 1, path: '/v1/listen' }, 1]], small);
    record('429 with Retry-After: 1', job, requests);
    expect(job.state).toBe('done');
    expect(requests).toBe(2);
    const waiting = updates.find((u) => u.retryAt !== undefined)!;
    expect(waiting.error?.code).toBe('RATE_LIMITED');
    expect(Date.parse(waiting.retryAt!) - Date.parse(waiting.stateSince!)).toBeGreaterThanOrEqual(990);
  });

  it('a 429 without Retry-After backs off, then succeeds', async () => {
    const { job, requests, updates } = await runWith([[{ kind: 'status', status: 429, path: '/v1/listen' }, 1]], small);
    record('429 without Retry-After', job, requests);
    expect(job.state).toBe('done');
    expect(requests).toBe(2);
    const wait = updates.find((u) => u.retryAt !== undefined)!;
    expect(Date.parse(wait.retryAt!) - Date.parse(wait.stateSince!)).toBeLessThanOrEqual(quickTuning.retryPolicy.baseDelayMs + 5);
  });

  it('503 twice, then success: three requests, one transcript', async () => {
    const { harness, job, requests, updates } = await runWith([[{ kind: 'status', status: 503, path: '/v1/listen' }, 2]], small);
    record('503 ×2', job, requests);
    expect(job.state).toBe('done');
    expect(requests).toBe(3);
    expect(updates.at(-1)!.attempt).toBe(3);
    expect((await harness.transcripts.list()).length).toBe(1);
  });

  it('a 504 is not retried and says why retrying would not help', async () => {
    const { job, requests } = await runWith([[{ kind: 'status', status: 504, path: '/v1/listen' }, 1]], small);
    record('504', job, requests);
    expect(job.state).toBe('failed');
    expect(job.error).toMatchObject({ code: 'PROCESSING_TIMEOUT', status: 504 });
    expect(job.error!.message).toMatch(/split/);
    expect(requests).toBe(1);
  });

  it('retries stop after the policy’s attempts and the last reason is shown', async () => {
    const { job, requests } = await runWith([[{ kind: 'status', status: 500, path: '/v1/listen' }, 20]], small);
    record('500 every time', job, requests);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('DEEPGRAM_UNAVAILABLE');
    expect(requests).toBe(quickTuning.retryPolicy.maxAttempts);
  });

  it('a 402 pauses the whole queue: the job waits, later jobs do not start, and all finish after Resume', async () => {
    const harness = await startQueueHarness(double);
    double.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
    const before = double.requests.length;
    const first = (await harness.queue.start([small], defaultTranscribeOptions)).jobs[0]!;
    await waitFor(() => harness.queue.status().paused ?? undefined, 'the queue paused');
    expect(harness.queue.status().paused).toMatchObject({ reason: 'payment' });
    expect(harness.statuses().at(-1)?.paused?.reason).toBe('payment');
    const second = (await harness.queue.start([small], defaultTranscribeOptions, true)).jobs[0]!;
    await pastAnyRetry();
    expect(harness.job(first.id)).toMatchObject({ state: 'queued', error: { code: 'PAYMENT_REQUIRED' } });
    expect(harness.job(second.id).state).toBe('queued');
    expect(listenCount(before)).toBe(1);

    harness.queue.resume();
    const finished = await Promise.all([first, second].map((j) => harness.settled(j.id)));
    expect(finished.map((j) => j.state)).toEqual(['done', 'done']);
    record('402 (then Resume)', finished[0]!, listenCount(before));
    expect(listenCount(before)).toBe(3);
  });

  it('a server that stops reading ends the attempt after the idle timeout, and the retry succeeds', async () => {
    const { job, requests, updates } = await runWith([[{ kind: 'stall', afterBytes: 512 * 1024, path: '/v1/listen' }, 1]], large);
    record(`server stops reading (idle ${quickTuning.timeouts.idleMs / 1000} s)`, job, requests);
    expect(job.state).toBe('done');
    expect(requests).toBe(2);
    expect(updates.find((u) => u.retryAt !== undefined)?.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/stopped accepting/) });
  });

  it('a server that never answers ends the attempt after the response cap, and the retry succeeds', async () => {
    const { job, requests, updates } = await runWith([[{ kind: 'hang', path: '/v1/listen' }, 1]], small);
    record(`server never answers (cap ${quickTuning.timeouts.responseMs / 1000} s)`, job, requests);
    expect(job.state).toBe('done');
    expect(requests).toBe(2);
    expect(updates.find((u) => u.retryAt !== undefined)?.error).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/did not answer/) });
  });

  it('a 401 pauses the queue for the key; the job is not failed', async () => {
    const harness = await startQueueHarness(double);
    double.failNext({ kind: 'status', status: 401, path: '/v1/listen' });
    const before = double.requests.length;
    const { jobs } = await harness.queue.start([small], defaultTranscribeOptions);
    await waitFor(() => harness.queue.status().paused ?? undefined, 'the queue paused');
    await pastAnyRetry();
    expect(harness.queue.status().paused?.reason).toBe('auth');
    expect(harness.job(jobs[0]!.id)).toMatchObject({ state: 'queued', error: { code: 'INVALID_KEY' } });
    expect(listenCount(before)).toBe(1);
    harness.queue.resume();
    const job = await harness.settled(jobs[0]!.id);
    record('401 (then Resume)', job, listenCount(before));
    expect(job.state).toBe('done');
  });
});
