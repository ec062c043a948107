import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { Job } from '../../common/domain';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import type { DeepgramDouble } from '../deepgram-double/server';
import { convert, speechWav } from '../support/audio';
import { startTrustedDouble, validKey } from '../support/double';
import { startQueueHarness, waitFor } from '../support/queue-harness';

let double: DeepgramDouble;
let small: string;
let large: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  double = await startTrustedDouble();
  const dir = await mkdtemp(join(tmpdir(), 'queue-restart-'));
  small = await speechWav(dir, 'Nothing is lost when the app stops.');
  large = await convert(small, join(dir, 'large.wav'), ['-af', 'apad=pad_dur=900']);
}, 60_000);
afterAll(() => double.close());
afterEach(() => {
  double.clearFailures();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const listenRequests = (from: number) => double.requests.slice(from).filter((r) => r.path === '/v1/listen');

/** Starts the services in their own process, as the app's main process would hold them. */
function startMainProcess(dataDir: string, queueFile?: string) {
  const script = resolve(import.meta.dirname, '../support/queue-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, DATA_DIR: dataDir, BASE_URL: double.url, DG_KEY: validKey, ...(queueFile ? { QUEUE_FILE: queueFile } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const events: { event: string; payload: unknown }[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => events.push(JSON.parse(line) as { event: string; payload: unknown }));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, events, stderr, exited };
}

describe('a queue that survives its process', () => {
  it('SIGKILL mid-upload: the next start sends the file again, finishes it once, and saves one transcript', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'queue-kill-'));
    // The double stops reading after 1 MiB: the upload is surely still running when the process dies.
    double.failNext({ kind: 'stall', afterBytes: 1024 * 1024, path: '/v1/listen' });
    const before = double.requests.length;
    const first = startMainProcess(dataDir, large);
    await waitFor(() => (listenRequests(before)[0]?.bytes ?? 0) >= 1024 * 1024, 'the upload is under way', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;

    const saved = JSON.parse(await readFile(join(dataDir, 'queue.json'), 'utf8')) as { version: number; jobs: { job: Job }[] };
    expect(saved.version).toBe(1);
    expect(saved.jobs.length).toBe(1);
    expect(['queued', 'uploading']).toContain(saved.jobs[0]!.job.state);

    const second = startMainProcess(dataDir);
    const done = await waitFor(
      () => second.events.find((e) => e.event === 'jobs.updated' && (e.payload as Job).state === 'done')?.payload as Job | undefined,
      `the job finished after the restart (stderr: ${second.stderr.join('')})`,
      90_000,
    );
    expect(done.id).toBe(saved.jobs[0]!.job.id);
    const requests = listenRequests(before);
    expect(requests.map((r) => r.status)).toEqual([0, 200]);
    const library = await new TranscriptStore(dataDir).list();
    expect(library.map((t) => t.id)).toEqual([done.transcriptId]);
    second.child.kill('SIGKILL');
  }, 120_000);

  it('a job whose transcript was saved just before a crash is finished, not sent again', async () => {
    const harness = await startQueueHarness(double);
    const { jobs } = await harness.queue.start([small], defaultTranscribeOptions);
    const job = await harness.settled(jobs[0]!.id);
    expect(job.state).toBe('done');
    await harness.queue.suspend();
    // The crash came after the transcript was written and before the queue file recorded it.
    const path = join(harness.dataDir, 'queue.json');
    const file = JSON.parse(await readFile(path, 'utf8')) as { jobs: { job: Job }[] };
    Object.assign(file.jobs[0]!.job, { state: 'processing', transcriptId: undefined });
    await writeFile(path, JSON.stringify(file));

    const before = double.requests.length;
    const restarted = await startQueueHarness(double, { dataDir: harness.dataDir });
    expect(restarted.job(job.id)).toMatchObject({ state: 'done', transcriptId: job.transcriptId });
    await new Promise((r) => setTimeout(r, 500));
    expect(listenRequests(before)).toEqual([]);
    expect((await restarted.transcripts.list()).length).toBe(1);
  });

  it('quitting keeps unfinished jobs: the next start resumes them; finished ones stay finished', async () => {
    const harness = await startQueueHarness(double);
    const done = (await harness.queue.start([small], defaultTranscribeOptions)).jobs[0]!;
    await harness.settled(done.id);
    double.failNext({ kind: 'stall', afterBytes: 512 * 1024, path: '/v1/listen' });
    const before = double.requests.length;
    const running = (await harness.queue.start([large], defaultTranscribeOptions)).jobs[0]!;
    await waitFor(() => harness.job(running.id).state === 'uploading' && (listenRequests(before)[0]?.bytes ?? 0) >= 512 * 1024, 'the upload is under way');
    await harness.queue.suspend();

    const restarted = await startQueueHarness(double, { dataDir: harness.dataDir });
    expect(restarted.job(done.id).state).toBe('done');
    const resumed = await restarted.settled(running.id);
    expect(resumed.state).toBe('done');
    expect(listenRequests(before).map((r) => r.status)).toEqual([0, 200]);
    expect((await restarted.transcripts.list()).length).toBe(2);
  }, 60_000);
});
