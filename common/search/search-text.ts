/**
 * What a search query means, shared by the library index (main) and find-in-transcript (renderer)
 * so that both mark the same words. User text is never query syntax: it is split into terms here,
 * and every term is taken literally.
 */

/** Words of a spaced script, matched whole; the last term of a query still being typed also matches as a prefix. */
export interface WordTerm {
  kind: 'words';
  /** The term as typed, for the index to tokenize itself. */
  text: string;
  /** Folded tokens of the term ("don't" is two); consecutive in the text for a match. */
  tokens: string[];
  prefix: boolean;
}

/** A run of a script written without spaces (Chinese, Japanese, Thai...), matched anywhere as a substring. */
export interface SubstringTerm {
  kind: 'substring';
  text: string;
  folded: string;
}

export type SearchTerm = WordTerm | SubstringTerm;

/** A range of UTF-16 offsets into a string, end excluded. */
export interface TextMark {
  start: number;
  end: number;
}

/** At most this many terms are kept: a pasted paragraph is still a fast query. */
export const maxSearchTerms = 16;

const tokenPattern = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const unspacedScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const combiningDiacritics = /[\u0300-\u036f]/g;

/** Whether text contains a script written without spaces between words. */
export function hasUnspacedScript(text: string): boolean {
  return unspacedScript.test(text);
}

/** Splits what a person typed into literal terms; an empty list means there is nothing to search for. */
export function parseSearchQuery(input: string): SearchTerm[] {
  const normalized = input.normalize('NFC');
  const chunks = normalized.split(/\s+/u).filter((chunk) => chunk !== '');
  const typingLastWord = normalized !== '' && !/\s$/u.test(normalized);
  const terms: SearchTerm[] = [];
  chunks.forEach((chunk, index) => {
    const tokens = [...chunk.matchAll(tokenPattern)].map((m) => m[0]);
    if (tokens.length === 0) return;
    if (hasUnspacedScript(chunk)) {
      // Punctuation inside a run (「東京」、) is not part of any word: each piece is its own substring.
      for (const token of tokens) terms.push({ kind: 'substring', text: token, folded: foldText(token).folded });
      return;
    }
    terms.push({
      kind: 'words',
      text: tokens.join(' '),
      tokens: tokens.map((t) => foldText(t).folded),
      prefix: typingLastWord && index === chunks.length - 1,
    });
  });
  return terms.slice(0, maxSearchTerms);
}

/** Text lowercased and stripped of accents, with each folded character's source range. */
export interface FoldedText {
  folded: string;
  /** UTF-16 offset in the source of the character that produced folded[i]. */
  sourceStart: number[];
  /** UTF-16 end offset in the source of that character. */
  sourceEnd: number[];
}

/** Case- and accent-insensitive form of text, keeping the way back to the source offsets. */
export function foldText(text: string): FoldedText {
  let folded = '';
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let offset = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const out = code < 0x80 ? char.toLowerCase() : foldChar(char);
    // A separate combining accent folds to nothing; it still belongs to the letter before it.
    if (out === '' && sourceEnd.length > 0) sourceEnd[sourceEnd.length - 1] = offset + char.length;
    for (let i = 0; i < out.length; i += 1) {
      sourceStart.push(offset);
      sourceEnd.push(offset + char.length);
    }
    folded += out;
    offset += char.length;
  }
  return { folded, sourceStart, sourceEnd };
}

function foldChar(char: string): string {
  // Decompose, drop Latin/Greek/Cyrillic accents, recompose (so Hangul syllables stay whole).
  return char.normalize('NFD').replace(combiningDiacritics, '').normalize('NFC').toLowerCase();
}

/**
 * A text folded and split into words once, to be searched by many queries (find as you type):
 * folding and splitting are most of a search's work. The way back to source offsets is kept only
 * for text that folds to something of another length than itself (not for plain ASCII).
 */
export interface PreparedText {
  text: string;
  folded: string;
  /** Folded offsets of each word: start, end, start, end... */
  words: Uint32Array;
  /** Null when folded[i] comes from text[i]. */
  fold: FoldedText | null;
}

/** Folds and splits a text for findTermMatchesIn. */
export function prepareSearchText(text: string): PreparedText {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(text);
  const fold = ascii ? null : foldText(text);
  const folded = fold ? fold.folded : text.toLowerCase();
  const bounds: number[] = [];
  for (const m of folded.matchAll(tokenPattern)) bounds.push(m.index, m.index + m[0].length);
  return { text, folded, words: Uint32Array.from(bounds), fold };
}

/** Where the terms occur in text: word terms on word boundaries, substrings anywhere; sorted, merged. */
export function findTermMatches(text: string, terms: readonly SearchTerm[]): TextMark[] {
  if (terms.length === 0 || text === '') return [];
  return findTermMatchesIn(prepareSearchText(text), terms);
}

/** findTermMatches over a text prepared once. */
export function findTermMatchesIn(prepared: PreparedText, terms: readonly SearchTerm[]): TextMark[] {
  const { text, folded, words, fold } = prepared;
  if (terms.length === 0 || text === '') return [];
  const found: TextMark[] = [];
  const toSource = (start: number, end: number): TextMark =>
    fold ? { start: fold.sourceStart[start] ?? 0, end: fold.sourceEnd[end - 1] ?? text.length } : { start, end };
  const wordCount = words.length / 2;
  const wordIs = (i: number, token: string, prefix: boolean): boolean => {
    const start = words[2 * i]!;
    const length = words[2 * i + 1]! - start;
    return (prefix ? length >= token.length : length === token.length) && folded.startsWith(token, start);
  };

  for (const term of terms) {
    if (term.kind === 'substring') {
      if (term.folded === '') continue;
      for (let at = folded.indexOf(term.folded); at >= 0; at = folded.indexOf(term.folded, at + term.folded.length)) {
        found.push(toSource(at, at + term.folded.length));
      }
      continue;
    }
    const count = term.tokens.length;
    // Most texts do not hold the first token at all: one indexOf says so.
    if (count === 0 || !folded.includes(term.tokens[0]!)) continue;
    for (let i = 0; i + count <= wordCount; i += 1) {
      const matches = term.tokens.every((token, k) => wordIs(i + k, token, k === count - 1 && term.prefix));
      if (matches) found.push(toSource(words[2 * i]!, words[2 * (i + count - 1) + 1]!));
    }
  }
  // One substring or one word: found in order and never overlapping, already merged (a first letter typed can match every word).
  const only = terms.length === 1 ? terms[0]! : undefined;
  if (only && (only.kind === 'substring' || only.tokens.length === 1)) return found;
  return mergeMarks(found);
}

/** How many marks findTermMatchesIn gives, without making them when one word or substring is searched. */
export function countTermMatchesIn(prepared: PreparedText, terms: readonly SearchTerm[]): number {
  const only = terms.length === 1 ? terms[0]! : undefined;
  if (!only || (only.kind === 'words' && only.tokens.length !== 1)) return findTermMatchesIn(prepared, terms).length;
  const { folded, words } = prepared;
  if (only.kind === 'substring') {
    let count = 0;
    if (only.folded === '') return 0;
    for (let at = folded.indexOf(only.folded); at >= 0; at = folded.indexOf(only.folded, at + only.folded.length)) count += 1;
    return count;
  }
  const token = only.tokens[0]!;
  if (!folded.includes(token)) return 0;
  let count = 0;
  for (let i = 0; i < words.length; i += 2) {
    const length = words[i + 1]! - words[i]!;
    if ((only.prefix ? length >= token.length : length === token.length) && folded.startsWith(token, words[i])) count += 1;
  }
  return count;
}

function mergeMarks(marks: TextMark[]): TextMark[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextMark[] = [];
  for (const mark of sorted) {
    const last = merged.at(-1);
    if (last && mark.start <= last.end) last.end = Math.max(last.end, mark.end);
    else merged.push({ ...mark });
  }
  return merged;
}

/** A window of text around its first mark, cut at spaces where it can be, with the marks moved into it. */
export interface MarkedSnippet {
  text: string;
  marks: TextMark[];
  /** Offset of the snippet in the full text: the viewer can mark the same words. */
  offset: number;
  cutStart: boolean;
  cutEnd: boolean;
}

/** Cuts a snippet of about maxLength characters, starting a little before the first mark. */
export function snippetAround(text: string, marks: readonly TextMark[], maxLength = 200, lead = 60): MarkedSnippet {
  if (text.length <= maxLength) return { text, marks: [...marks], offset: 0, cutStart: false, cutEnd: false };
  const first = marks[0]?.start ?? 0;
  let start = Math.max(0, first - lead);
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space >= 0 && first - space <= lead * 2 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + maxLength);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  start = codePointBoundary(text, start);
  end = codePointBoundary(text, end);
  const inside = marks
    .filter((m) => m.end > start && m.start < end)
    .map((m) => ({ start: Math.max(m.start, start) - start, end: Math.min(m.end, end) - start }));
  return { text: text.slice(start, end), marks: inside, offset: start, cutStart: start > 0, cutEnd: end < text.length };
}

function codePointBoundary(text: string, at: number): number {
  const code = text.charCodeAt(at);
  // Never cut between the two halves of a surrogate pair.
  return at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}
