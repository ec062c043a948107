import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { Job } from '../../common/domain';
import { QueueFile } from '../../main/services/jobs/queue-file';
import type { JobInput, StoredJob } from '../../main/services/jobs/queue-file';
import { silentLogger } from '../support/queue-harness';

function failedJob(id: string, input: JobInput): StoredJob {
  const job: Job = {
    id,
    fileName: 'audio.webm',
    sizeBytes: 10,
    bytesSent: 0,
    state: 'failed',
    createdAt: '2026-12-01T10:00:00.000Z',
    options: defaultTranscribeOptions,
    source: { kind: 'file' },
    durationSec: null,
    attempt: 1,
  };
  return { job, input };
}

const fileInput = (path: string): JobInput => ({ kind: 'file', path, fileName: 'audio.webm', sizeBytes: 10, contentType: 'audio/webm', durationSec: null, mtimeMs: 1, fingerprint: 'f' });

it('a job whose file is inside the data folder (a recording) finds it in the folder the queue is read from, after the folder moved', async () => {
  const root = await mkdtemp(join(tmpdir(), 'queue-file-'));
  const before = join(root, 'before');
  const elsewhere = join(root, 'my files', 'talk.webm');
  await mkdir(join(before, 'recordings', 'rec-1'), { recursive: true });
  await writeFile(join(before, 'recordings', 'rec-1', 'audio.webm'), 'audio');
  const file = new QueueFile(before, silentLogger);
  await file.save(() => [failedJob('job-rec', fileInput(join(before, 'recordings', 'rec-1', 'audio.webm'))), failedJob('job-own', fileInput(elsewhere)), failedJob('job-link', { kind: 'url', url: 'https://example.com/a.mp3' })]);
  await file.flush();
  expect(JSON.parse(await readFile(join(before, 'queue.json'), 'utf8'))).toMatchObject({ jobs: [{ input: { dataPath: 'recordings/rec-1/audio.webm' } }, { input: { path: elsewhere } }, { input: { kind: 'url' } }] });

  const after = join(root, 'after — 新');
  await cp(before, after, { recursive: true });
  const loaded = await new QueueFile(after, silentLogger).load();
  expect(loaded.map((s) => (s.input.kind === 'file' ? s.input.path : s.input.url))).toEqual([join(after, 'recordings', 'rec-1', 'audio.webm'), elsewhere, 'https://example.com/a.mp3']);
  // Read in the folder it was written in, it is where it was.
  expect((await new QueueFile(before, silentLogger).load())[0]!.input).toMatchObject({ path: join(before, 'recordings', 'rec-1', 'audio.webm') });
});

it('a place in the data folder that climbs out of it is ignored', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'queue-file-'));
  const stored = failedJob('job-x', { ...fileInput('/elsewhere/a.webm'), dataPath: '../../etc/passwd' } as JobInput);
  await writeFile(join(dataDir, 'queue.json'), JSON.stringify({ version: 1, jobs: [stored] }));
  expect((await new QueueFile(dataDir, silentLogger).load())[0]!.input).toMatchObject({ path: '/elsewhere/a.webm' });
});
