import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { ListenResponse } from '../../common/deepgram-response';
import { TranscriptStore } from '../../main/services/library/transcript-store';

const response: ListenResponse = {
  metadata: { request_id: 'req-1', duration: 12.5, channels: 1 },
  results: { channels: [{ alternatives: [{ transcript: 'hello there', words: [{ word: 'hello', start: 0, end: 0.4 }, { word: 'there', start: 0.5, end: 0.9 }] }] }] },
};

const execFileAsync = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

/** Saves a transcript with a large response in a child process that may write at most `limit` bytes per file (as on a full disk). */
async function saveWithSizeLimit(dataDir: string, limit: number): Promise<{ ok: boolean; code?: string }> {
  const script = [
    `const { TranscriptStore } = await import(${JSON.stringify(join(root, 'main/services/library/transcript-store.ts'))});`,
    `const { defaultTranscribeOptions } = await import(${JSON.stringify(join(root, 'common/domain.ts'))});`,
    "const words = Array.from({ length: 20000 }, (_, i) => ({ word: 'word', start: i, end: i + 0.5 }));",
    "const response = { metadata: { request_id: 'req-big', duration: 20000, channels: 1 }, results: { channels: [{ alternatives: [{ transcript: 'word '.repeat(20000), words }] }] } };",
    'try {',
    "  await new TranscriptStore(process.argv[1]).save({ title: 'long.wav', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });",
    '  process.stdout.write(JSON.stringify({ ok: true }));',
    '} catch (error) {',
    '  process.stdout.write(JSON.stringify({ ok: false, code: error.code }));',
    '}',
  ].join('\n');
  const { stdout } = await execFileAsync('prlimit', [`--fsize=${limit}`, '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script, dataDir], { cwd: root });
  return JSON.parse(stdout) as { ok: boolean; code?: string };
}

describe('TranscriptStore', () => {
  it('saves, lists newest first and reads back the raw response after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'library-'));
    let clock = Date.parse('2026-01-01T10:00:00Z');
    const store = new TranscriptStore(dir, () => new Date((clock += 1000)));
    const first = await store.save({ title: 'a.wav', sizeBytes: 10, options: defaultTranscribeOptions, requestId: null, response });
    const second = await store.save({ title: 'b.wav', sizeBytes: 20, options: defaultTranscribeOptions, requestId: 'hdr', response });
    expect(first).toMatchObject({ title: 'a.wav', durationSec: 12.5, requestId: 'req-1' });
    expect(second.requestId).toBe('hdr');

    const reopened = new TranscriptStore(dir);
    expect((await reopened.list()).map((t) => t.title)).toEqual(['b.wav', 'a.wav']);
    const loaded = await reopened.get(first.id);
    expect(loaded.summary).toEqual(first);
    expect(loaded.response).toEqual(response);
    expect((await readdir(join(dir, 'transcripts'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('skips damaged entries in the list and reports them as missing on open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'library-'));
    const store = new TranscriptStore(dir);
    const good = await store.save({ title: 'ok.wav', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
    await writeFile(join(dir, 'transcripts', 'broken.meta.json'), '{ not json');
    await writeFile(join(dir, 'transcripts', `${good.id}.response.json`), '{"version":1,"response":{"nope":true}}');
    expect((await store.list()).map((t) => t.id)).toEqual([good.id]);
    await expect(store.get(good.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.get('../../etc')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('lists a transcript only once its response is complete on disk: a failed save leaves nothing listed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'library-'));
    // The summary fits under the limit, the response does not.
    expect(await saveWithSizeLimit(dir, 64 * 1024)).toEqual({ ok: false, code: 'SAVE_FAILED' });
    expect(await new TranscriptStore(dir).list()).toEqual([]);
    expect((await readdir(join(dir, 'transcripts'))).filter((f) => f.endsWith('.json'))).toEqual([]);
  });
});

describe('managing the library', () => {
  const save = (store: TranscriptStore, title: string) => store.save({ title, sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });

  it('renames an entry on disk without touching its response', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'library-'));
    const store = new TranscriptStore(dataDir);
    const saved = await save(store, 'a.wav');
    const before = await readFile(join(dataDir, 'transcripts', `${saved.id}.response.json`), 'utf8');
    await store.rename(saved.id, 'Interview — 会議');
    expect((await new TranscriptStore(dataDir).list()).map((t) => t.title)).toEqual(['Interview — 会議']);
    expect(await readFile(join(dataDir, 'transcripts', `${saved.id}.response.json`), 'utf8')).toBe(before);
    await expect(store.rename('nope', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a deleted transcript leaves the list with its corrections, comes back on undo, and is gone once the trash is emptied', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'library-'));
    const store = new TranscriptStore(dataDir);
    const kept = await save(store, 'kept.wav');
    const gone = await save(store, 'gone.wav');
    await writeFile(join(dataDir, 'transcripts', `${gone.id}.edits.json`), '{"version":1}');
    await store.moveToTrash(gone.id);
    expect((await store.list()).map((t) => t.id)).toEqual([kept.id]);
    await expect(store.get(gone.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.restore(gone.id)).toMatchObject({ id: gone.id, title: 'gone.wav' });
    expect((await store.get(gone.id)).summary.title).toBe('gone.wav');
    expect(await readFile(join(dataDir, 'transcripts', `${gone.id}.edits.json`), 'utf8')).toBe('{"version":1}');

    await store.moveToTrash(gone.id);
    await store.emptyTrash();
    await expect(store.restore(gone.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await readdir(join(dataDir, 'transcripts'))).filter((f) => f.startsWith(gone.id) || f === 'trash')).toEqual([]);
  });

  it('names damaged entries without hiding the others, and removes only the one asked for', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'library-'));
    const store = new TranscriptStore(dataDir);
    const good = await save(store, 'good.wav');
    await writeFile(join(dataDir, 'transcripts', 'broken-1.meta.json'), '{"version":1,"summ');
    await writeFile(join(dataDir, 'transcripts', 'broken-1.response.json'), '{}');
    expect((await store.list()).map((t) => t.id)).toEqual([good.id]);
    expect((await store.check()).damaged).toEqual([{ id: 'broken-1', message: expect.stringContaining('cannot be read') }]);
    await store.removeDamaged('broken-1');
    expect((await store.check()).damaged).toEqual([]);
    expect((await readdir(join(dataDir, 'transcripts'))).filter((f) => f.startsWith('broken-1'))).toEqual([]);
    expect((await store.list()).map((t) => t.id)).toEqual([good.id]);
  });
});
