import { execFileSync } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { DeepgramDouble } from '../deepgram-double/server';
import { convert, pcmWavHeader, speechWav } from '../support/audio';
import { startTrustedDouble, validKey } from '../support/double';
import { startMediaServer } from '../support/media-server';
import { startQueueHarness, waitFor } from '../support/queue-harness';
import { testTlsFromEnv } from '../support/test-tls';

let double: DeepgramDouble;
let dir: string;
let small: string;
let large: string;

beforeAll(async () => {
  double = await startTrustedDouble();
  dir = await mkdtemp(join(tmpdir(), 'queue-inputs-'));
  small = await speechWav(dir, 'Every name works.');
  large = await convert(small, join(dir, 'large.wav'), ['-af', 'apad=pad_dur=900']);
}, 60_000);
afterAll(() => double.close());
afterEach(() => double.clearFailures());

const listenRequests = (from: number) => double.requests.slice(from).filter((r) => r.path === '/v1/listen');

describe('what the queue accepts', () => {
  it('transcribes files whose names are in any script, with emoji and quotes', async () => {
    const harness = await startQueueHarness(double);
    const names = ['会議の録音.wav', 'Интервью.wav', 'memo 🎙.wav', 'it’s "quoted".wav', 'مقابلة.wav'];
    const paths = await Promise.all(names.map(async (name) => {
      const path = join(dir, name);
      await copyFile(small, path);
      return path;
    }));
    const { jobs, rejected } = await harness.queue.start(paths, defaultTranscribeOptions, true);
    expect(rejected).toEqual([]);
    const finished = await Promise.all(jobs.map((j) => harness.settled(j.id)));
    expect(finished.map((j) => [j.fileName, j.state])).toEqual(names.map((n) => [n, 'done']));
    const titles = (await harness.transcripts.list()).map((t) => t.title).sort();
    expect(titles).toEqual([...names].sort());
  });

  it('walks a dropped folder and says why each other file was refused', async () => {
    const harness = await startQueueHarness(double);
    const folder = join(dir, 'interviews');
    await mkdir(join(folder, 'day 2'), { recursive: true });
    await copyFile(small, join(folder, 'a.wav'));
    await copyFile(small, join(folder, 'day 2', 'b.wav'));
    await writeFile(join(folder, 'notes.txt'), 'not audio');
    await writeFile(join(folder, 'empty.wav'), '');
    const { jobs, rejected } = await harness.queue.start([folder], defaultTranscribeOptions, true);
    expect(jobs.map((j) => j.fileName).sort()).toEqual(['a.wav', 'b.wav']);
    expect(rejected.map((r) => r.fileName).sort()).toEqual(['empty.wav', 'notes.txt']);
    for (const r of rejected) expect(r.reason.length).toBeGreaterThan(10);
    await Promise.all(jobs.map((j) => harness.settled(j.id)));
  });

  it('flags a file already transcribed with the same options, and transcribes it again when asked', async () => {
    const harness = await startQueueHarness(double);
    const copy = join(dir, 'same-content.wav');
    await copyFile(small, copy);
    const first = (await harness.queue.start([small], defaultTranscribeOptions)).jobs[0]!;
    const done = await harness.settled(first.id);

    const again = await harness.queue.start([copy], defaultTranscribeOptions);
    expect(again.jobs).toEqual([]);
    expect(again.duplicates).toEqual([{ path: copy, fileName: 'same-content.wav', transcriptId: done.transcriptId }]);

    const otherOptions = await harness.queue.start([copy], { ...defaultTranscribeOptions, diarize: true });
    expect(otherOptions.duplicates).toEqual([]);
    expect(otherOptions.jobs.length).toBe(1);
    const forced = await harness.queue.start([copy], defaultTranscribeOptions, true);
    expect(forced.jobs.length).toBe(1);
    await Promise.all([...otherOptions.jobs, ...forced.jobs].map((j) => harness.settled(j.id)));
  });

  it('a file that changed after it was queued is refused clearly, and nothing is sent', async () => {
    const harness = await startQueueHarness(double, { concurrency: 1 });
    const changing = join(dir, 'changing.wav');
    await copyFile(small, changing);
    // The first job holds the only slot while the second file changes.
    double.failNext({ kind: 'slow', delayMs: 1000, path: '/v1/listen' });
    const blocker = (await harness.queue.start([large], defaultTranscribeOptions, true)).jobs[0]!;
    const queued = (await harness.queue.start([changing], defaultTranscribeOptions, true)).jobs[0]!;
    await appendFile(changing, Buffer.alloc(4096));
    const before = double.requests.length;
    const failed = await harness.settled(queued.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'FILE_REJECTED', message: expect.stringMatching(/changed/) });
    await harness.settled(blocker.id);
    expect(listenRequests(before).length).toBe(0);
  });

  it('a file that shrinks or grows while it is sent fails with the reason instead of sending the wrong bytes', async () => {
    const harness = await startQueueHarness(double, { retryPolicy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 10 } });
    for (const [change, pattern] of [['shrink', /shorter|changed/], ['grow', /changed/]] as const) {
      const path = join(dir, `${change}.wav`);
      await copyFile(large, path);
      double.failNext({ kind: 'stall', afterBytes: 256 * 1024, path: '/v1/listen' });
      const before = double.requests.length;
      const job = (await harness.queue.start([path], defaultTranscribeOptions, true)).jobs[0]!;
      await waitFor(() => (listenRequests(before)[0]?.bytes ?? 0) >= 256 * 1024, 'the upload is under way');
      if (change === 'shrink') await truncate(path, (await stat(path)).size / 2);
      else await appendFile(path, Buffer.alloc(65536));
      // The stalled attempt times out; the retry opens the file again and sees that it is not what was checked.
      const failed = await harness.settled(job.id);
      expect(failed.state, change).toBe('failed');
      expect(failed.error?.message, change).toMatch(pattern);
    }
  }, 60_000);

  it('a file cut short during its upload fails with that reason, not as a network error, and is not retried', async () => {
    const harness = await startQueueHarness(double);
    const path = join(dir, 'cut-short.wav');
    // 1 GB of sparse WAV: the upload takes seconds, the cut comes after its first bytes.
    await writeFile(path, pcmWavHeader(1_000_000_000 - 44));
    await truncate(path, 1_000_000_000);
    const before = double.requests.length;
    const job = (await harness.queue.start([path], defaultTranscribeOptions, true)).jobs[0]!;
    await waitFor(() => harness.job(job.id).bytesSent > 0 || undefined, 'the upload began');
    await truncate(path, 4 * 1024 * 1024);
    const failed = await harness.settled(job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'FILE_REJECTED', message: expect.stringMatching(/got shorter/) });
    await new Promise((r) => setTimeout(r, 500));
    expect(listenRequests(before).length).toBe(1);
    await rm(path);
  });

  it('a file deleted after its upload began is still sent whole from the open descriptor', async () => {
    const harness = await startQueueHarness(double);
    const path = join(dir, 'deleted.wav');
    await copyFile(large, path);
    const size = (await stat(path)).size;
    double.failNext({ kind: 'slow', delayMs: 200, path: '/v1/listen' });
    const before = double.requests.length;
    const job = (await harness.queue.start([path], defaultTranscribeOptions, true)).jobs[0]!;
    await waitFor(() => harness.job(job.id).state === 'uploading' || undefined, 'the upload began');
    await rm(path);
    const done = await harness.settled(job.id);
    expect(done.state).toBe('done');
    expect(listenRequests(before).at(-1)!.bytes).toBe(size);
  });
});

describe('links', () => {
  it('sends an https link as JSON for Deepgram to fetch, and refuses http:// with the reason', async () => {
    const tls = testTlsFromEnv()!;
    const media = await startMediaServer({ cert: tls.cert, key: tls.key, files: { '/shows/episode%201.wav': small } });
    try {
      const harness = await startQueueHarness(double);
      const before = double.requests.length;
      const { jobs, rejected } = await harness.queue.startUrls(
        [`${media.url}/shows/episode%201.wav`, 'http://example.com/a.mp3', 'not a link', 'https://user:pw@example.com/a.mp3'],
        defaultTranscribeOptions,
      );
      expect(rejected.map((r) => r.reason)).toEqual([
        expect.stringMatching(/http:\/\/ links are refused/),
        expect.stringMatching(/not a link/),
        expect.stringMatching(/user name or password/),
      ]);
      expect(jobs[0]).toMatchObject({ fileName: 'episode 1.wav', source: { kind: 'url', host: new URL(media.url).host }, sizeBytes: 0 });
      const done = await harness.settled(jobs[0]!.id);
      expect(done.state).toBe('done');
      const request = listenRequests(before)[0]!;
      expect(request.contentType).toMatch(/application\/json/);
      expect(request.remoteUrl).toBe(`${media.url}/shows/episode%201.wav`);
      const saved = await harness.transcripts.get(done.transcriptId!);
      expect(saved.summary.title).toBe('episode 1.wav');
    } finally {
      await media.close();
    }
  });

  it('a link Deepgram cannot fetch fails with Deepgram’s reason, once', async () => {
    const tls = testTlsFromEnv()!;
    const media = await startMediaServer({ cert: tls.cert, key: tls.key, files: {} });
    try {
      const harness = await startQueueHarness(double);
      const before = double.requests.length;
      const job = (await harness.queue.startUrls([`${media.url}/missing.wav`], defaultTranscribeOptions)).jobs[0]!;
      const failed = await harness.settled(job.id);
      expect(failed.state).toBe('failed');
      expect(failed.error?.message).toMatch(/404|download|fetch/i);
      await new Promise((r) => setTimeout(r, 500));
      expect(listenRequests(before).length).toBe(1);
    } finally {
      await media.close();
    }
  });
});

describe('when the disk or the network fails', () => {
  it('a transcript the disk refuses is kept, named, and saved again once there is room; no temporary file is left', async () => {
    const harness = await startQueueHarness(double);
    const transcriptsDir = join(harness.dataDir, 'transcripts');
    await mkdir(transcriptsDir, { recursive: true });
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', transcriptsDir], { stdio: 'ignore' });
      mounted = true;
    } catch {
      // Without the right to mount, the same write failure comes from a folder that is a file.
      await rm(transcriptsDir, { recursive: true });
      await writeFile(transcriptsDir, 'in the way');
    }
    try {
      const filler = join(transcriptsDir, 'filler');
      if (mounted) await writeFile(filler, Buffer.alloc(60 * 1024)).catch(() => undefined);
      const job = (await harness.queue.start([small], defaultTranscribeOptions)).jobs[0]!;
      const failed = await harness.settled(job.id);
      expect(failed).toMatchObject({ state: 'failed', unsaved: true, error: { code: 'SAVE_FAILED' } });
      expect(failed.error!.message).toMatch(mounted ? /disk is full/ : /could not be saved/);
      expect(failed.error!.message).toMatch(/Save again/);
      if (mounted) expect(await readdir(transcriptsDir)).toEqual(['filler']);
      expect(harness.queue.clearFinished()).toEqual([]);

      const requestsBefore = double.requests.length;
      if (mounted) await rm(filler);
      else await rm(transcriptsDir);
      const saved = await harness.queue.saveAgain(job.id);
      expect(saved).toMatchObject({ state: 'done' });
      expect(double.requests.length).toBe(requestsBefore);
      const library = await harness.transcripts.list();
      expect(library.map((t) => t.id)).toEqual([saved.transcriptId]);
    } finally {
      if (mounted) execFileSync('umount', [transcriptsDir]);
    }
  });

  it('offline: the queue pauses with the reason and resumes by itself when the network returns', async () => {
    let baseUrl = 'https://deepgram-desk-offline.invalid';
    let online = false;
    const harness = await startQueueHarness(double, {
      keys: { credentials: async () => ({ key: validKey, baseUrl }) },
      isReachable: async () => online,
    });
    const before = double.requests.length;
    const job = (await harness.queue.start([small], defaultTranscribeOptions)).jobs[0]!;
    const paused = await waitFor(() => harness.queue.status().paused ?? undefined, 'the queue paused');
    expect(paused.reason).toBe('offline');
    expect(harness.job(job.id).state).toBe('queued');
    await new Promise((r) => setTimeout(r, 500));
    expect(harness.queue.status().paused?.reason).toBe('offline');
    expect(listenRequests(before).length).toBe(0);

    baseUrl = double.url;
    online = true;
    const done = await harness.settled(job.id);
    expect(done.state).toBe('done');
    expect(harness.queue.status().paused).toBeNull();
  });

  it('cancel, retry, remove and clear finished', async () => {
    const harness = await startQueueHarness(double);
    double.failNext({ kind: 'slow', delayMs: 2000, path: '/v1/listen' });
    const job = (await harness.queue.start([small], defaultTranscribeOptions, true)).jobs[0]!;
    await waitFor(() => harness.job(job.id).state === 'processing' || undefined, 'the upload finished');
    expect(harness.queue.cancel(job.id).state).toBe('canceled');
    const retried = harness.queue.retry(job.id);
    expect(retried).toMatchObject({ state: 'queued', attempt: 0 });
    expect(retried.error).toBeUndefined();
    expect((await harness.settled(job.id)).state).toBe('done');

    const other = (await harness.queue.start([small], defaultTranscribeOptions, true)).jobs[0]!;
    await harness.settled(other.id);
    harness.queue.remove(other.id);
    expect(harness.queue.list().map((j) => j.id)).toEqual([job.id]);
    expect(harness.queue.clearFinished()).toEqual([job.id]);
    expect(harness.queue.list()).toEqual([]);
    const removed = harness.events.filter((e) => e.event === 'jobs.removed').map((e) => e.payload);
    expect(removed).toEqual([{ ids: [other.id] }, { ids: [job.id] }]);
    const savedJobs = async () => (JSON.parse(await readFile(join(harness.dataDir, 'queue.json'), 'utf8')) as { jobs: unknown[] }).jobs.length;
    await expect.poll(savedJobs, { message: 'the cleared queue is on disk' }).toBe(0);
  });
});
