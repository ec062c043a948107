import { createHash } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { TranscriptSummary } from '../../common/domain';
import type { DeepgramDouble } from '../deepgram-double/server';
import { convert, durationOf, speechWav } from '../support/audio';
import { startTrustedDouble } from '../support/double';
import { startQueueHarness } from '../support/queue-harness';

const spoken = 'The quarterly review starts now. Revenue grew in every region.';
let double: DeepgramDouble;
let audioDir: string;
let wav: string;

beforeAll(async () => {
  double = await startTrustedDouble();
  audioDir = await mkdtemp(join(tmpdir(), 'queue-audio-'));
  wav = await speechWav(audioDir, spoken);
  double.setSpeech(spoken, createHash('sha256').update(await readFile(wav)).digest('hex'));
});
afterAll(() => double.close());
afterEach(() => double.clearFailures());

// Retries and watchdogs are tested in queue-faults; here a slow answer must stay an answer.
const setup = () => startQueueHarness(double, { timeouts: { idleMs: 30_000, responseMs: 30_000 } });

describe('TranscriptionQueue against the double over TLS', () => {
  it('streams a real speech file, reports progress by bytes, and saves the raw response', async () => {
    const { queue, transcripts, events, jobUpdates, settled } = await setup();
    const { jobs, rejected } = await queue.start([wav], { ...defaultTranscribeOptions, diarize: true });
    expect(rejected).toEqual([]);
    const job = await settled(jobs[0]!.id);
    expect(job.state).toBe('done');

    const updates = jobUpdates(job.id);
    expect(updates.map((u) => u.state)).toEqual(expect.arrayContaining(['uploading', 'processing', 'done']));
    const sent = updates.map((u) => u.bytesSent);
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(job.sizeBytes);

    const request = double.requests.find((r) => r.path === '/v1/listen')!;
    expect(request.bytes).toBe(job.sizeBytes);
    expect(request.contentType).toBe('audio/wav');
    expect(request.query).toMatchObject({ model: ['nova-3'], language: ['en'], smart_format: ['true'], diarize: ['true'], paragraphs: ['true'], utterances: ['true'] });

    const added = events.find((e) => e.event === 'transcripts.added')!.payload as TranscriptSummary;
    expect(added.id).toBe(job.transcriptId);
    const saved = await transcripts.get(job.transcriptId!);
    expect(saved.summary.title).toBe('speech.wav');
    expect(saved.summary.durationSec).toBeCloseTo(await durationOf(wav), 1);
    expect(saved.response.results.channels[0]!.alternatives[0]!.transcript).toContain('Revenue grew in every region.');
    expect(saved.summary.requestId).toBe(saved.response.metadata.request_id);
  });

  it('refuses bad files with reasons and queues the good ones', async () => {
    const { queue, settled } = await setup();
    const notes = join(audioDir, 'notes.txt');
    await writeFile(notes, 'not audio');
    const mp3 = await convert(wav, join(audioDir, 'speech.mp3'));
    const { jobs, rejected } = await queue.start([notes, mp3, join(audioDir, 'gone.wav')], defaultTranscribeOptions);
    expect(rejected.map((r) => r.fileName)).toEqual(['notes.txt', 'gone.wav']);
    expect(rejected[0]!.reason).toMatch(/audio or video/);
    expect(jobs.map((j) => j.fileName)).toEqual(['speech.mp3']);
    expect((await settled(jobs[0]!.id)).state).toBe('done');
  });

  it('cancels a running job: the upload is aborted and nothing is saved, even after the answer was due', async () => {
    const { queue, settled, transcripts, events, jobUpdates } = await setup();
    const size = (await stat(wav)).size;
    // The job to cancel gets its answer 1 s after its upload; a control job, started later, 3 s after its own.
    // Once the control job is done, the canceled job's answer is long overdue, had its request stayed open.
    double.failNext({ kind: 'slow', delayMs: 1000, path: '/v1/listen' });
    double.failNext({ kind: 'slow', delayMs: 3000, path: '/v1/listen' });
    const before = double.requests.length;
    const listenRecords = () => double.requests.slice(before).filter((r) => r.path === '/v1/listen');

    const canceledJob = (await queue.start([wav], defaultTranscribeOptions)).jobs[0]!;
    await until(() => listenRecords()[0]?.bytes === size, 'the double received the whole upload');
    const canceled = queue.cancel(canceledJob.id);
    expect(canceled.state).toBe('canceled');

    const controlJob = (await queue.start([wav], defaultTranscribeOptions)).jobs[0]!;
    const control = await settled(controlJob.id);
    expect(control.state).toBe('done');

    expect((await settled(canceledJob.id)).state).toBe('canceled');
    expect(jobUpdates(canceledJob.id).at(-1)!.state).toBe('canceled');
    const [canceledRecord, controlRecord] = listenRecords();
    expect(controlRecord).toMatchObject({ status: 200 });
    // Status 0: the double never answered, because the client closed the connection while it waited.
    expect(canceledRecord).toMatchObject({ bytes: size, status: 0 });
    expect((await transcripts.list()).map((t) => t.id)).toEqual([control.transcriptId]);
    const added = events.filter((e) => e.event === 'transcripts.added').map((e) => (e.payload as TranscriptSummary).id);
    expect(added).toEqual([control.transcriptId]);
  });
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i += 1) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}
