import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchResultSchema } from '../../common/search/search-schemas';
import type { SearchResult } from '../../common/search/search-schemas';
import { findTermMatches, parseSearchQuery, snippetAround } from '../../common/search/search-text';
import type { SearchDoc } from '../../common/transcript/search-segments';
import { SearchIndex } from '../../main/services/library/search-index';

function doc(id: string, title: string, texts: string[], extra: Partial<SearchDoc> = {}): SearchDoc {
  return {
    id,
    title,
    createdAt: `2026-02-0${id.length % 9}T10:00:00.000Z`,
    durationSec: texts.length * 10,
    revision: '1',
    speakerNames: {},
    segments: texts.map((text, i) => ({ start: i * 10, end: i * 10 + 9, speaker: i % 2, channel: 0, text })),
    ...extra,
  };
}

const docs: SearchDoc[] = [
  doc('en', 'Quarterly planning', [
    'We looked at the budget AND the roadmap, near the end.',
    'The café served crème brûlée; the résumé was on the table.',
    'Do not use NEAR(a b) or -x or "quoted" or a* in a query.',
    "Don't forget the e-mail to the team.",
  ]),
  doc('ja', '会議の記録', ['今日は良い天気ですね。', '東京タワーに行きました。', '来週の予定を確認します。']),
  doc('zh', '产品讨论', ['我们明天去北京开会。', '这个产品的价格太高了。']),
  doc('ko', '회의', ['서울에서 회의가 있습니다.']),
  doc('mix', 'Tokyo trip', ['We visited 東京 and saw the tower.']),
];

let index: SearchIndex;
beforeAll(async () => {
  index = SearchIndex.open(await mkdtemp(join(tmpdir(), 'search-queries-')));
  for (const d of docs) index.upsert(d);
});
afterAll(() => index.close());

function where(result: SearchResult): string[] {
  return result.hits.flatMap((h) => h.moments.map((m) => `${h.id}#${m.segmentIndex}`)).sort();
}

function marked(result: SearchResult): string[] {
  return result.hits.flatMap((h) => h.moments.flatMap((m) => m.snippet.marks.map((k) => m.snippet.text.slice(k.start, k.end))));
}

describe('SearchIndex queries', () => {
  it('takes FTS operators and quotes as plain text', () => {
    expect(where(index.search('AND'))).toEqual(['en#0', 'mix#0']);
    expect(marked(index.search('AND')).sort()).toEqual(['AND', 'and']);
    expect(where(index.search('near('))).toEqual(['en#0', 'en#2']);
    expect(where(index.search('-x'))).toEqual(['en#2']);
    expect(where(index.search('"quoted'))).toEqual(['en#2']);
    // A lone letter still being typed is a prefix: "a" finds "at", "AND", "and" too.
    expect(where(index.search('a*'))).toEqual(['en#0', 'en#2', 'mix#0']);
    expect(where(index.search("don't"))).toEqual(['en#3']);
    expect(where(index.search('e-mail'))).toEqual(['en#3']);
    for (const nothing of ['', '   ', '"', '""', '*', '-', '()', '^', ':', '""*"']) {
      expect(index.search(nothing).hits, JSON.stringify(nothing)).toEqual([]);
    }
  });

  it('never throws, whatever is typed', () => {
    const hostile = ['"', '""', "'", '*', '**', 'AND', 'OR', 'NOT', 'a OR', 'NEAR(', 'NEAR(a b, 2)', '-x', '+x', '^x', 'text:x', '{text}: x', '(', ')', '[', '\\', '\0', '\u0001\u0002', 'x"y', 'col:"', '\uD800', '\uDFFF', '🙂', '👩‍👩‍👧', 'a'.repeat(5000), 'é'.repeat(200), ' '.repeat(300), 'ﾃｽﾄ', '\u202e', '%', '_', '%_%'];
    for (const query of hostile) {
      expect(() => searchResultSchema.parse(index.search(query)), JSON.stringify(query)).not.toThrow();
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (query) => {
        searchResultSchema.parse(index.search(query));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('"', '*', 'AND', 'OR', 'NOT', 'NEAR', '(', ')', '-', '+', ':', '^', ' ', 'budget', '東京', 'é'), { maxLength: 12 }), (parts) => {
        searchResultSchema.parse(index.search(parts.join('')));
      }),
      { numRuns: 200 },
    );
  });

  it('ignores case and accents both ways', () => {
    expect(where(index.search('CAFE'))).toEqual(['en#1']);
    expect(where(index.search('creme brulee'))).toEqual(['en#1']);
    expect(where(index.search('Résumé'))).toEqual(['en#1']);
    expect(marked(index.search('cafe creme'))).toEqual(['café', 'crème']);
  });

  it('finds Japanese, Chinese and Korean words inside runs of text without spaces', () => {
    expect(where(index.search('天気'))).toEqual(['ja#0']);
    expect(where(index.search('東京タワー'))).toEqual(['ja#1']);
    expect(where(index.search('タワ'))).toEqual(['ja#1']);
    expect(where(index.search('来週の予定'))).toEqual(['ja#2']);
    expect(where(index.search('東京'))).toEqual(['ja#1', 'mix#0']);
    expect(where(index.search('北京'))).toEqual(['zh#0']);
    expect(where(index.search('明天去北京'))).toEqual(['zh#0']);
    expect(where(index.search('价格 产品'))).toEqual(['zh#1']);
    expect(where(index.search('서울'))).toEqual(['ko#0']);
    expect(where(index.search('大阪'))).toEqual([]);
    expect(where(index.search('東京 tower'))).toEqual(['mix#0']);
    expect(marked(index.search('明天去北京'))).toEqual(['明天去北京']);
    expect(index.search('会議').hits.map((h) => [h.id, h.titleMarks])).toEqual([['ja', [{ start: 0, end: 2 }]]]);
  });

  it('lists title matches first, then newest first, and says how many matched beyond the limit', () => {
    const more = SearchIndex.open(index.path.replace(/[^/]+$/, 'more'));
    try {
      for (let i = 0; i < 12; i += 1) {
        more.upsert({ ...doc(`d${i}`, i === 3 ? 'Budget review' : `Meeting ${i}`, ['the budget is fine']), createdAt: `2026-01-${String(10 + i)}T00:00:00.000Z` });
      }
      const result = more.search('budget', { limit: 5 });
      expect(result.totalTranscripts).toBe(12);
      expect(result.hits.map((h) => h.id)).toEqual(['d3', 'd11', 'd10', 'd9', 'd8']);
      expect(result.hits[0]!.titleMarks).toEqual([{ start: 0, end: 6 }]);
    } finally {
      more.close();
    }
  });
});

describe('query terms and marks', () => {
  it('splits typed text into literal terms, the last one a prefix until a space follows', () => {
    expect(parseSearchQuery('budget road')).toEqual([
      { kind: 'words', text: 'budget', tokens: ['budget'], prefix: false },
      { kind: 'words', text: 'road', tokens: ['road'], prefix: true },
    ]);
    expect(parseSearchQuery('budget road ').at(-1)).toMatchObject({ prefix: false });
    expect(parseSearchQuery('「東京」へ')).toEqual([
      { kind: 'substring', text: '東京', folded: '東京' },
      { kind: 'substring', text: 'へ', folded: 'へ' },
    ]);
    expect(parseSearchQuery('" * - ()')).toEqual([]);
  });

  it('marks words on word boundaries with offsets into the original text', () => {
    const text = 'Ärger über Straßen; ärgerlich! Weißt du?';
    expect(findTermMatches(text, parseSearchQuery('arger')).map((m) => text.slice(m.start, m.end))).toEqual(['Ärger', 'ärgerlich']);
    expect(findTermMatches(text, parseSearchQuery('arger ')).map((m) => text.slice(m.start, m.end))).toEqual(['Ärger']);
    const decomposed = 'cafe\u0301 noir';
    expect(findTermMatches(decomposed, parseSearchQuery('café'))).toEqual([{ start: 0, end: 5 }]);
    const emoji = '🙂 İstanbul';
    expect(findTermMatches(emoji, parseSearchQuery('istanbul'))).toEqual([{ start: 3, end: 11 }]);
  });

  it('cuts long text around the first mark without splitting a character', () => {
    const text = `${'word '.repeat(100)}target ${'tail '.repeat(100)}`;
    const at = text.indexOf('target');
    const snippet = snippetAround(text, [{ start: at, end: at + 6 }]);
    expect(snippet.text.length).toBeLessThanOrEqual(200);
    expect(snippet.cutStart && snippet.cutEnd).toBe(true);
    expect(snippet.text.slice(snippet.marks[0]!.start, snippet.marks[0]!.end)).toBe('target');
    expect(text.slice(snippet.offset, snippet.offset + snippet.text.length)).toBe(snippet.text);
    const emoji = '😀'.repeat(300);
    const cut = snippetAround(emoji, [{ start: 201, end: 203 }]);
    expect(cut.text).toMatch(/^(😀)+$/u);
  });
});
