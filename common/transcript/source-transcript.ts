import type { ListenResponse, ListenWord } from '../deepgram-response';

/** A word with its time span in seconds; `interpolated` when the time is an estimate, not Deepgram's. */
export interface TimedWord {
  text: string;
  start: number;
  end: number;
  confidence?: number;
  interpolated: boolean;
}

/**
 * Who reads a paragraph: `s<n>` is diarized speaker n, `ch<c>` channel c of a multichannel
 * recording, `ch<c>.s<n>` speaker n within channel c.
 */
export type SpeakerKey = string;

export const speakerKeyPattern = /^(s\d{1,4}|ch\d{1,3}(\.s\d{1,4})?)$/;

/**
 * `<channel>:<index of its first word>` in the original response: it names a paragraph for as
 * long as the response exists, whatever edits are made around it.
 */
export type ParagraphKey = string;

export const paragraphKeyPattern = /^\d{1,3}:\d{1,9}$/;

/** A paragraph as Deepgram returned it, before any edit. */
export interface SourceParagraph {
  key: ParagraphKey;
  channel: number;
  speaker: SpeakerKey | null;
  /** Deepgram's span of the paragraph: a retyped paragraph's words are spread over it. */
  start: number;
  end: number;
  /** The silence around it, up to its neighbours on the channel: words added at either edge may reach into it. */
  room: { start: number; end: number };
  words: readonly TimedWord[];
  /** The words joined, computed once. */
  text: string;
}

export interface SourceTranscript {
  channels: number;
  /** Ordered by start time, channel 0 first on ties. */
  paragraphs: readonly SourceParagraph[];
  byKey: ReadonlyMap<ParagraphKey, SourceParagraph>;
}

/** A silence longer than this starts a new paragraph when only words are available (as in toParagraphs). */
const paragraphPauseSec = 1.5;

/** How far words added at a paragraph's edge may reach into the silence beside it. */
const edgeRoomSec = 1;

interface Segment {
  start: number;
  end: number;
  speaker: number | null;
  /** Text to split into words when the channel has no words at all. */
  text: string;
  numWords?: number;
}

interface Group {
  first: number;
  words: TimedWord[];
  speaker: number | null;
  start: number;
  end: number;
}

/**
 * Splits every channel of a pre-recorded response into paragraphs of timed words, using the
 * richest structure Deepgram returned, in the order toParagraphs uses: paragraphs, then
 * utterances, then pauses between words, then the plain transcript.
 */
export function buildSourceTranscript(response: ListenResponse): SourceTranscript {
  const channelCount = response.results.channels.length;
  const multichannel = channelCount > 1;
  const paragraphs: SourceParagraph[] = [];
  response.results.channels.forEach((channel, c) => {
    for (const group of channelGroups(response, c, channel.alternatives[0])) {
      if (group.words.length === 0) continue;
      paragraphs.push({
        key: `${c}:${group.first}`,
        channel: c,
        speaker: speakerKey(c, group.speaker, multichannel),
        start: Math.min(group.start, group.words[0]?.start ?? group.start),
        end: Math.max(group.end, group.words.at(-1)?.end ?? group.end),
        words: group.words,
        text: group.words.map((w) => w.text).join(' '),
        room: { start: 0, end: 0 },
      });
    }
  });
  paragraphs.sort((a, b) => a.start - b.start || a.channel - b.channel);
  const duration = response.metadata.duration ?? 0;
  for (let c = 0; c < channelCount; c += 1) {
    const own = paragraphs.filter((p) => p.channel === c);
    own.forEach((p, i) => {
      const previousEnd = own[i - 1]?.end ?? 0;
      const nextStart = own[i + 1]?.start ?? Math.max(duration, p.end);
      p.room = { start: Math.min(p.start, Math.max(previousEnd, p.start - edgeRoomSec)), end: Math.max(p.end, Math.min(nextStart, p.end + edgeRoomSec)) };
    });
  }
  return { channels: channelCount, paragraphs, byKey: new Map(paragraphs.map((p) => [p.key, p])) };
}

function speakerKey(channel: number, speaker: number | null, multichannel: boolean): SpeakerKey | null {
  if (multichannel) return speaker === null ? `ch${channel}` : `ch${channel}.s${speaker}`;
  return speaker === null ? null : `s${speaker}`;
}

type Alternative = ListenResponse['results']['channels'][number]['alternatives'][number];

function channelGroups(response: ListenResponse, channel: number, alternative: Alternative | undefined): Group[] {
  const words = alternative?.words ?? [];
  const paragraphs = alternative?.paragraphs?.paragraphs ?? [];
  if (paragraphs.length > 0) {
    const segments: Segment[] = paragraphs.map((p) => ({
      start: p.start,
      end: p.end,
      speaker: p.speaker ?? null,
      text: p.sentences.map((s) => s.text).join(' '),
      ...(typeof p['num_words'] === 'number' ? { numWords: p['num_words'] } : {}),
    }));
    return groupBySegments(words, segments);
  }

  const utterances = (response.results.utterances ?? []).filter((u) => (u.channel ?? 0) === channel);
  if (utterances.length > 0) {
    const segments = utterances.map((u) => ({ start: u.start, end: u.end, speaker: u.speaker ?? null, text: u.transcript, numWords: u.words.length }));
    // Older responses carry words only inside the utterances.
    const source = words.length > 0 ? words : utterances.flatMap((u) => u.words);
    return mergeUtteranceGroups(groupBySegments(source, segments));
  }

  if (words.length > 0) return groupByPauses(words);

  const transcript = alternative?.transcript.trim() ?? '';
  if (transcript === '') return [];
  const end = response.metadata.duration ?? 0;
  return [{ first: 0, words: spreadText(transcript, 0, end), speaker: null, start: 0, end }];
}

function timed(word: ListenWord): TimedWord {
  return {
    text: word.punctuated_word ?? word.word,
    start: word.start,
    end: word.end,
    ...(word.confidence === undefined ? {} : { confidence: word.confidence }),
    interpolated: false,
  };
}

/** Words of a segment list: by the segments' word counts when they add up, by start times otherwise. */
function groupBySegments(words: readonly ListenWord[], segments: Segment[]): Group[] {
  if (words.length === 0) {
    let first = 0;
    return segments.map((s) => {
      const spread = spreadText(s.text, s.start, s.end);
      const group = { first, words: spread, speaker: s.speaker, start: s.start, end: s.end };
      first += spread.length;
      return group;
    });
  }
  const counted = segments.every((s) => s.numWords !== undefined) && segments.reduce((sum, s) => sum + (s.numWords ?? 0), 0) === words.length;
  const groups: Group[] = segments.map((s) => ({ first: 0, words: [], speaker: s.speaker, start: s.start, end: s.end }));
  let segment = 0;
  let left = segments[0]?.numWords ?? 0;
  words.forEach((word, i) => {
    if (counted) {
      while (left === 0 && segment < segments.length - 1) left = segments[++segment]?.numWords ?? 0;
      left -= 1;
    } else {
      // A word belongs to the last segment that starts at or before it (small tolerance for float noise).
      while (segment < segments.length - 1 && (segments[segment + 1]?.start ?? Infinity) <= word.start + 1e-6) segment += 1;
    }
    const group = groups[segment];
    if (!group) return;
    if (group.words.length === 0) group.first = i;
    group.words.push(timed(word));
  });
  return groups;
}

/** Same rule as toParagraphs: a speaker's consecutive utterances form one paragraph; without speakers, only across short pauses. */
function mergeUtteranceGroups(groups: Group[]): Group[] {
  const result: Group[] = [];
  for (const group of groups) {
    if (group.words.length === 0) continue;
    const current = result.at(-1);
    const continues = current !== undefined && current.speaker === group.speaker && (group.speaker !== null || group.start - current.end <= paragraphPauseSec);
    if (current && continues) {
      current.words.push(...group.words);
      current.end = Math.max(current.end, group.end);
    } else {
      result.push({ ...group, words: [...group.words] });
    }
  }
  return result;
}

function groupByPauses(words: readonly ListenWord[]): Group[] {
  const result: Group[] = [];
  words.forEach((word, i) => {
    const speaker = word.speaker ?? null;
    const current = result.at(-1);
    if (current && current.speaker === speaker && word.start - current.end <= paragraphPauseSec) {
      current.words.push(timed(word));
      current.end = Math.max(current.end, word.end);
    } else {
      result.push({ first: i, words: [timed(word)], speaker, start: word.start, end: word.end });
    }
  });
  return result;
}

/** Words of a text with no timings of their own, spread evenly over [start, end]. */
export function spreadText(text: string, start: number, end: number): TimedWord[] {
  const tokens = tokenize(text);
  return spreadTokens(tokens, start, end);
}

/** Tokens placed one after another over [start, end], each an equal share, never overlapping. */
export function spreadTokens(tokens: readonly string[], start: number, end: number): TimedWord[] {
  const hi = Math.max(start, end);
  const step = (hi - start) / Math.max(tokens.length, 1);
  return tokens.map((text, i) => ({
    text,
    start: i === 0 ? start : start + step * i,
    end: i === tokens.length - 1 ? hi : start + step * (i + 1),
    interpolated: true,
  }));
}

/** Whitespace-separated tokens of a text. */
export function tokenize(text: string): string[] {
  return text.split(/\s+/u).filter((t) => t !== '');
}
