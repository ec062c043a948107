import type { SQLInputValue } from 'node:sqlite';
import type { SearchTerm } from '../../../common/search/search-text';

/** Rows to search and the condition they must meet; user text only ever travels as parameters. */
export interface SqlMatch {
  /** A FROM clause: the table under its alias, joined to the full-text tables that drive the lookup. */
  from: string;
  where: string;
  params: SQLInputValue[];
}

/** Which tables and columns a condition is built for. */
export interface MatchTarget {
  table: string;
  alias: string;
  words: string;
  trigrams: string;
  /** Qualified text columns, scanned for substrings too short for the trigram index. */
  columns: readonly string[];
  /** Joins the table holding those columns, when it is not the target table itself. */
  textJoin?: string;
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

/** The rows of `target` that contain every term; null when there is nothing to look for. */
export function matchCondition(terms: readonly SearchTerm[], target: MatchTarget): SqlMatch | null {
  // Joining the full-text tables (rather than `rowid IN (subquery)`) lets SQLite walk the
  // matches once instead of materializing them first: three times faster on a common word.
  const joins: string[] = [];
  const parts: string[] = [];
  const params: SQLInputValue[] = [];
  const { alias } = target;

  const words = terms.flatMap((t) => (t.kind === 'words' ? [ftsPhrase(t.text, t.prefix)] : []));
  if (words.length > 0) {
    joins.push(`JOIN ${target.words} ON ${target.words}.rowid = ${alias}.rowid`);
    parts.push(`${target.words} MATCH ?`);
    params.push(words.join(' '));
  }

  const substrings = terms.flatMap((t) => (t.kind === 'substring' ? [t.text] : []));
  const long = substrings.filter((s) => [...s].length >= trigramLength);
  const short = substrings.filter((s) => [...s].length < trigramLength);
  if (substrings.length > 0) parts.push(`${alias}.unspaced = 1`);
  if (long.length > 0) {
    joins.push(`JOIN ${target.trigrams} ON ${target.trigrams}.rowid = ${alias}.rowid`);
    parts.push(`${target.trigrams} MATCH ?`);
    params.push(long.map((s) => ftsPhrase(s, false)).join(' '));
  }
  if (short.length > 0 && target.textJoin !== undefined) joins.push(target.textJoin);
  for (const text of short) {
    parts.push(`(${target.columns.map((c) => `instr(${c}, ?) > 0`).join(' OR ')})`);
    params.push(...target.columns.map(() => text));
  }

  if (parts.length === 0) return null;
  return { from: [`${target.table} ${alias}`, ...joins].join(' '), where: parts.join(' AND '), params };
}
