// Library search benchmark: the FTS5 index against a linear `includes` scan over the same texts
// (already lowercased, the cheapest a scan can be), in the same run. A ten-hour transcript plus a
// library of shorter ones; also the time to index, to reopen (with its integrity check) and to
// run the start-up consistency check. Figures, not a test.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTermMatches, parseSearchQuery } from '../common/search/search-text';
import { speakerNameOf } from '../common/transcript/search-segments';
import type { SearchDoc, SearchSegment } from '../common/transcript/search-segments';
import { SearchIndex, searchIndexFileName } from '../main/services/library/search-index';

const hours = Number(process.env.BENCH_HOURS ?? 10);
const libraryCount = Number(process.env.BENCH_LIBRARY ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const wordsPerSecond = 2.5;
const wordsPerParagraph = 60;

// A seeded generator, so every run indexes the same text.
let seed = 42;
function random(): number {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
}

const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'den', 'mar', 'pol', 'est', 'ing', 'ter', 'qua', 'bri'];
const vocabulary = Array.from({ length: 20_000 }, (_, i) => {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
  return word;
});
/** Zipf-like: a few words are everywhere, most are rare, as in speech. */
function pickWord(): string {
  return vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(random() * Math.log(vocabulary.length))) - 1)]!;
}

function transcript(id: string, seconds: number, day: number): SearchDoc {
  const count = Math.round(seconds * wordsPerSecond);
  const segments: SearchSegment[] = [];
  for (let i = 0; i < count; i += wordsPerParagraph) {
    const n = Math.min(wordsPerParagraph, count - i);
    const words = Array.from({ length: n }, pickWord);
    segments.push({ start: i / wordsPerSecond, end: (i + n) / wordsPerSecond, speaker: segments.length % 3, channel: 0, text: `${words.join(' ')}.` });
  }
  return { id, title: `Recording ${id}`, createdAt: new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString(), durationSec: seconds, revision: 'r1', speakerNames: { 0: 'Alice Martin' }, segments };
}

function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

function median(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) times.push(time(run).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const long = transcript('ten-hours', hours * 3600, 400);
const library = [long, ...Array.from({ length: libraryCount }, (_, i) => transcript(`t${i}`, 300 + Math.floor(random() * 3300), i))];
const totalWords = library.reduce((sum, d) => sum + d.segments.reduce((s, g) => s + g.text.split(' ').length, 0), 0);
const totalSegments = library.reduce((sum, d) => sum + d.segments.length, 0);

const dir = mkdtempSync(join(tmpdir(), 'bench-search-'));
try {
  let index = SearchIndex.open(dir);
  const indexLong = time(() => index.upsert(long));
  const indexAll = time(() => index.rebuild(library));
  index.close();
  const bytes = statSync(join(dir, searchIndexFileName)).size;
  const reopen = time(() => SearchIndex.open(dir));
  index = reopen.value;
  const checkStart = performance.now();
  const check = await index.sync(library.map((d) => ({ id: d.id, revision: d.revision })), () => Promise.reject(new Error('nothing should load')));
  const checkUnchanged = { ms: performance.now() - checkStart };
  if (check.unchanged !== library.length) throw new Error('the start-up check reindexed unchanged transcripts');

  // The scan the index replaces: every paragraph of every transcript, lowercased once up front.
  const texts = library.map((d) => ({ id: d.id, texts: d.segments.map((s) => s.text.toLowerCase()) }));
  function scan(query: string): number {
    const needle = query.toLowerCase();
    let transcripts = 0;
    for (const doc of texts) {
      let hits = 0;
      for (const text of doc.texts) if (text.includes(needle)) hits += 1;
      if (hits > 0) transcripts += 1;
    }
    return transcripts;
  }

  // The scan that would give the index's answers: whole words, any case or accent, last word a prefix.
  function equivalentScan(query: string): number {
    const terms = parseSearchQuery(query);
    let transcripts = 0;
    for (const doc of library) {
      const found = doc.segments.some((s) => findTermMatches(`${speakerNameOf(s.speaker, doc.speakerNames)} ${s.text}`, terms).length >= terms.length);
      if (found || findTermMatches(doc.title, terms).length >= terms.length) transcripts += 1;
    }
    return transcripts;
  }

  const common = vocabulary[2]!;
  const rare = vocabulary[15_000]!;
  const queries: [string, string][] = [
    ['rare word', rare],
    ['common word', common],
    ['two words', `${vocabulary[40]} ${vocabulary[700]}`],
    ['prefix while typing', vocabulary[1234]!.slice(0, 4)],
    ['one letter while typing', vocabulary[1234]!.slice(0, 1)],
    ['speaker name', 'alice'],
    ['no match', 'zzzzqqq'],
    ['CJK, 2 characters (scanned)', '東京'],
  ];

  console.log(`Library search, ${library.length} transcripts (${hours} h + ${libraryCount} of 5-60 min), ${totalWords.toLocaleString('en')} words in ${totalSegments.toLocaleString('en')} paragraphs`);
  console.log(`  index the ${hours} h transcript (${long.segments.length} paragraphs, ${Math.round(hours * 3600 * wordsPerSecond).toLocaleString('en')} words): ${indexLong.ms.toFixed(0)} ms`);
  console.log(`  rebuild the whole library in one transaction: ${(indexAll.ms / 1000).toFixed(2)} s; file ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  console.log(`  reopen with integrity check: ${reopen.ms.toFixed(0)} ms; start-up check with nothing changed: ${checkUnchanged.ms.toFixed(1)} ms`);
  console.log(`  query, median of ${rounds} (index: limit 50, 3 snippets each; includes: substring scan over pre-lowercased texts, no snippets;`);
  console.log('  equivalent scan: same answers as the index, one run; ratios are baseline/index, above 1 the index is faster):');
  for (const [label, query] of queries) {
    const found = index.search(query).totalTranscripts;
    const indexed = median(() => index.search(query));
    const scanned = median(() => scan(query));
    const equivalent = time(() => equivalentScan(query)).ms;
    console.log(
      `    ${label.padEnd(28)} ${String(found).padStart(4)} transcripts  index ${indexed.toFixed(2).padStart(7)} ms  includes ${scanned.toFixed(2).padStart(6)} ms (ratio ${(scanned / indexed).toFixed(1).padStart(5)})  equivalent scan ${equivalent.toFixed(0).padStart(5)} ms (ratio ${(equivalent / indexed).toFixed(0)})`,
    );
  }
  const within = median(() => index.search(rare, { transcriptId: long.id, perTranscript: 50 }));
  console.log(`  inside the ${hours} h transcript only (rare word, up to 50 moments): ${within.toFixed(2)} ms`);
  index.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
