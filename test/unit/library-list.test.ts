import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { ListenResponse } from '../../common/deepgram-response';
import { TranscriptStore } from '../../main/services/library/transcript-store';

const response: ListenResponse = {
  metadata: { request_id: 'req-1', duration: 12.5, channels: 1 },
  results: { channels: [{ alternatives: [{ transcript: 'hello there', words: [{ word: 'hello', start: 0, end: 0.4 }, { word: 'there', start: 0.5, end: 0.9 }] }] }] },
};

async function library(): Promise<{ dataDir: string; store: TranscriptStore; listFile: string; metaFile: (id: string) => string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'library-list-'));
  let clock = Date.parse('2026-03-01T09:00:00Z');
  const store = new TranscriptStore(dataDir, () => new Date((clock += 60_000)));
  return {
    dataDir,
    store,
    listFile: join(dataDir, 'transcripts', 'library-list.json'),
    metaFile: (id) => join(dataDir, 'transcripts', `${id}.meta.json`),
  };
}

const save = (store: TranscriptStore, title: string) => store.save({ title, sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });

/** Gives an entry another title in its entry file alone, as a run that crashed before updating the list would leave it. */
async function retitleBehindTheList(metaFile: string, title: string): Promise<void> {
  const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { summary: { title: string } };
  meta.summary.title = title;
  await writeFile(metaFile, JSON.stringify(meta));
}

describe('the saved library list', () => {
  it('lists from the one saved file, not from the entry files, until a check brings it in line', async () => {
    const { store, metaFile } = await library();
    const a = await save(store, 'a.wav');
    const b = await save(store, 'b.wav');
    expect(await store.entries()).toEqual([
      { id: b.id, title: 'b.wav', createdAt: b.createdAt, durationSec: 12.5 },
      { id: a.id, title: 'a.wav', createdAt: a.createdAt, durationSec: 12.5 },
    ]);

    await retitleBehindTheList(metaFile(a.id), 'a — renamed by a crashed run');
    expect((await store.entries()).map((e) => e.title)).toEqual(['b.wav', 'a.wav']);

    const check = await store.check();
    expect(check.changed.map((s) => [s.id, s.title])).toEqual([[a.id, 'a — renamed by a crashed run']]);
    expect(check.removed).toEqual([]);
    expect((await store.entries()).map((e) => e.title)).toEqual(['b.wav', 'a — renamed by a crashed run']);
    expect(await store.check()).toEqual({ damaged: [], changed: [], removed: [] });
  });

  it('a check adds an entry the list lacks and drops one whose files are gone', async () => {
    const { dataDir, store, metaFile } = await library();
    const kept = await save(store, 'kept.wav');
    const gone = await save(store, 'gone.wav');
    const listed = await store.entries();
    // An entry written without the list (a crash just after it), and one removed by hand.
    const late = await save(store, 'late.wav');
    await writeFile(join(dataDir, 'transcripts', 'library-list.json'), JSON.stringify({ version: 1, entries: listed }));
    await rm(metaFile(gone.id));
    expect((await store.entries()).map((e) => e.id)).toEqual([gone.id, kept.id]);

    const check = await store.check();
    expect(check.changed.map((s) => s.id)).toEqual([late.id]);
    expect(check.removed).toEqual([gone.id]);
    expect((await store.entries()).map((e) => e.id)).toEqual([late.id, kept.id]);
  });

  it('is built from the entry files when missing or unreadable, and then saved', async () => {
    const { store, listFile } = await library();
    const a = await save(store, 'a.wav');
    await store.entries();
    await rm(listFile);
    await save(store, 'b.wav');
    // Without a saved list, a save writes none: the next listing builds it from every entry file.
    await expect(readFile(listFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await store.entries()).map((e) => e.title)).toEqual(['b.wav', 'a.wav']);
    expect((JSON.parse(await readFile(listFile, 'utf8')) as { entries: unknown[] }).entries).toHaveLength(2);

    await writeFile(listFile, '{"version":1,"entries":[{"id":');
    expect((await store.entries()).map((e) => e.id)).toContain(a.id);
    expect((JSON.parse(await readFile(listFile, 'utf8')) as { version: number }).version).toBe(1);
    // A list written by a newer version is not trusted either.
    await writeFile(listFile, JSON.stringify({ version: 2, entries: [] }));
    expect(await store.entries()).toHaveLength(2);
    // Nor one with an entry whose id is not an id.
    await writeFile(listFile, JSON.stringify({ version: 1, entries: [{ id: '../outside', title: 'x', createdAt: '2026-01-01T00:00:00.000Z', durationSec: 1 }] }));
    expect((await store.entries()).map((e) => e.title)).toEqual(['b.wav', 'a.wav']);
  });

  it('follows every change of the library: save, rename, delete, undo, removal of a damaged entry', async () => {
    const { dataDir, store } = await library();
    const a = await save(store, 'a.wav');
    const b = await save(store, 'b.wav');
    await store.entries();
    await store.rename(a.id, 'Interview — 会議');
    await store.moveToTrash(b.id);
    expect((await store.entries()).map((e) => e.title)).toEqual(['Interview — 会議']);
    await store.restore(b.id);
    expect((await store.entries()).map((e) => e.title)).toEqual(['b.wav', 'Interview — 会議']);
    await mkdir(join(dataDir, 'transcripts'), { recursive: true });
    await writeFile(join(dataDir, 'transcripts', 'broken-1.meta.json'), '{"version":1,"summ');
    await store.removeDamaged('broken-1');
    // Nothing was left for a check to correct.
    expect(await store.check()).toEqual({ damaged: [], changed: [], removed: [] });
    expect(await store.entries()).toEqual((await store.list()).map(({ id, title, createdAt, durationSec }) => ({ id, title, createdAt, durationSec })));
  });

  it('loses no entry when two stores of the same folder save many at once', async () => {
    const { dataDir, store } = await library();
    await store.entries();
    const other = new TranscriptStore(dataDir);
    const saved = await Promise.all(Array.from({ length: 24 }, (_, i) => save(i % 2 === 0 ? store : other, `meeting ${i}.wav`)));
    expect(new Set((await new TranscriptStore(dataDir).entries()).map((e) => e.id))).toEqual(new Set(saved.map((s) => s.id)));
    expect((await store.check()).changed).toEqual([]);
  });

  it('a list that cannot be written never fails a save, and is not trusted afterwards', async () => {
    const { store, listFile } = await library();
    await save(store, 'a.wav');
    await rm(listFile, { force: true });
    // A folder where the list goes: every write of it fails.
    await mkdir(listFile, { recursive: true });
    await writeFile(join(listFile, 'keep'), '');
    const b = await save(store, 'b.wav');
    await store.rename(b.id, 'b renamed');
    expect((await store.entries()).map((e) => e.title)).toEqual(['b renamed', 'a.wav']);
  });
});
