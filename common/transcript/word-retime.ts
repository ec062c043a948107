import { spreadTokens, tokenize } from './source-transcript';
import type { TimedWord } from './source-transcript';

/** Beyond this many cells the word alignment is skipped and the changed middle is re-spread. */
const maxAlignmentCells = 4_000_000;

/**
 * The words of `newText`, timed from `old`: a word that survives the edit keeps its start and end
 * (a change of case or punctuation still counts as the same word); words that are new share
 * evenly the gap between their surviving neighbours, or the paragraph's edge, so that times stay
 * in order and never overlap.
 */
export function retimeWords(old: readonly TimedWord[], newText: string, span: { start: number; end: number }): TimedWord[] {
  const tokens = tokenize(newText);
  const matches = alignWords(old.map((w) => matchKey(w.text)), tokens.map(matchKey));
  const result: TimedWord[] = [];
  let pending: string[] = [];
  let previousEnd = span.start;

  const flushPending = (nextStart: number): void => {
    if (pending.length === 0) return;
    // Deepgram's words do not overlap, but a layer made against a damaged response might.
    const hi = Math.max(previousEnd, Math.min(nextStart, span.end));
    result.push(...spreadTokens(pending, previousEnd, hi));
    pending = [];
  };

  tokens.forEach((token, j) => {
    const i = matches[j];
    const survivor = i === undefined || i < 0 ? undefined : old[i];
    if (!survivor) {
      pending.push(token);
      return;
    }
    flushPending(survivor.start);
    result.push({ ...survivor, text: token });
    previousEnd = Math.max(previousEnd, survivor.end);
  });
  flushPending(span.end);
  return result;
}

/** The form two words are compared by: case, punctuation and compatibility forms ignored. */
function matchKey(text: string): string {
  const key = text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return key === '' ? text : key;
}

/**
 * For each new word, the index of the old word it is aligned to, or -1: a longest common
 * subsequence of the middle left once the common head and tail are taken off (a keystroke edit
 * leaves only a word or two there).
 */
export function alignWords(old: readonly string[], next: readonly string[]): number[] {
  const result = new Array<number>(next.length).fill(-1);
  let head = 0;
  while (head < old.length && head < next.length && old[head] === next[head]) {
    result[head] = head;
    head += 1;
  }
  let tail = 0;
  while (tail < old.length - head && tail < next.length - head && old[old.length - 1 - tail] === next[next.length - 1 - tail]) {
    result[next.length - 1 - tail] = old.length - 1 - tail;
    tail += 1;
  }
  const n = old.length - head - tail;
  const m = next.length - head - tail;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > maxAlignmentCells) return result;

  // lengths[i * (m + 1) + j]: LCS length of old[head + i ..] and next[head + j ..] within the middle.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        old[head + i] === next[head + j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (old[head + i] === next[head + j]) {
      result[head + j] = head + i;
      i += 1;
      j += 1;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return result;
}
