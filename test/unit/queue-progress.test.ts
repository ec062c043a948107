import { describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { Job, JobState } from '../../common/domain';
import { batchNotification, observeQueue, queueProgress, startQueueWatch } from '../../main/services/shell/queue-progress';
import type { BatchNotification, QueueProgress, QueueWatch } from '../../main/services/shell/queue-progress';

function job(id: string, state: JobState, sizeBytes = 1000, bytesSent = 0, extra: Partial<Job> = {}): Job {
  return { id, fileName: `${id}.wav`, sizeBytes, bytesSent, state, createdAt: '2026-01-01T00:00:00.000Z', options: defaultTranscribeOptions, source: { kind: 'file' }, durationSec: null, attempt: 1, ...extra };
}
const done = (id: string, size = 1000): Job => job(id, 'done', size, size, { transcriptId: `t-${id}` });
const failed = (id: string, message = 'Deepgram could not decode this file.'): Job =>
  job(id, 'failed', 1000, 10, { error: { code: 'BAD_AUDIO', message } });

/** Feeds successive job lists through the watch, as the shell does on every queue change. */
function run(start: readonly Job[], ...steps: Job[][]): { progress: QueueProgress[]; notifications: BatchNotification[] } {
  let watch: QueueWatch = startQueueWatch(start);
  const progress: QueueProgress[] = [];
  const notifications: BatchNotification[] = [];
  for (const jobs of steps) {
    const next = observeQueue(watch, jobs);
    watch = next.watch;
    progress.push(next.progress);
    if (next.notification) notifications.push(next.notification);
  }
  return { progress, notifications };
}

describe('queueProgress', () => {
  it('shows nothing when nothing runs', () => {
    expect(queueProgress([])).toEqual({ mode: 'none', value: -1 });
    expect(queueProgress([done('a'), failed('b')])).toEqual({ mode: 'none', value: -1 });
  });

  it('is the fraction of the batch’s bytes sent, counting finished and processing jobs in full', () => {
    // A processing job counts in full even if its last progress report was throttled away.
    const jobs = [done('a', 1000), job('b', 'processing', 1000, 900), job('c', 'uploading', 2000, 500), job('d', 'queued', 4000)];
    expect(queueProgress(jobs)).toEqual({ mode: 'normal', value: (1000 + 1000 + 500) / 8000 });
  });

  it('leaves failed and canceled jobs out of the sum', () => {
    const jobs = [failed('a'), job('b', 'canceled', 5000, 100), job('c', 'uploading', 1000, 250)];
    expect(queueProgress(jobs)).toEqual({ mode: 'normal', value: 0.25 });
  });

  it('is indeterminate when only processing is left', () => {
    expect(queueProgress([done('a'), job('b', 'processing', 1000, 1000)])).toEqual({ mode: 'indeterminate', value: 2 });
  });

  it('never leaves 0..1 for an upload that reports more bytes than the file has', () => {
    expect(queueProgress([job('a', 'uploading', 100, 500), job('b', 'queued', 100)])).toEqual({ mode: 'normal', value: 0.5 });
  });
});

describe('batchNotification', () => {
  it('opens the transcript of a single success', () => {
    expect(batchNotification([done('a')])).toEqual({ title: 'Transcript ready', body: 'a.wav', onClick: { command: 'open-transcript', transcriptId: 't-a' } });
  });

  it('names the failure and shows the job on click', () => {
    expect(batchNotification([failed('a', 'Deepgram rejected the key (401).')])).toEqual({
      title: 'Transcription failed',
      body: 'a.wav: Deepgram rejected the key (401).',
      onClick: { command: 'show-job', jobId: 'a' },
    });
  });

  it('counts failures in a mixed batch and shows the first failed job', () => {
    const notification = batchNotification([done('a'), failed('b'), done('c'), failed('d'), job('e', 'canceled')]);
    expect(notification).toEqual({ title: '2 of 4 transcriptions failed', body: 'b.wav, d.wav', onClick: { command: 'show-job', jobId: 'b' } });
  });

  it('summarises many successes without picking one to open', () => {
    const notification = batchNotification(['a', 'b', 'c', 'd', 'e'].map((id) => done(id)));
    expect(notification).toEqual({ title: '5 transcripts ready', body: 'a.wav, b.wav, c.wav and 2 more' });
  });

  it('says nothing about a batch that was only canceled', () => {
    expect(batchNotification([job('a', 'canceled'), job('b', 'canceled')])).toBeNull();
    expect(batchNotification([])).toBeNull();
  });

  it('drops a click whose id the contract would refuse, and caps long names', () => {
    const odd = done('a');
    odd.transcriptId = 'not/an id';
    odd.fileName = `${'x'.repeat(500)}.wav`;
    const notification = batchNotification([odd]);
    expect(notification?.onClick).toBeUndefined();
    expect(notification?.body.length).toBeLessThanOrEqual(120);
  });
});

describe('observeQueue', () => {
  it('notifies once when the batch ends, and shows progress until then', () => {
    const { progress, notifications } = run(
      [],
      [job('a', 'uploading', 1000, 0), job('b', 'queued', 1000)],
      [job('a', 'uploading', 1000, 1000), job('b', 'queued', 1000)],
      [done('a'), job('b', 'processing', 1000, 1000)],
      [done('a'), done('b')],
      [done('a'), done('b')],
    );
    expect(progress).toEqual([
      { mode: 'normal', value: 0 },
      { mode: 'normal', value: 0.5 },
      { mode: 'indeterminate', value: 2 },
      { mode: 'none', value: -1 },
      { mode: 'none', value: -1 },
    ]);
    expect(notifications).toEqual([{ title: '2 transcripts ready', body: 'a.wav, b.wav' }]);
  });

  it('starts a new batch after the queue was idle: earlier jobs are not counted again', () => {
    const { progress, notifications } = run(
      [],
      [job('a', 'uploading')],
      [done('a')],
      [done('a'), job('b', 'uploading', 1000, 500)],
      [done('a'), failed('b')],
    );
    expect(progress[2]).toEqual({ mode: 'normal', value: 0.5 });
    expect(notifications.map((n) => n.title)).toEqual(['Transcript ready', 'Transcription failed']);
  });

  it('counts a job that failed before it was ever seen running', () => {
    const { notifications } = run([], [failed('a', 'No key is stored.')]);
    expect(notifications).toEqual([{ title: 'Transcription failed', body: 'a.wav: No key is stored.', onClick: { command: 'show-job', jobId: 'a' } }]);
  });

  it('does not report jobs that had already ended when watching began', () => {
    const { notifications } = run([done('old'), failed('older')], [done('old'), failed('older')]);
    expect(notifications).toEqual([]);
  });

  it('reports jobs that were running when watching began, once they end', () => {
    const { notifications } = run([job('a', 'uploading')], [done('a')]);
    expect(notifications.map((n) => n.title)).toEqual(['Transcript ready']);
  });
});
