import { cp, lstat, mkdir, mkdtemp, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { AppError } from '../../common/errors';
import { MediaSource } from '../../main/services/library/media-source';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import type { SourceKeeper } from '../../main/services/library/transcript-store';
import { SourceCopies } from '../../main/services/storage/source-copies';
import { diskIo } from '../../main/services/storage/verified-copy';
import type { CopyIo } from '../../main/services/storage/verified-copy';
import { convert, speechWav } from '../support/audio';
import { makeResponse, word } from '../support/export-helpers';

const run = promisify(execFile);
let root: string;
let wav: string;
let webm: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'store-audio-'));
  wav = await speechWav(root, 'Delete the transcript and its audio, then bring both back.');
  webm = await convert(wav, join(root, 'speech.webm'), ['-c:a', 'libopus']);
}, 60_000);

let counter = 0;
async function freshDataDir(): Promise<string> {
  counter += 1;
  const dir = join(root, `data-${counter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A finished recording's folder as the recording service leaves it, with real audio. */
async function recording(dataDir: string, id: string): Promise<string> {
  const dir = join(dataDir, 'recordings', id);
  await mkdir(dir, { recursive: true });
  await cp(webm, join(dir, 'audio.webm'));
  await writeFile(join(dir, 'recording.json'), JSON.stringify({ version: 1, recording: { id } }));
  return join(dir, 'audio.webm');
}

/** Saves a transcript of `path` the way the queue does. */
async function transcribed(store: TranscriptStore, path: string, title = 'speech'): Promise<string> {
  const info = await stat(path);
  const summary = await store.save({
    title,
    sizeBytes: info.size,
    options: defaultTranscribeOptions,
    requestId: null,
    response: makeResponse([{ words: [word('delete', 0, 0.5)] }], { duration: 3 }),
    source: { jobId: `job-${title}`, fingerprint: 'f', optionsKey: '{}', media: { path, sizeBytes: info.size, mtimeMs: info.mtimeMs, contentType: 'audio/webm' } },
  });
  return summary.id;
}

const exists = async (path: string): Promise<boolean> => (await lstat(path).catch(() => null)) !== null;

describe('deleting a transcript with its audio', () => {
  it('takes a recording with it, brings both back on undo, and removes both when the trash is emptied', async () => {
    const dataDir = await freshDataDir();
    const audio = await recording(dataDir, 'rec-1');
    const bytes = await readFile(audio);
    const store = new TranscriptStore(dataDir);
    const id = await transcribed(store, audio);
    expect(await store.deleteOptions(id)).toEqual({ audio: 'owned' });

    await store.moveToTrash(id, { withAudio: true });
    expect(await store.list()).toEqual([]);
    expect(await exists(join(dataDir, 'recordings', 'rec-1'))).toBe(false);

    const back = await store.restore(id);
    expect(back.id).toBe(id);
    expect(await readFile(audio)).toEqual(bytes);
    expect(await exists(join(dataDir, 'recordings', 'rec-1', 'recording.json'))).toBe(true);
    const media = await new MediaSource(store).describe(id);
    expect(media.available).toBe(true);

    await store.moveToTrash(id, { withAudio: true });
    // The next start: a new store on the same folder empties the trash.
    await new TranscriptStore(dataDir).emptyTrash();
    expect(await exists(join(dataDir, 'recordings', 'rec-1'))).toBe(false);
    expect(await exists(join(dataDir, 'transcripts', 'trash'))).toBe(false);
    await expect(store.restore(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a delete cut short after its audio moved puts the audio back at the next start, since the transcript is still listed', async () => {
    const dataDir = await freshDataDir();
    const audio = await recording(dataDir, 'rec-crash');
    const store = new TranscriptStore(dataDir);
    const id = await transcribed(store, audio);
    // The state a crash leaves between the audio's move and the library entry's.
    const bin = join(dataDir, 'transcripts', 'trash', id);
    await mkdir(join(bin, 'audio'), { recursive: true });
    await writeFile(join(bin, 'audio.json'), JSON.stringify({ version: 1, unit: 'recordings/rec-crash' }));
    await rename(join(dataDir, 'recordings', 'rec-crash'), join(bin, 'audio', 'recordings-rec-crash'));
    expect((await new MediaSource(store).describe(id)).available).toBe(false);

    await new TranscriptStore(dataDir).emptyTrash();
    expect((await store.list()).map((s) => s.id)).toEqual([id]);
    expect(await readFile(audio)).toEqual(await readFile(webm));
    expect((await new MediaSource(store).describe(id)).available).toBe(true);
    expect(await exists(join(dataDir, 'transcripts', 'trash'))).toBe(false);
  });

  it('when the audio cannot be moved (here: on another disk), nothing is deleted', async (context) => {
    const dataDir = await freshDataDir();
    const recordings = join(dataDir, 'recordings');
    await mkdir(recordings, { recursive: true });
    const mounted = await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', recordings]).then(
      () => true,
      () => false,
    );
    if (!mounted) context.skip('cannot mount a tmpfs here (needs root)');
    try {
      const audio = await recording(dataDir, 'rec-elsewhere');
      const store = new TranscriptStore(dataDir);
      const id = await transcribed(store, audio);
      await expect(store.moveToTrash(id, { withAudio: true })).rejects.toMatchObject({ code: 'SAVE_FAILED' });
      expect((await store.list()).map((s) => s.id)).toEqual([id]);
      expect(await readFile(audio)).toEqual(await readFile(webm));
      expect(await exists(join(dataDir, 'transcripts', 'trash', id))).toBe(false);
    } finally {
      if (mounted) await run('umount', [recordings]);
    }
  });

  it('without the audio, leaves the recording where it is', async () => {
    const dataDir = await freshDataDir();
    const audio = await recording(dataDir, 'rec-2');
    const store = new TranscriptStore(dataDir);
    const id = await transcribed(store, audio);
    await store.moveToTrash(id);
    await store.emptyTrash();
    expect(await readFile(audio)).toEqual(await readFile(webm));
  });

  it('never deletes a linked file of the user’s, and refuses to when asked', async () => {
    const dataDir = await freshDataDir();
    const mine = join(root, `mine-${counter}.wav`);
    await cp(wav, mine);
    const store = new TranscriptStore(dataDir);
    const id = await transcribed(store, mine);
    expect(await store.deleteOptions(id)).toEqual({ audio: 'linked' });
    const refused = await store.moveToTrash(id, { withAudio: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('INVALID_ARGUMENT');
    expect((await store.list()).map((s) => s.id)).toEqual([id]);
    await store.moveToTrash(id);
    await store.emptyTrash();
    expect(await readFile(mine)).toEqual(await readFile(wav));
  });

  it('does not offer to delete audio another transcript uses, nor audio of a link (URL) transcript', async () => {
    const dataDir = await freshDataDir();
    const audio = await recording(dataDir, 'rec-3');
    const store = new TranscriptStore(dataDir);
    const first = await transcribed(store, audio, 'first');
    const second = await transcribed(store, audio, 'second');
    expect(await store.deleteOptions(first)).toEqual({ audio: 'shared' });
    await expect(store.moveToTrash(second, { withAudio: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await store.moveToTrash(second);
    expect(await store.deleteOptions(first)).toEqual({ audio: 'owned' });
    const url = await store.save({ title: 'link', sizeBytes: 0, options: defaultTranscribeOptions, requestId: null, response: makeResponse([{ words: [word('a', 0, 1)] }]), source: { url: 'https://example.com/a.mp3' } });
    expect(await store.deleteOptions(url.id)).toEqual({ audio: 'none' });
  });

  it('finds owned audio inside the data folder after the folder moved, older entries included once anchored', async () => {
    const dataDir = await freshDataDir();
    const audio = await recording(dataDir, 'rec-4');
    const store = new TranscriptStore(dataDir);
    const id = await transcribed(store, audio);
    // An entry written before owned media was recorded by its place in the folder: an absolute path only.
    const legacyAudio = await recording(dataDir, 'rec-5');
    const legacy = await transcribed(store, legacyAudio, 'legacy');
    const metaPath = join(dataDir, 'transcripts', `${legacy}.meta.json`);
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { source: { media: Record<string, unknown> } };
    delete meta.source.media.dataPath;
    await writeFile(metaPath, JSON.stringify(meta));
    expect(await store.anchorOwnedMedia()).toBe(1);

    const movedDir = join(root, `moved-${counter}`);
    await cp(dataDir, movedDir, { recursive: true, preserveTimestamps: true });
    const moved = new TranscriptStore(movedDir);
    expect((await moved.mediaFile(id))?.media?.path).toBe(join(movedDir, 'recordings', 'rec-4', 'audio.webm'));
    expect((await moved.mediaFile(legacy))?.media?.path).toBe(join(movedDir, 'recordings', 'rec-5', 'audio.webm'));
    expect(await moved.deleteOptions(id)).toEqual({ audio: 'owned' });
  });
});

describe('keeping a copy of the source', () => {
  const keeper = (dataDir: string, keep: boolean, io?: CopyIo, notices: { fileName: string; reason: string }[] = []): SourceKeeper =>
    new SourceCopies({ dataDir, keepSourceCopies: async () => keep, logger: { warn: () => undefined }, onNotCopied: (n) => notices.push(n), ...(io ? { io } : {}) });

  it('links to the original by default, and copies it into the data folder (checked) when chosen', async () => {
    const dataDir = await freshDataDir();
    const original = join(root, `original-${counter}.webm`);
    await cp(webm, original);
    const linked = new TranscriptStore(dataDir, undefined, { sources: keeper(dataDir, false) });
    const linkId = await transcribed(linked, original, 'linked');
    expect((await linked.mediaFile(linkId))?.media?.path).toBe(original);
    expect(await linked.deleteOptions(linkId)).toEqual({ audio: 'linked' });

    const copying = new TranscriptStore(dataDir, undefined, { sources: keeper(dataDir, true) });
    const copyId = await transcribed(copying, original, 'copied');
    const copyPath = (await copying.mediaFile(copyId))?.media?.path ?? '';
    expect(copyPath.startsWith(join(dataDir, 'sources'))).toBe(true);
    expect(copyPath.endsWith(`original-${counter}.webm`)).toBe(true);
    expect(await readFile(copyPath)).toEqual(await readFile(original));
    expect(await copying.deleteOptions(copyId)).toEqual({ audio: 'owned' });
    // The player serves the copy even after the original is gone.
    await writeFile(original, 'replaced');
    expect((await new MediaSource(copying).describe(copyId)).available).toBe(true);
    const entries = await readdir(join(dataDir, 'sources'), { recursive: true });
    expect(entries.filter((e) => e.endsWith('.part'))).toEqual([]);
  });

  it('keeps a link when the file changed after it was transcribed, or when the copy fails (full disk, or it reads back wrong)', async () => {
    const dataDir = await freshDataDir();
    const original = join(root, `changing-${counter}.webm`);
    await cp(webm, original);
    const info = await stat(original);
    // Each time the user is told which file stays a link and why, in words without paths.
    const notices: { fileName: string; reason: string }[] = [];
    const store = new TranscriptStore(dataDir, undefined, { sources: keeper(dataDir, true, undefined, notices) });
    const media = { path: original, sizeBytes: info.size, mtimeMs: info.mtimeMs - 5000, contentType: 'audio/webm' };
    const changed = await store.save({ title: 'changed', sizeBytes: info.size, options: defaultTranscribeOptions, requestId: null, response: makeResponse([{ words: [word('a', 0, 1)] }]), source: { media } });
    expect((await store.mediaFile(changed.id))?.media?.path).toBe(original);

    const full: CopyIo = {
      ...diskIo,
      openWrite: async (path) => {
        const real = await diskIo.openWrite(path);
        return { ...real, write: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) };
      },
    };
    const failing = new TranscriptStore(dataDir, undefined, { sources: keeper(dataDir, true, full, notices) });
    const id = await transcribed(failing, original, 'full');
    expect((await failing.mediaFile(id))?.media?.path).toBe(original);
    expect(await readdir(join(dataDir, 'sources')).catch(() => [])).toEqual([]);

    // A copy that does not read back as it was written is not trusted either.
    const corrupting: CopyIo = {
      ...diskIo,
      openWrite: async (path) => {
        const real = await diskIo.openWrite(path);
        return { ...real, write: (chunk) => real.write(Buffer.from(chunk).fill(1, 0, 1)) };
      },
    };
    const corrupt = new TranscriptStore(dataDir, undefined, { sources: keeper(dataDir, true, corrupting, notices) });
    const corruptId = await transcribed(corrupt, original, 'corrupt');
    expect((await corrupt.mediaFile(corruptId))?.media?.path).toBe(original);
    expect(await readdir(join(dataDir, 'sources')).catch(() => [])).toEqual([]);

    const fileName = `changing-${counter}.webm`;
    expect(notices).toEqual([
      { fileName, reason: 'it changed or went away after it was transcribed' },
      { fileName, reason: 'the disk of the data folder is full' },
      { fileName, reason: 'the copy does not match the original: the disk may be failing' },
    ]);
  });

  it('clears what a copy cut short by a crash left, and nothing else', async () => {
    const dataDir = await freshDataDir();
    const sources = join(dataDir, 'sources');
    await mkdir(join(sources, 'cut-short'), { recursive: true });
    await writeFile(join(sources, 'cut-short', 'meeting.wav.part'), 'half');
    await mkdir(join(sources, 'kept'), { recursive: true });
    await writeFile(join(sources, 'kept', 'talk.wav'), 'whole');
    const copies = new SourceCopies({ dataDir, keepSourceCopies: async () => true, logger: { warn: () => undefined } });
    expect(await copies.sweep()).toBe(1);
    expect(await readdir(sources)).toEqual(['kept']);
    expect(await readFile(join(sources, 'kept', 'talk.wav'), 'utf8')).toBe('whole');
  });
});
