import type { CaptionSegment, Lane } from '../../../common/live';
import type { LiveResults, LiveWord } from './live-messages';

/** Times closer than this are the same instant (Deepgram rounds to milliseconds). */
const epsilon = 0.001;

export interface MappedResults {
  lane: Lane;
  /** Recording time just past this message's span: where the lane is committed to once it is final. */
  end: number;
  finals: CaptionSegment[];
  /** The provisional text (empty: none), for `is_final:false`. */
  interim: { start: number; text: string } | null;
  lineEnd: boolean;
}

function wordText(word: LiveWord): string {
  return word.punctuated_word ?? word.word;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * A Results message placed on the recording's time line (`offset` is the recording time of the
 * connection's first byte). Words whose middle lies before `committed` (the lane's last final
 * end) were already transcribed by an earlier connection and are dropped, so a replayed seam has
 * neither overlap nor repeated words; what is left starts no earlier than `committed`. With
 * diarization a final is split where the speaker changes.
 */
export function mapResults(message: LiveResults, offset: number, committed: number, diarized: boolean): MappedResults | null {
  const laneIndex = message.channel_index[0] ?? 0;
  if (laneIndex !== 0 && laneIndex !== 1) return null;
  const lane: Lane = laneIndex;
  const alternative = message.channel.alternatives[0];
  const start = round(offset + message.start);
  const end = round(offset + message.start + message.duration);
  const isFinal = message.is_final === true;
  const mapped: MappedResults = { lane, end, finals: [], interim: null, lineEnd: isFinal && message.speech_final === true };
  if (!alternative) return mapped;
  const words = alternative.words.map((w) => ({ ...w, start: round(offset + w.start), end: round(offset + w.end) }));
  const kept = words.filter((w) => (w.start + w.end) / 2 >= committed - epsilon);
  const trimmed = kept.length < words.length;
  const from = Math.max(start, committed);
  // A span an earlier connection already finalised: its pause, if any, was heard then.
  if (end <= committed + epsilon) return { ...mapped, lineEnd: false };
  const textOf = (list: typeof words): string => list.map(wordText).join(' ');
  const text = trimmed ? textOf(kept) : alternative.transcript.trim();

  if (!isFinal) {
    mapped.interim = { start: Math.max(from, kept[0]?.start ?? from), text };
    return mapped;
  }
  if (text === '') return mapped;
  const speakers = new Set(kept.map((w) => w.speaker));
  if (!diarized || speakers.size <= 1 || kept.some((w) => w.speaker === undefined)) {
    const segment: CaptionSegment = { lane, start: from, end: Math.max(from, end), text };
    const speaker = kept[0]?.speaker;
    if (diarized && speaker !== undefined) segment.speaker = speaker;
    mapped.finals.push(segment);
    return mapped;
  }
  let run: typeof kept = [];
  const flush = (last: boolean): void => {
    const first = run[0];
    const final = run.at(-1);
    if (!first || !final) return;
    const segmentStart = mapped.finals.length === 0 ? from : Math.max(from, first.start);
    const segmentEnd = last ? Math.max(segmentStart, end) : Math.max(segmentStart, final.end);
    const segment: CaptionSegment = { lane, start: segmentStart, end: segmentEnd, text: textOf(run) };
    if (first.speaker !== undefined) segment.speaker = first.speaker;
    mapped.finals.push(segment);
    run = [];
  };
  for (const word of kept) {
    if (run.length > 0 && run[0]?.speaker !== word.speaker) flush(false);
    run.push(word);
  }
  flush(true);
  return mapped;
}
