import { copyFile, mkdtemp, open, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { transcriptMediaSchema } from '../../common/transcript-media';
import { checkMediaFile } from '../../main/services/files/media-file-check';
import { MediaSource } from '../../main/services/library/media-source';
import type { MediaOpen } from '../../main/services/library/media-source';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import type { DeepgramDouble } from '../deepgram-double/server';
import { convert, speechWav } from '../support/audio';
import { startTrustedDouble } from '../support/double';
import { makeResponse, word } from '../support/export-helpers';
import { startQueueHarness } from '../support/queue-harness';

let dir: string;
let wav: string;
let webm: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-source-'));
  wav = await speechWav(dir, 'The player plays the file that was transcribed.');
  webm = await convert(wav, join(dir, 'speech.webm'), ['-c:a', 'libopus']);
}, 60_000);

/** Saves a transcript of `path` the way the queue does, from what the file check saw. */
async function transcribed(store: TranscriptStore, path: string): Promise<string> {
  const check = await checkMediaFile(path);
  if (!check.ok) throw new Error(check.reason);
  const { file } = check;
  const summary = await store.save({
    title: file.fileName,
    sizeBytes: file.sizeBytes,
    options: defaultTranscribeOptions,
    requestId: null,
    response: makeResponse([{ words: [word('hello', 0, 0.5)] }], { duration: 2.5 }),
    source: { jobId: `job-${file.fileName}`, fingerprint: file.fingerprint, optionsKey: '{}', media: { path: file.path, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, contentType: file.contentType } },
  });
  return summary.id;
}

async function served(result: MediaOpen): Promise<Buffer> {
  if (!result.ok) throw new Error(`not served: ${result.reason}`);
  const { handle, size } = result.file;
  const bytes = Buffer.alloc(size);
  await handle.read(bytes, 0, size, 0);
  await handle.close();
  return bytes;
}

function reasonOf(result: MediaOpen): string {
  return result.ok ? 'ok' : result.reason;
}

describe('media source', () => {
  it('opens the transcribed file with a type a media element plays, and describes it without its path', async () => {
    const store = new TranscriptStore(join(dir, 'data-1'));
    const media = new MediaSource(store);
    for (const [path, type] of [[wav, 'audio/wav'], [webm, 'video/webm']] as const) {
      const id = await transcribed(store, path);
      const opened = await media.open(id);
      expect(opened.ok && opened.file.contentType).toBe(type);
      expect((await served(opened)).equals(await readFile(path))).toBe(true);
      const described = await media.describe(id);
      expect(transcriptMediaSchema.parse(described)).toEqual({ available: true, contentType: type, sizeBytes: (await stat(path)).size, durationSec: 2.5 });
      expect(JSON.stringify(described)).not.toContain(dir);
    }
  });

  it('reports a moved or deleted file as missing', async () => {
    const store = new TranscriptStore(join(dir, 'data-2'));
    const media = new MediaSource(store);
    const path = join(dir, 'moved.wav');
    await copyFile(wav, path);
    const id = await transcribed(store, path);
    await rename(path, join(dir, 'moved-away.wav'));
    expect(reasonOf(await media.open(id))).toBe('missing');
    const described = await media.describe(id);
    expect(described).toMatchObject({ available: false, reason: 'missing' });
    expect(JSON.stringify(described)).not.toContain(dir);
    await rename(join(dir, 'moved-away.wav'), path);
    expect(reasonOf(await media.open(id))).toBe('ok');
    await rm(path);
    expect(reasonOf(await media.open(id))).toBe('missing');
  });

  it('refuses a file changed since it was transcribed, and serves one only touched or copied back', async () => {
    const store = new TranscriptStore(join(dir, 'data-3'));
    const media = new MediaSource(store);
    const path = join(dir, 'edited.wav');
    await copyFile(wav, path);
    const id = await transcribed(store, path);

    // Same content, new modification time: the fingerprint vouches for it.
    const later = new Date(Date.now() + 60_000);
    await utimes(path, later, later);
    expect(reasonOf(await media.open(id))).toBe('ok');

    // Same size, other bytes, new time: refused.
    const handle = await open(path, 'r+');
    await handle.write(Buffer.alloc(4096, 7), 0, 4096, 2000);
    await handle.close();
    const after = new Date(Date.now() + 120_000);
    await utimes(path, after, after);
    expect(reasonOf(await media.open(id))).toBe('changed');

    // Another size: refused without reading it.
    await writeFile(path, Buffer.concat([await readFile(wav), Buffer.alloc(10)]));
    expect(reasonOf(await media.open(id))).toBe('changed');
    expect(await media.describe(id)).toMatchObject({ available: false, reason: 'changed' });

    // A folder in its place is not served either.
    await rm(path);
    await import('node:fs/promises').then((fs) => fs.mkdir(path));
    expect(reasonOf(await media.open(id))).toBe('missing');
  });

  it('has no media for links, for entries saved before media was kept, and nothing for unknown ids', async () => {
    const data = join(dir, 'data-4');
    const store = new TranscriptStore(data);
    const media = new MediaSource(store);
    const link = await store.save({
      title: 'talk.mp3',
      sizeBytes: 0,
      options: defaultTranscribeOptions,
      requestId: null,
      response: makeResponse([{ words: [word('hi', 0, 1)] }]),
      source: { jobId: 'job-link', url: 'https://example.com/talk.mp3' },
    });
    expect(reasonOf(await media.open(link.id))).toBe('no-media');
    expect(await media.describe(link.id)).toMatchObject({ available: false, reason: 'no-media' });

    // A meta file as version 1 wrote it before media was kept: listed as before, no media.
    const oldId = await transcribed(store, wav);
    const metaPath = join(data, 'transcripts', `${oldId}.meta.json`);
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { version: number; source: Record<string, unknown> };
    delete meta.source['media'];
    await writeFile(metaPath, JSON.stringify(meta));
    expect((await store.list()).map((t) => t.id)).toContain(oldId);
    expect(reasonOf(await media.open(oldId))).toBe('no-media');

    for (const id of ['nope', '../data-1', '']) expect(reasonOf(await media.open(id))).toBe('not-found');
    await expect(media.describe('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the queue keeps the source file of what it transcribes', () => {
  let double: DeepgramDouble;
  beforeAll(async () => {
    double = await startTrustedDouble();
  });
  afterAll(() => double.close());

  it('a file job saves its source file, which the player then serves', async () => {
    const harness = await startQueueHarness(double);
    const path = join(dir, 'queued.wav');
    await copyFile(wav, path);
    const { jobs } = await harness.queue.start([path], defaultTranscribeOptions, true);
    const job = await harness.settled(jobs[0]!.id);
    expect(job.state).toBe('done');
    const transcript = await harness.transcripts.findByJob(job.id);
    const media = new MediaSource(harness.transcripts);
    expect((await served(await media.open(transcript!.id))).equals(await readFile(wav))).toBe(true);
    const meta = await readFile(join(harness.dataDir, 'transcripts', `${transcript!.id}.meta.json`), 'utf8');
    expect(JSON.parse(meta)).toMatchObject({ version: 1, source: { media: { path, sizeBytes: (await stat(path)).size, contentType: 'audio/wav' } } });
  }, 60_000);
});
