import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listenResponseSchema } from '../../common/deepgram-response';
import type { ListenResponse } from '../../common/deepgram-response';
import { defaultTranscribeOptions } from '../../common/domain';
import { searchResultSchema } from '../../common/search/search-schemas';
import { toSearchSegments } from '../../common/transcript/search-segments';
import type { SpeakerNames } from '../../common/transcript/search-segments';
import { SearchIndex } from '../../main/services/library/search-index';
import { transcriptSearchSource } from '../../main/services/library/search-source';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { requireShared, sharedFolder, skipsWithoutShared } from '../support/shared-dir';

const fixtures = sharedFolder('deepgram-fixtures');
const diarized = 'prerecorded_nova2_diarize_paragraphs_no_utterances.json';
const spacewalk = 'prerecorded_nova2_utterances_paragraphs.json';

interface Library {
  dir: string;
  store: TranscriptStore;
  /** Transcript id by fixture file name. */
  ids: Map<string, string>;
  responses: Map<string, ListenResponse>;
  names: Map<string, SpeakerNames>;
  edits: Map<string, string>;
}

const opened: SearchIndex[] = [];
afterEach(() => {
  for (const index of opened.splice(0)) index.close();
});

function openIndex(dir: string): SearchIndex {
  const index = SearchIndex.open(dir);
  opened.push(index);
  return index;
}

/** Saves every recorded pre-recorded response that the app can read into a fresh library folder. */
async function library(): Promise<Library> {
  const dir = await mkdtemp(join(tmpdir(), 'search-library-'));
  let clock = Date.parse('2026-03-01T09:00:00Z');
  const store = new TranscriptStore(dir, () => new Date((clock += 60_000)));
  const ids = new Map<string, string>();
  const responses = new Map<string, ListenResponse>();
  for (const file of (await readdir(fixtures.path)).filter((f) => f.startsWith('prerecorded_')).sort()) {
    const parsed = listenResponseSchema.safeParse(JSON.parse(await readFile(join(fixtures.path, file), 'utf8')));
    if (!parsed.success) continue;
    const title = file.replace(/^prerecorded_/, '').replace(/\.json$/, '').replaceAll('_', ' ');
    const summary = await store.save({ title, sizeBytes: 1000, options: defaultTranscribeOptions, requestId: null, response: parsed.data });
    ids.set(file, summary.id);
    responses.set(file, parsed.data);
  }
  return { dir, store, ids, responses, names: new Map(), edits: new Map() };
}

function source(lib: Library): ReturnType<typeof transcriptSearchSource> {
  return transcriptSearchSource(lib.store, {
    speakerNames: (id) => Promise.resolve(lib.names.get(id) ?? {}),
    editRevision: (id) => Promise.resolve(lib.edits.get(id) ?? ''),
  });
}

async function synced(lib: Library): Promise<SearchIndex> {
  const index = openIndex(lib.dir);
  const src = source(lib);
  const report = await index.sync(await src.entries(), (id) => src.load(id));
  expect(report.failed).toEqual([]);
  return index;
}

function id(lib: Library, file: string): string {
  const found = lib.ids.get(file);
  if (found === undefined) throw new Error(`fixture ${file} was not saved`);
  return found;
}

describe.skipIf(skipsWithoutShared(fixtures))('SearchIndex over the recorded Deepgram transcripts', { meta: { skipReason: `no Deepgram fixtures: ${fixtures.reason}` } }, () => {
  beforeAll(() => requireShared(fixtures));

  it('finds the words of every transcript at their own moment, with the word marked', async () => {
    const lib = await library();
    expect(lib.ids.size).toBeGreaterThanOrEqual(8);
    const index = await synced(lib);
    let checked = 0;
    for (const [file, response] of lib.responses) {
      const words = response.results.channels[0]?.alternatives[0]?.words ?? [];
      // Every fifth word long enough to be specific, searched inside its transcript.
      for (const word of words.filter((w, i) => i % 5 === 0 && w.word.length >= 5)) {
        const result = index.search(word.word, { transcriptId: id(lib, file), perTranscript: 50 });
        const hit = result.hits[0];
        expect(hit?.id, `${word.word} in ${file}`).toBe(id(lib, file));
        const moment = hit!.moments.find((m) => m.start <= word.start + 0.01 && word.start <= m.end + 0.01);
        expect(moment, `${word.word} at ${word.start}s in ${file}`).toBeDefined();
        const marked = moment!.snippet.marks.map((m) => moment!.snippet.text.slice(m.start, m.end).toLowerCase());
        expect(marked.some((m) => m.startsWith(word.word.toLowerCase())), `${word.word} marked in "${moment!.snippet.text}"`).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('groups hits per transcript, counts them and points at the paragraph the viewer shows', async () => {
    const lib = await library();
    const index = await synced(lib);
    const result = searchResultSchema.parse(index.search('Stephanie'));
    // Both diarized recordings of the spacewalk say her name in paragraphs 0, 7 and 8.
    expect(result.hits.map((h) => h.id).sort()).toEqual([id(lib, diarized), id(lib, 'prerecorded_nova2_diarize_utterances_paragraphs.json')].sort());
    const hit = result.hits.find((h) => h.id === id(lib, diarized))!;
    expect(hit.matchCount).toBe(3);
    expect(hit.moments.map((m) => m.segmentIndex)).toEqual([0, 7, 8]);
    const paragraphs = toSearchSegments(lib.responses.get(diarized)!);
    expect(hit.moments.map((m) => m.start)).toEqual([0, 7, 8].map((i) => paragraphs[i]!.start));
    expect(hit.moments[0]!.speakerName).toBe('Speaker 1');

    const stowed = index.search('stowed', { transcriptId: id(lib, diarized) }).hits[0]!.moments[0]!;
    expect(stowed.start).toBe(24.875);
    expect(stowed.snippet.text).toBe("report it's opened and stowed.");
    expect(stowed.snippet.marks).toEqual([{ start: 23, end: 29 }]);
  });

  it('matches whatever the case and accents, and the last word as a prefix while typing', async () => {
    const lib = await library();
    const index = await synced(lib);
    const dia = id(lib, diarized);
    expect(index.search('STÉPHANIE', { transcriptId: dia }).hits[0]?.matchCount).toBe(3);
    expect(index.search('stowéd', { transcriptId: dia }).hits).toHaveLength(1);
    expect(index.search('Stepha', { transcriptId: dia }).hits[0]?.matchCount).toBe(3);
    // A space after the word means it is complete: no prefix any more.
    expect(index.search('Stepha ', { transcriptId: dia }).hits).toEqual([]);
    // Every word must be in the same paragraph; only the last is a prefix.
    expect(index.search('proud Jessica Chris', { transcriptId: dia }).hits[0]?.moments.map((m) => m.segmentIndex)).toEqual([0]);
    expect(index.search('proud Stagger', { transcriptId: dia }).hits).toEqual([]);
  });

  it('finds a transcript by its title, marking it', async () => {
    const lib = await library();
    const index = await synced(lib);
    const hit = index.search('summarize v1').hits[0]!;
    expect(hit.id).toBe(id(lib, 'prerecorded_base_summarize_v1_2023.json'));
    expect(hit.title).toBe('base summarize v1 2023');
    expect(hit.titleMarks).toEqual([{ start: 5, end: 14 }, { start: 15, end: 17 }]);
  });

  it('finds renamed speakers by their new name, and no longer by the old one', async () => {
    const lib = await library();
    const index = await synced(lib);
    const dia = id(lib, diarized);
    expect(index.search('Dyson').hits).toEqual([]);
    expect(index.search('Speaker 2', { transcriptId: dia }).hits[0]?.matchCount).toBe(6);

    lib.names.set(dia, { 1: 'Tracy Dyson' });
    lib.edits.set(dia, 'names-1');
    const src = source(lib);
    const report = await index.sync(await src.entries(), (x) => src.load(x));
    expect(report.updated).toEqual([dia]);
    expect(report.unchanged).toBe(lib.ids.size - 1);

    const renamed = index.search('dyson');
    expect(renamed.hits.map((h) => h.id)).toEqual([dia]);
    expect(renamed.hits[0]!.matchCount).toBe(6);
    expect(new Set(renamed.hits[0]!.moments.map((m) => m.speakerName))).toEqual(new Set(['Tracy Dyson']));
    // A name and a word said by that speaker, in one query.
    expect(index.search('Dyson Drew', { perTranscript: 10 }).hits[0]?.moments.map((m) => m.segmentIndex)).toEqual([1, 3]);
    expect(index.search('Speaker 2', { transcriptId: dia }).hits).toEqual([]);
  });

  it('replaces the old text when a transcript is indexed again after an edit', async () => {
    const lib = await library();
    const index = await synced(lib);
    const src = source(lib);
    const dia = id(lib, diarized);
    const doc = await src.load(dia);
    const edited = { ...doc, revision: 'edit-1', segments: doc.segments.map((s, i) => (i === 2 ? { ...s, text: "report it's opened and latched." } : s)) };
    index.upsert(edited);
    index.upsert(edited);
    expect(index.search('stowed', { transcriptId: dia }).hits).toEqual([]);
    expect(index.search('latched').hits.map((h) => [h.id, h.moments[0]!.start])).toEqual([[dia, 24.875]]);
    // Indexed twice, counted once.
    expect(index.search('Stephanie', { transcriptId: dia }).hits[0]?.matchCount).toBe(3);
    expect(index.revisions().get(dia)).toBe('edit-1');
  });

  it('forgets a removed transcript, and one deleted from disk at the next check', async () => {
    const lib = await library();
    const index = await synced(lib);
    const dia = id(lib, diarized);
    const other = id(lib, 'prerecorded_nova2_diarize_utterances_paragraphs.json');
    expect(index.remove(dia)).toBe(true);
    expect(index.remove(dia)).toBe(false);
    expect(index.search('Stephanie').hits.map((h) => h.id)).toEqual([other]);

    await rm(join(lib.dir, 'transcripts', `${other}.meta.json`));
    await rm(join(lib.dir, 'transcripts', `${other}.response.json`));
    const src = source(lib);
    const report = await index.sync(await src.entries(), (x) => src.load(x));
    expect(report.removed).toEqual([other]);
    expect(report.added).toEqual([dia]);
    expect(index.search('Stephanie').hits.map((h) => h.id)).toEqual([dia]);
  });

  it('repairs a missed update at the next start: missing entries indexed, stale ones dropped, the rest untouched', async () => {
    const lib = await library();
    const first = await synced(lib);
    const dia = id(lib, diarized);
    first.remove(dia);
    const ghost = { ...(await source(lib).load(dia)), id: 'gone-1', title: 'A transcript deleted while the app was closed' };
    first.upsert(ghost);
    first.close();

    const index = openIndex(lib.dir);
    expect(index.openedAs.state).toBe('opened');
    expect(index.search('deleted while').hits.map((h) => h.id)).toEqual(['gone-1']);
    const src = source(lib);
    const report = await index.sync(await src.entries(), (x) => src.load(x));
    expect(report).toEqual({ added: [dia], updated: [], removed: ['gone-1'], unchanged: lib.ids.size - 1, failed: [] });
    expect(index.search('deleted while').hits).toEqual([]);
    expect(index.search('Stephanie').hits.map((h) => h.id)).toContain(dia);
  });

  it('reports a damaged transcript and still indexes all the others', async () => {
    const lib = await library();
    const dia = id(lib, diarized);
    await writeFile(join(lib.dir, 'transcripts', `${dia}.response.json`), '{"version":1,"response":{"metadata":');
    const index = openIndex(lib.dir);
    const src = source(lib);
    const report = await index.sync(await src.entries(), (x) => src.load(x));
    expect(report.failed.map((f) => f.id)).toEqual([dia]);
    expect(report.failed[0]!.message).toMatch(/missing or damaged/);
    expect(report.added).toHaveLength(lib.ids.size - 1);
    expect(index.search('Stephanie').hits.map((h) => h.id)).toEqual([id(lib, 'prerecorded_nova2_diarize_utterances_paragraphs.json')]);
    expect(index.search('spacewalk').hits.map((h) => h.id)).toEqual([id(lib, spacewalk)]);
  });
});
