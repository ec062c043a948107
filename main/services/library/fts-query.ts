import type { SQLInputValue } from 'node:sqlite';
import type { SearchTerm } from '../../../common/search/search-text';

/** A SQL condition with its parameters; user text only ever travels as parameters. */
export interface SqlCondition {
  sql: string;
  params: SQLInputValue[];
}

/** Which tables and columns a condition is built for. */
export interface MatchTarget {
  alias: string;
  words: string;
  trigrams: string;
  columns: readonly string[];
}

/** The trigram index cannot look up fewer than three characters; shorter substrings are scanned for. */
const trigramLength = 3;

/**
 * One term as an FTS5 string: a double-quoted phrase with quotes doubled, so that `AND`, `NEAR(`,
 * `*`, `-x` or a lone quote are only ever text. A trailing `*` outside the quotes asks for a prefix.
 */
export function ftsPhrase(text: string, prefix: boolean): string {
  return `"${text.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
}

/** The condition a row of `target` must meet to contain every term; null when there is nothing to look for. */
export function matchCondition(terms: readonly SearchTerm[], target: MatchTarget): SqlCondition | null {
  const parts: string[] = [];
  const params: SQLInputValue[] = [];
  const { alias } = target;

  const words = terms.flatMap((t) => (t.kind === 'words' ? [ftsPhrase(t.text, t.prefix)] : []));
  if (words.length > 0) {
    parts.push(`${alias}.rowid IN (SELECT rowid FROM ${target.words} WHERE ${target.words} MATCH ?)`);
    params.push(words.join(' '));
  }

  const substrings = terms.flatMap((t) => (t.kind === 'substring' ? [t.text] : []));
  const long = substrings.filter((s) => [...s].length >= trigramLength);
  const short = substrings.filter((s) => [...s].length < trigramLength);
  if (substrings.length > 0) parts.push(`${alias}.unspaced = 1`);
  if (long.length > 0) {
    parts.push(`${alias}.rowid IN (SELECT rowid FROM ${target.trigrams} WHERE ${target.trigrams} MATCH ?)`);
    params.push(long.map((s) => ftsPhrase(s, false)).join(' '));
  }
  for (const text of short) {
    parts.push(`(${target.columns.map((c) => `instr(${alias}.${c}, ?) > 0`).join(' OR ')})`);
    params.push(...target.columns.map(() => text));
  }

  return parts.length === 0 ? null : { sql: parts.join(' AND '), params };
}
