import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../common/contract';
import { listenResponseSchema } from '../../common/deepgram-response';
import type { ListenResponse } from '../../common/deepgram-response';
import { defaultTranscribeOptions } from '../../common/domain';
import type { EventSink } from '../../main/services/events';
import type { Logger } from '../../main/services/logging/logger';
import { LibrarySearch } from '../../main/services/library/library-search';
import { searchIndexFileName } from '../../main/services/library/search-index';
import type { SyncReport } from '../../main/services/library/search-index';
import { transcriptSearchSource } from '../../main/services/library/search-source';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { requireShared, sharedFolder, skipsWithoutShared } from '../support/shared-dir';

const fixtures = sharedFolder('deepgram-fixtures');

function fixture(name: string): Promise<ListenResponse> {
  return readFile(join(fixtures.path, name), 'utf8').then((text) => listenResponseSchema.parse(JSON.parse(text)));
}

interface Harness {
  dir: string;
  store: TranscriptStore;
  search: LibrarySearch;
  warnings: string[];
  reports: SyncReport[];
  emitted: EventName[];
  events: EventSink;
}

async function harness(existing?: string): Promise<Harness> {
  const dir = existing ?? (await mkdtemp(join(tmpdir(), 'library-search-')));
  const store = new TranscriptStore(dir);
  const warnings: string[] = [];
  const logger: Logger = { info: () => undefined, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
  const reports: SyncReport[] = [];
  const search = new LibrarySearch({ dataDir: dir, source: transcriptSearchSource(store), logger, onChecked: (r) => reports.push(r) });
  const emitted: EventName[] = [];
  const inner: EventSink = { emit: <E extends EventName>(event: E, _payload: EventPayload<E>) => void emitted.push(event) };
  return { dir, store, search, warnings, reports, emitted, events: search.watching(inner) };
}

async function save(h: Harness, title: string, name: string, announce = true): Promise<string> {
  const summary = await h.store.save({ title, sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response: await fixture(name) });
  if (announce) h.events.emit('transcripts.added', summary);
  return summary.id;
}

describe.skipIf(skipsWithoutShared(fixtures))('LibrarySearch', { meta: { skipReason: `no Deepgram fixtures: ${fixtures.reason}` } }, () => {
  beforeAll(() => requireShared(fixtures));

  it('indexes each transcript announced as saved, passing the event on', async () => {
    const h = await harness();
    expect(await h.search.check()).toEqual({ added: [], updated: [], removed: [], unchanged: 0, failed: [] });
    const id = await save(h, 'Spacewalk', 'prerecorded_nova2_utterances_paragraphs.json');
    expect(h.emitted).toEqual(['transcripts.added']);
    await expect.poll(() => h.search.search('spacewalk').hits.map((hit) => hit.id)).toEqual([id]);
    h.search.forgetTranscript(id);
    expect(h.search.search('spacewalk').hits).toEqual([]);
    h.search.close();
  });

  it('lists a damaged transcript, finds the others, and drops it from the list once it is readable again', async () => {
    const h = await harness();
    // Saved while the index did not hear of them (the app stopped first); one is then damaged on disk.
    const broken = await save(h, 'Spacewalk', 'prerecorded_nova2_diarize_paragraphs_no_utterances.json', false);
    const fine = await save(h, 'Constitution', 'prerecorded_nova3_smart_format_summarize_v2_file.json', false);
    const responseFile = join(h.dir, 'transcripts', `${broken}.response.json`);
    const good = await readFile(responseFile, 'utf8');
    await writeFile(responseFile, good.slice(0, 100));
    h.search.close();

    const again = await harness(h.dir);
    const report = await again.search.check();
    expect(report?.failed.map((f) => f.id)).toEqual([broken]);
    expect(again.search.damagedTranscripts().map((d) => d.id)).toEqual([broken]);
    expect(again.warnings.some((w) => w.includes(broken))).toBe(true);
    expect(again.search.search('tranquility').hits.map((hit) => hit.id)).toEqual([fine]);
    expect(again.search.search('Stephanie').hits).toEqual([]);

    await writeFile(responseFile, good);
    expect(await again.search.indexTranscript(broken)).toBe(true);
    expect(again.search.damagedTranscripts()).toEqual([]);
    expect(again.search.search('Stephanie').hits.map((hit) => hit.id)).toEqual([broken]);
    again.search.close();
  });

  it('refills the index by itself after finding it damaged while running', async () => {
    const h = await harness();
    const id = await save(h, 'Spacewalk', 'prerecorded_nova2_diarize_paragraphs_no_utterances.json');
    await expect.poll(() => h.search.search('Stephanie').totalTranscripts).toBe(1);
    const file = join(h.dir, searchIndexFileName);
    const other = new DatabaseSync(file);
    other.exec('CREATE TABLE scratch (x)');
    other.close();
    const { size } = await stat(file);
    const handle = await open(file, 'r+');
    for (let at = 4096; at < size; at += 4096) await handle.write(randomBytes(4096), 0, 4096, at);
    await handle.close();

    expect(h.search.search('Stephanie')).toMatchObject({ hits: [], indexing: true });
    await expect.poll(() => h.reports.length).toBe(1);
    expect(h.reports[0]!.added).toEqual([id]);
    expect(h.search.search('Stephanie').hits.map((hit) => hit.id)).toEqual([id]);
    expect(h.warnings.some((w) => /reset/.test(w))).toBe(true);
    h.search.close();
  });

  it('runs on without search when this build cannot index, saying why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'library-search-'));
    const store = new TranscriptStore(dir);
    const errors: string[] = [];
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: (m: string) => errors.push(m) };
    const search = new LibrarySearch({
      dataDir: dir,
      source: transcriptSearchSource(store),
      logger,
      openIndex: () => {
        throw new Error('no such module: fts5');
      },
    });
    expect(errors).toEqual(['Library search is unavailable: no such module: fts5']);
    expect(await search.check()).toBeNull();
    const summary = await store.save({ title: 'Spacewalk', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response: await fixture('prerecorded_nova2_utterances_paragraphs.json') });
    expect(await search.indexTranscript(summary.id)).toBe(false);
    search.forgetTranscript(summary.id);
    expect(() => search.search('spacewalk')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', message: expect.stringMatching(/not available in this build.*fts5/) }));
    search.close();
  });
});
