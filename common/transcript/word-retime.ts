import { spreadTokens, tokenize } from './source-transcript';
import type { TimedWord } from './source-transcript';

/** Beyond this many cells the word alignment is skipped and the changed middle is re-spread. */
const maxAlignmentCells = 4_000_000;

/** Time given to each word added at a paragraph's edge, when there is room for it. */
const edgeWordSec = 0.3;

/** Where a paragraph's words may go: its own span, and the silence around it. */
export interface RetimeSpan {
  start: number;
  end: number;
  room: { start: number; end: number };
}

/**
 * The words of `newText`, timed from `old`: a word that survives the edit keeps its start and end
 * (a change of case or punctuation still counts as the same word). New words between two
 * survivors share the gap between them evenly; new words before the first or after the last
 * survivor take the paragraph's span beyond it and, if that is too short, reach into the silence
 * beside the paragraph; a paragraph retyped from scratch is spread over its span. Times stay in
 * order and never overlap.
 */
export function retimeWords(old: readonly TimedWord[], newText: string, span: RetimeSpan): TimedWord[] {
  const tokens = tokenize(newText);
  const matches = alignWords(old.map((w) => matchKey(w.text)), tokens.map(matchKey));
  const survivors = tokens.map((token, j) => {
    const i = matches[j];
    const word = i === undefined || i < 0 ? undefined : old[i];
    return word ? { ...word, text: token } : undefined;
  });
  const result: TimedWord[] = [];
  let pending: string[] = [];
  let previous: TimedWord | undefined;
  const place = (next: TimedWord | undefined): void => {
    if (pending.length === 0) return;
    const wanted = pending.length * edgeWordSec;
    let lo: number;
    let hi: number;
    if (previous === undefined && next !== undefined) {
      hi = next.start;
      lo = Math.min(hi, Math.max(span.room.start, Math.min(span.start, hi - wanted)));
    } else if (previous !== undefined && next === undefined) {
      lo = previous.end;
      hi = Math.max(lo, Math.min(span.room.end, Math.max(span.end, lo + wanted)));
    } else {
      lo = previous?.end ?? span.start;
      // Deepgram's words do not overlap, but a layer made against a damaged response might.
      hi = Math.max(lo, next?.start ?? span.end);
    }
    result.push(...spreadTokens(pending, lo, hi));
    pending = [];
  };
  tokens.forEach((token, j) => {
    const survivor = survivors[j];
    if (!survivor) {
      pending.push(token);
      return;
    }
    place(survivor);
    result.push(survivor);
    previous = survivor;
  });
  place(undefined);
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
