import { describe, expect, it } from 'vitest';
import { countTermMatchesIn, findTermMatches, findTermMatchesIn, parseSearchQuery, prepareSearchText } from '../../common/search/search-text';

const marked = (text: string, query: string): string[] => findTermMatches(text, parseSearchQuery(query)).map((m) => text.slice(m.start, m.end));

describe('find over prepared texts', () => {
  it('marks whole words, the word being typed as a prefix, and runs of words in order', () => {
    expect(marked('Word42 and word420, word4.', 'word42 ')).toEqual(['Word42']);
    expect(marked('Word42 and word420, word4.', 'word42')).toEqual(['Word42', 'word420']);
    expect(marked('The quick fox, the quick dog.', 'the quick')).toEqual(['The', 'quick', 'the', 'quick']);
    expect(marked("I don't know; don t, don tell", "don't")).toEqual(["don't", 'don t', 'don tell']);
    expect(marked('no match here', 'zebra')).toEqual([]);
  });

  it('maps folded matches back to the source text when folding changes lengths or accents', () => {
    expect(marked('Zoë met ZOE and Straße', 'zoe')).toEqual(['Zoë', 'ZOE']);
    expect(marked('İstanbul is big', 'i̇stanbul')).toEqual(['İstanbul']);
    expect(marked('会議は東京で', '東京')).toEqual(['東京']);
    expect(marked('café Café CAFE', 'cafe')).toEqual(['café', 'Café', 'CAFE']);
    // Decomposed accents fold to nothing: the folded text is shorter than the source.
    expect(marked('Noe\u0308l and noe\u0308l again', 'noel')).toEqual(['Noe\u0308l', 'noe\u0308l']);
  });

  it('gives the same marks from one preparation across many queries as from the text each time, and counts them alike', () => {
    const texts = ['Word1 word2 Word3. Zoë said hello.', 'Ünïcödé words, and ASCII ones', '東京の会議 and word12, 東京', "a a a don't don t"];
    const queries = ['w', 'wo', 'word', 'word1', 'word1 ', 'zo', 'zoe said', 'unicode', 'ascii o', '東京', 'and', "don't", 'a'];
    for (const text of texts) {
      const prepared = prepareSearchText(text);
      for (const query of queries) {
        const marks = findTermMatches(text, parseSearchQuery(query));
        expect(findTermMatchesIn(prepared, parseSearchQuery(query))).toEqual(marks);
        expect(countTermMatchesIn(prepared, parseSearchQuery(query)), `${query} in ${text}`).toBe(marks.length);
      }
    }
    expect(countTermMatchesIn(prepareSearchText('Word1 word10 word1'), parseSearchQuery('word1'))).toBe(3);
    expect(countTermMatchesIn(prepareSearchText('Word1 word10 word1'), parseSearchQuery('word1 '))).toBe(2);
  });
});
