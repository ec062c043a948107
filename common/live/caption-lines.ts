import type { CaptionLine, CaptionSegment, CaptionUpdate, Lane, LiveDraft } from '../live';

/** A draft with no text yet. */
export function emptyDraft(recordingId: string, channels: 1 | 2): LiveDraft {
  return { version: 1, recordingId, channels, lines: [], gaps: [], names: {} };
}

function openLineIndex(lines: readonly CaptionLine[], lane: Lane): number {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i];
    if (line && line.lane === lane && !line.closed) return i;
  }
  return -1;
}

/** Where a line starting at `start` goes so that lines stay ordered by start (after equal starts). */
function insertionIndex(lines: readonly CaptionLine[], start: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((lines[mid]?.start ?? 0) <= start) low = mid + 1;
    else high = mid;
  }
  return low;
}

function joinText(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  return `${a} ${b}`;
}

function appendFinal(lines: CaptionLine[], segment: CaptionSegment): void {
  const open = openLineIndex(lines, segment.lane);
  const line = open >= 0 ? lines[open] : undefined;
  if (line && line.speaker === segment.speaker) {
    lines[open] = { ...line, text: joinText(line.text, segment.text), end: Math.max(line.end, segment.end) };
    return;
  }
  // Another speaker on the same lane starts a new line.
  if (line) lines[open] = { ...line, closed: true };
  const next: CaptionLine = { lane: segment.lane, start: segment.start, end: segment.end, text: segment.text, closed: false };
  if (segment.speaker !== undefined) next.speaker = segment.speaker;
  lines.splice(insertionIndex(lines, next.start), 0, next);
}

/**
 * The draft after one caption update: finals join their lane's open line (or open one), `lineEnds`
 * close the lane's open line. Interim text is not part of the draft. The given draft is not changed;
 * lines that did not change are shared with it.
 */
export function applyCaptionUpdate(draft: LiveDraft, update: CaptionUpdate): LiveDraft {
  if (update.recordingId !== draft.recordingId) return draft;
  const finals = update.finals.filter((segment) => segment.text.trim() !== '');
  const ends = update.lineEnds.filter((lane) => openLineIndex(draft.lines, lane) >= 0 || finals.some((f) => f.lane === lane));
  if (finals.length === 0 && ends.length === 0) return draft;
  const lines = [...draft.lines];
  for (const segment of finals) appendFinal(lines, segment);
  for (const lane of ends) {
    const open = openLineIndex(lines, lane);
    const line = lines[open];
    if (line) lines[open] = { ...line, closed: true };
  }
  return { ...draft, lines };
}

/** The draft's text, one line per caption line, for tests and plain-text views. */
export function draftText(draft: LiveDraft): string {
  return draft.lines.map((line) => line.text).join('\n');
}

/** The draft with the stretch `fromSec`–`toSec` marked as having no text; a gap touching the last one extends it. */
export function addGap(draft: LiveDraft, fromSec: number, toSec: number): LiveDraft {
  const from = Math.round(fromSec * 1000) / 1000;
  const to = Math.round(toSec * 1000) / 1000;
  if (to <= from) return draft;
  const gaps = [...draft.gaps];
  const last = gaps.at(-1);
  // Closer than 10 ms is the same instant.
  if (last && last.toSec >= from - 0.01) gaps[gaps.length - 1] = { fromSec: Math.min(last.fromSec, from), toSec: Math.max(last.toSec, to) };
  else gaps.push({ fromSec: from, toSec: to });
  return { ...draft, gaps };
}
