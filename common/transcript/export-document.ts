import { z } from 'zod';
import type { ListenResponse } from '../deepgram-response';
import { cleanLabel, resolveLabel } from './export-input';
import type { EditedTranscript, WordRangeEdit } from './export-input';

/** One word as exported: the user's text with the time it was (or is estimated to have been) said. */
export interface ExportWord {
  text: string;
  start: number;
  end: number;
}

/** A paragraph read by one speaker on one channel, names and edits applied. */
export interface ExportSegment {
  channel: number;
  speaker: number | null;
  /** The display name, or null when the transcript tells no speakers or channels apart. */
  label: string | null;
  start: number;
  end: number;
  text: string;
  words: ExportWord[];
}

/** Everything an export format needs, independent of the shape Deepgram answered in. */
export interface ExportDocument {
  title: string;
  durationSec: number;
  requestId: string | null;
  channelCount: number;
  summary: string | null;
  /** In order of start time across all channels; never empty-text. */
  segments: ExportSegment[];
}

interface Token extends ExportWord {
  speaker: number | null;
}

/** A silence longer than this starts a new paragraph when Deepgram gave no paragraphs. */
const paragraphPauseSec = 1.5;

/** Applies names and edits to a response and splits it into paragraphs for export. */
export function buildExportDocument(input: EditedTranscript): ExportDocument {
  const { response } = input;
  const channels = response.results.channels;
  const channelCount = Math.max(1, channels.length);
  const duration = response.metadata.duration ?? 0;

  const segments: ExportSegment[] = [];
  channels.forEach((_channel, index) => {
    const tokens = channelTokens(response, index, duration, (input.edits?.ranges ?? []).filter((r) => r.channel === index));
    const raw = splitParagraphs(tokens, paragraphStarts(response, index));
    const speakersInChannel = new Set(raw.map((s) => s.speaker).filter((s) => s !== null)).size;
    for (const seg of raw) {
      const label = resolveLabel(input.speakerNames, { channel: index, speaker: seg.speaker, channelCount, speakersInChannel });
      segments.push({ ...seg, channel: index, label });
    }
  });
  // Stable: paragraphs of different channels that start together keep channel order.
  segments.sort((a, b) => a.start - b.start);

  return {
    title: cleanLabel(input.title),
    durationSec: duration,
    requestId: response.metadata.request_id ?? null,
    channelCount,
    summary: readSummary(response),
    segments,
  };
}

function channelTokens(response: ListenResponse, channel: number, duration: number, edits: WordRangeEdit[]): Token[] {
  const alternative = response.results.channels[channel]?.alternatives[0];
  if (alternative === undefined) return [];
  const words: Token[] = alternative.words.map((w) => ({
    text: cleanLabel(w.punctuated_word ?? w.word),
    start: w.start,
    end: Math.max(w.start, w.end),
    speaker: w.speaker ?? null,
  }));
  if (words.length === 0) {
    // Only a transcript string: its words are spread over the whole audio so captions still work.
    return spread(alternative.transcript, 0, duration, null);
  }
  return applyEdits(words, edits).filter((t) => t.text !== '');
}

/** Replaces ranges of the original words; a range overlapping an earlier one or out of bounds is ignored. */
function applyEdits(words: Token[], edits: WordRangeEdit[]): Token[] {
  const accepted: WordRangeEdit[] = [];
  for (const edit of edits) {
    if (edit.from > edit.to || edit.to > words.length) continue;
    const overlaps = accepted.some((a) => edit.from < a.to && a.from < edit.to);
    const sameInsertPoint = edit.from === edit.to && accepted.some((a) => a.from === a.to && a.from === edit.from);
    if (!overlaps && !sameInsertPoint) accepted.push(edit);
  }
  // Insertions sort before a replacement starting at the same word.
  accepted.sort((a, b) => a.from - b.from || a.to - b.to);

  const result: Token[] = [];
  let next = 0;
  for (const edit of accepted) {
    result.push(...words.slice(next, edit.from));
    const replaced = words.slice(edit.from, edit.to);
    const before = words[edit.from - 1];
    const after = words[edit.to];
    const first = replaced[0];
    const last = replaced[replaced.length - 1];
    const start = first?.start ?? before?.end ?? after?.start ?? 0;
    const end = last?.end ?? after?.start ?? start;
    const speaker = edit.speaker ?? first?.speaker ?? before?.speaker ?? after?.speaker ?? null;
    result.push(...spread(edit.text, start, Math.max(start, end), speaker));
    next = edit.to;
  }
  result.push(...words.slice(next));
  return result;
}

/** Splits text into words timed in proportion to their length between `start` and `end`. */
function spread(text: string, start: number, end: number, speaker: number | null): Token[] {
  const parts = text.split(/\s+/).map(cleanLabel).filter((p) => p !== '');
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const span = end - start;
  let offset = 0;
  return parts.map((part) => {
    const wordStart = start + (span * offset) / total;
    offset += part.length;
    return { text: part, start: wordStart, end: start + (span * offset) / total, speaker };
  });
}

function paragraphStarts(response: ListenResponse, channel: number): number[] {
  const paragraphs = response.results.channels[channel]?.alternatives[0]?.paragraphs?.paragraphs ?? [];
  return paragraphs.map((p) => p.start).sort((a, b) => a - b);
}

/** Deepgram's paragraph starts when it gave some (they read best), otherwise speaker changes and pauses. */
function splitParagraphs(tokens: Token[], starts: number[]): Omit<ExportSegment, 'channel' | 'label'>[] {
  const result: Omit<ExportSegment, 'channel' | 'label'>[] = [];
  let current: { speaker: number | null; words: ExportWord[] } | null = null;
  let boundary = 1; // the first paragraph's start never splits
  for (const token of tokens) {
    let crossesParagraph = false;
    while (boundary < starts.length && token.start >= (starts[boundary] ?? Infinity) - 1e-6) {
      crossesParagraph = true;
      boundary += 1;
    }
    const previous = current?.words[current.words.length - 1];
    const pause = previous !== undefined && starts.length === 0 && token.start - previous.end > paragraphPauseSec;
    if (current === null || current.speaker !== token.speaker || crossesParagraph || pause) {
      current = { speaker: token.speaker, words: [] };
      result.push({ speaker: token.speaker, start: 0, end: 0, text: '', words: current.words });
    }
    current.words.push({ text: token.text, start: token.start, end: token.end });
  }
  for (const segment of result) {
    segment.start = segment.words[0]?.start ?? 0;
    segment.end = segment.words.reduce((end, w) => Math.max(end, w.end), segment.start);
    segment.text = segment.words.map((w) => w.text).join(' ');
  }
  return result;
}

const summaryV2Schema = z.looseObject({ short: z.string() });
const summariesV1Schema = z.array(z.looseObject({ summary: z.string().optional() }));

/** Summary v2 (`results.summary.short`) or v1 (`alternatives[].summaries[]`), whichever is present. */
export function readSummary(response: ListenResponse): string | null {
  const v2 = summaryV2Schema.safeParse(response.results['summary']);
  if (v2.success && cleanLabel(v2.data.short) !== '') return cleanLabel(v2.data.short);
  const v1 = summariesV1Schema.safeParse(response.results.channels[0]?.alternatives[0]?.['summaries']);
  if (v1.success) {
    const text = v1.data.map((s) => cleanLabel(s.summary ?? '')).filter((s) => s !== '').join(' ');
    if (text !== '') return text;
  }
  return null;
}
