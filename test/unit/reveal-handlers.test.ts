import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { ListenResponse } from '../../common/deepgram-response';
import { AppError } from '../../common/errors';
import { libraryActionsInvokeContract } from '../../common/library-actions';
import { revealHandlers, revealUnsupported } from '../../main/services/library/reveal-handlers';
import { TranscriptStore } from '../../main/services/library/transcript-store';

const response: ListenResponse = {
  metadata: { request_id: 'req-1', duration: 2, channels: 1 },
  results: { channels: [{ alternatives: [{ transcript: 'hello there', words: [{ word: 'hello', start: 0, end: 0.4 }, { word: 'there', start: 0.5, end: 0.9 }] }] }] },
};

/** A library on disk with one transcript made from a local file, and one made from a link. */
async function library() {
  const dataDir = await mkdtemp(join(tmpdir(), 'reveal-'));
  const audio = join(dataDir, 'Meeting on the 3rd — 会議.wav');
  await writeFile(audio, Buffer.alloc(64));
  const info = await stat(audio);
  const store = new TranscriptStore(dataDir);
  const base = { sizeBytes: 64, options: defaultTranscribeOptions, requestId: null, response };
  const local = await store.save({ ...base, title: 'local', source: { media: { path: audio, sizeBytes: 64, mtimeMs: info.mtimeMs, contentType: 'audio/wav' } } });
  const link = await store.save({ ...base, title: 'link', source: { url: 'https://example.com/a.mp3' } });
  const revealed: string[] = [];
  const handlers = revealHandlers(store, (path) => revealed.push(path));
  const reveal = (id: string, what: 'transcript' | 'source') => handlers['transcripts.reveal']({ id, what });
  return { dataDir, audio, store, local, link, revealed, reveal };
}

describe('revealing a transcript’s files', () => {
  it('shows the transcript’s saved file and the local source it was made from', async () => {
    const { dataDir, audio, local, revealed, reveal } = await library();
    expect(await reveal(local.id, 'transcript')).toBe(true);
    expect(await reveal(local.id, 'source')).toBe(true);
    expect(revealed).toEqual([join(dataDir, 'transcripts', `${local.id}.response.json`), audio]);
  });

  it('answers false and asks nothing of the OS when there is no file on this computer', async () => {
    const { audio, local, link, store, revealed, reveal } = await library();
    // A link has no local source.
    expect(await reveal(link.id, 'source')).toBe(false);
    // A source moved or deleted since.
    await rm(audio);
    expect(await reveal(local.id, 'source')).toBe(false);
    // A transcript in the trash, and one that never was.
    await store.moveToTrash(link.id);
    expect(await reveal(link.id, 'transcript')).toBe(false);
    expect(await reveal('nothing-here', 'transcript')).toBe(false);
    expect(await reveal('nothing-here', 'source')).toBe(false);
    expect(revealed).toEqual([]);
  });

  it('refuses what is not a transcript id, so no path can be made from the window’s input', async () => {
    const { revealed, reveal } = await library();
    await expect(reveal('../../etc/passwd', 'transcript')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(libraryActionsInvokeContract['transcripts.reveal'].args.safeParse([{ id: '../x', what: 'transcript' }]).success).toBe(false);
    expect(libraryActionsInvokeContract['transcripts.reveal'].args.safeParse([{ id: 'abc', what: 'folder' }]).success).toBe(false);
    expect(revealed).toEqual([]);
  });

  it('without a file manager, tells the window so', () => {
    expect(() => revealUnsupported()).toThrow(AppError);
  });
});
