import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
