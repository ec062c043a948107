import type { ExportDocument } from './export-document';

/** How captions are cut: characters per line (as a reader counts them), lines per cue, speaker names shown. */
export interface CaptionOptions {
  maxLineLength: number;
  maxLinesPerCue: number;
  speakerLabels: boolean;
}

/** One caption on screen, in whole milliseconds. */
export interface Cue {
  startMs: number;
  endMs: number;
  label: string | null;
  /** Written before the first line (SRT's speaker name); room for it is kept on that line. */
  prefix: string;
  lines: string[];
}

/** A silence longer than this ends a cue, so a caption never hangs over a pause. */
const cueGapSec = 1;
/** Longest a single cue stays on screen. */
const maxCueSec = 7;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length as a reader sees it: an emoji or an accented letter is one character. */
export function visibleLength(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  return Array.from(graphemes.segment(text)).length;
}

interface DraftCue {
  start: number;
  end: number;
  prefix: string;
  lines: string[];
  /** Visible length of each line, the prefix counted on the first: kept so that no line is measured twice. */
  lengths: number[];
}

/**
 * Cuts the transcript into cues that never overlap and always move forward, each filled greedily to
 * the line length. A cue holds one speaker's words; `prefixFor` gives the speaker prefix written
 * inline on a cue's first line (SRT), whose room is kept on that line, or '' for none.
 */
export function buildCues(doc: ExportDocument, options: CaptionOptions, prefixFor: (label: string | null, previous: string | null | undefined) => string): Cue[] {
  const cues: Cue[] = [];
  const maxLength = Math.max(1, Math.floor(options.maxLineLength));
  const maxLines = Math.max(1, Math.floor(options.maxLinesPerCue));
  for (const segment of doc.segments) {
    const label = options.speakerLabels ? segment.label : null;
    const push = (draft: DraftCue): void => {
      cues.push({ startMs: toMs(draft.start), endMs: toMs(draft.end), label, prefix: draft.prefix, lines: draft.lines });
    };
    let draft: DraftCue | null = null;
    for (const word of segment.words) {
      const length = visibleLength(word.text);
      if (draft !== null) {
        const tooLate = word.start - draft.end > cueGapSec || word.end - draft.start > maxCueSec;
        const wraps = (draft.lengths[draft.lengths.length - 1] ?? 0) + 1 + length > maxLength;
        const full = wraps && draft.lines.length >= maxLines;
        // A sentence that ends at the end of a line ends the cue: the next one starts clean.
        const sentenceDone = wraps && endsSentence(draft.lines[draft.lines.length - 1] ?? '');
        if (tooLate || full || sentenceDone) {
          push(draft);
          draft = null;
        } else if (wraps) {
          draft.lines.push(word.text);
          draft.lengths.push(length);
        } else {
          const last = draft.lines.length - 1;
          draft.lines[last] = `${draft.lines[last] ?? ''} ${word.text}`;
          draft.lengths[last] = (draft.lengths[last] ?? 0) + 1 + length;
        }
        if (draft !== null) draft.end = Math.max(draft.end, word.end);
      }
      if (draft === null) {
        const previous = cues.length === 0 ? undefined : cues[cues.length - 1]?.label;
        const prefix = prefixFor(label, previous);
        draft = { start: word.start, end: word.end, prefix, lines: [word.text], lengths: [visibleLength(prefix) + length] };
      }
    }
    if (draft !== null) push(draft);
  }
  return orderCues(cues);
}

function endsSentence(line: string): boolean {
  return /[.?!…。？！]["'”’)\]]?$/.test(line);
}

function toMs(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
}

/**
 * Channels speak over each other; caption players show one cue at a time in SRT, so cues are
 * sorted, each starts at least 1 ms after the one before, and ends no later than the next begins.
 */
function orderCues(cues: Cue[]): Cue[] {
  const sorted = cues.map((c) => ({ ...c })).sort((a, b) => a.startMs - b.startMs);
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const cue = sorted[i];
    if (previous !== undefined && cue !== undefined && cue.startMs <= previous.startMs) cue.startMs = previous.startMs + 1;
  }
  for (let i = 0; i < sorted.length; i += 1) {
    const cue = sorted[i];
    if (cue === undefined) continue;
    cue.endMs = Math.max(cue.endMs, cue.startMs + 1);
    const next = sorted[i + 1];
    if (next !== undefined) cue.endMs = Math.min(cue.endMs, next.startMs);
  }
  return sorted;
}

/** A time as `HH:MM:SS,mmm` (SRT) or `HH:MM:SS.mmm` (WebVTT); hours grow past 99 rather than wrap. */
export function formatCueTime(ms: number, separator: ',' | '.'): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const milli = total % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${separator}${String(milli).padStart(3, '0')}`;
}

/** SubRip: numbered cues; the speaker's name opens the first cue after the speaker changes. */
export function toSrt(doc: ExportDocument, options: CaptionOptions): string {
  const room = Math.max(1, Math.floor(options.maxLineLength / 2));
  const cues = buildCues(doc, options, (label, previous) => (label !== null && label !== previous ? `${shorten(label, room)}: ` : ''));
  const blocks = cues.map((cue, index) => {
    const lines = cue.lines.map((line, i) => srtText(i === 0 ? cue.prefix + line : line));
    return `${index + 1}\n${formatCueTime(cue.startMs, ',')} --> ${formatCueTime(cue.endMs, ',')}\n${lines.join('\n')}\n`;
  });
  return blocks.join('\n');
}

/** A name cut to `max` characters, so that it leaves room on the line for words. */
function shorten(label: string, max: number): string {
  const parts = Array.from(graphemes.segment(label), (s) => s.segment);
  return parts.length <= max ? label : `${parts.slice(0, max - 1).join('').trimEnd()}…`;
}

// An arrow inside cue text can be taken for a timing line by lenient SRT readers.
function srtText(text: string): string {
  return text.replaceAll('-->', '→');
}

/** WebVTT: the title as a note, every cue tagged with its speaker as a voice span. */
export function toWebVtt(doc: ExportDocument, options: CaptionOptions): string {
  const cues = buildCues(doc, options, () => '');
  const out = ['WEBVTT', ''];
  if (doc.title !== '') out.push(`NOTE ${doc.title.replaceAll('-->', '→')}`, '');
  for (const cue of cues) {
    out.push(`${formatCueTime(cue.startMs, '.')} --> ${formatCueTime(cue.endMs, '.')}`);
    const voice = cue.label !== null ? `<v ${escapeVtt(cue.label)}>` : '';
    cue.lines.forEach((line, i) => out.push(`${i === 0 ? voice : ''}${escapeVtt(line)}`));
    out.push('');
  }
  return out.join('\n');
}

function escapeVtt(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
