import { randomBytes } from 'node:crypto';
import { mkdtemp, open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { SearchDoc } from '../../common/transcript/search-segments';
import { SearchIndex } from '../../main/services/library/search-index';

function doc(id: string, text: string): SearchDoc {
  return { id, title: `Call ${id}`, createdAt: '2026-04-01T00:00:00.000Z', durationSec: 5, revision: 'r1', speakerNames: {}, segments: [{ start: 1, end: 4, speaker: null, channel: 0, text }] };
}

describe('SearchIndex consistency check', () => {
  it('says results may be incomplete while it runs, and not after', async () => {
    const index = SearchIndex.open(await mkdtemp(join(tmpdir(), 'search-sync-')));
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const loaded: string[] = [];
      const running = index.sync([{ id: 'a', revision: 'r1' }, { id: 'b', revision: 'r1' }], async (id) => {
        loaded.push(id);
        if (id === 'b') await gate;
        return doc(id, `orchard ${id}`);
      });
      await expect.poll(() => loaded).toEqual(['a', 'b']);
      const during = index.search('orchard');
      expect(during.indexing).toBe(true);
      expect(during.hits.map((h) => h.id)).toEqual(['a']);
      release();
      expect(await running).toEqual({ added: ['a', 'b'], updated: [], removed: [], unchanged: 0, failed: [] });
      const after = index.search('orchard');
      expect(after.indexing).toBe(false);
      expect(after.hits.map((h) => h.id).sort()).toEqual(['a', 'b']);
      expect(after.hits[0]!.moments[0]).toMatchObject({ segmentIndex: 0, start: 1, speaker: null, speakerName: '' });
    } finally {
      index.close();
    }
  });

  it('stops when aborted, keeping what it indexed so far, and the next check finishes the job', async () => {
    const index = SearchIndex.open(await mkdtemp(join(tmpdir(), 'search-sync-')));
    try {
      const controller = new AbortController();
      const entries = ['a', 'b', 'c'].map((id) => ({ id, revision: 'r1' }));
      const first = index.sync(entries, (id) => {
        if (id === 'b') controller.abort();
        return Promise.resolve(doc(id, `meadow ${id}`));
      }, controller.signal);
      await expect(first).rejects.toThrow(/abort/i);
      expect([...index.revisions().keys()].sort()).toEqual(['a', 'b']);
      const second = await index.sync(entries, (id) => Promise.resolve(doc(id, `meadow ${id}`)));
      expect(second).toMatchObject({ added: ['c'], unchanged: 2 });
      expect(index.search('meadow').totalTranscripts).toBe(3);
    } finally {
      index.close();
    }
  });

  it('starts over when the index is found damaged in the middle of a check, so nothing is left out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'search-sync-'));
    const index = SearchIndex.open(dir);
    try {
      const filler = ' word'.repeat(400);
      for (const id of ['a', 'b']) index.upsert(doc(id, `harvest ${id}${filler}`));
      const resets: number[] = [];
      const load = async (id: string): Promise<SearchDoc> => {
        if (id === 'c' && resets.length === 0) {
          resets.push(1);
          // Another writer makes the open connection reread the file, whose pages are then overwritten.
          const other = new DatabaseSync(index.path);
          other.exec('CREATE TABLE scratch (x)');
          other.close();
          const { size } = await stat(index.path);
          const handle = await open(index.path, 'r+');
          for (let at = 4096; at < size; at += 4096) await handle.write(randomBytes(4096), 0, 4096, at);
          await handle.close();
        }
        return doc(id, `harvest ${id}`);
      };
      const report = await index.sync(['a', 'b', 'c'].map((id) => ({ id, revision: 'r1' })), load);
      expect(report.added.sort()).toEqual(['a', 'b']);
      expect(index.search('harvest').hits.map((h) => h.id).sort()).toEqual(['a', 'b', 'c']);
    } finally {
      index.close();
    }
  });
});
