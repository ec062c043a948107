import { z } from 'zod';
import type { ListenResponse } from '../deepgram-response';

/**
 * Replaces a run of Deepgram's words on one channel: words `from` (inclusive) to `to` (exclusive)
 * of `results.channels[channel].alternatives[0].words` become the words of `text`, spread over the
 * time the replaced words took. `text: ''` deletes them; `from === to` inserts at that position.
 * A word edit is a range of one word; a rewritten paragraph is the range of its words.
 */
export const wordRangeEditSchema = z.object({
  channel: z.number().int().min(0).max(255),
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  text: z.string().max(100_000),
  /** Gives the range to another speaker (a diarization fix); omitted keeps the first replaced word's. */
  speaker: z.number().int().min(0).max(1000).optional(),
});
export type WordRangeEdit = z.infer<typeof wordRangeEditSchema>;

/** The edit layer over an immutable Deepgram response. Ranges index the original words, never each other's output. */
export const transcriptEditsSchema = z.object({
  ranges: z.array(wordRangeEditSchema).max(100_000),
});
export type TranscriptEdits = z.infer<typeof transcriptEditsSchema>;

/**
 * Display names. Keys are made with `speakerKey`, `channelKey` and `channelSpeakerKey`; a missing or
 * blank name falls back to "Speaker N" (numbered from 1) or the channel's default label.
 */
export const speakerNamesSchema = z.record(z.string().regex(/^(speaker:\d{1,4}|channel:\d{1,3}(:speaker:\d{1,4})?)$/, 'Not a speaker or channel key.'), z.string().max(200));
export type SpeakerNames = z.infer<typeof speakerNamesSchema>;

/** What every export reads: Deepgram's response with the user's names and edits on top. */
export interface EditedTranscript {
  title: string;
  response: ListenResponse;
  speakerNames: SpeakerNames;
  edits?: TranscriptEdits;
}

/** Name key of a Deepgram speaker in a one-channel transcript. */
export function speakerKey(speaker: number): string {
  return `speaker:${speaker}`;
}

/** Name key of a channel in a multichannel transcript. */
export function channelKey(channel: number): string {
  return `channel:${channel}`;
}

/** Name key of a diarized speaker inside one channel of a multichannel transcript. */
export function channelSpeakerKey(channel: number, speaker: number): string {
  return `channel:${channel}:speaker:${speaker}`;
}

/** The label a channel has until it is renamed: a two-channel recording is the user and the others. */
export function defaultChannelLabel(channel: number, channelCount: number): string {
  if (channelCount === 2) return channel === 0 ? 'You' : 'Others';
  return `Channel ${channel + 1}`;
}

// Line breaks or control characters in a name would break the structure of SRT, VTT and DOCX.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A user-given name or word made safe to put inside any export: one line, no control characters. */
export function cleanLabel(text: string): string {
  return text.replace(loneSurrogate, '').replace(controlChars, ' ').replace(/\s+/g, ' ').trim();
}

function named(names: SpeakerNames, key: string): string | undefined {
  const name = names[key];
  if (name === undefined) return undefined;
  const clean = cleanLabel(name);
  return clean === '' ? undefined : clean;
}

/** Who speaks a stretch of the transcript, as shown in every export; null when nobody is distinguished. */
export function resolveLabel(
  names: SpeakerNames,
  place: { channel: number; speaker: number | null; channelCount: number; speakersInChannel: number },
): string | null {
  const { channel, speaker, channelCount, speakersInChannel } = place;
  if (channelCount > 1) {
    const channelName = named(names, channelKey(channel)) ?? defaultChannelLabel(channel, channelCount);
    if (speaker === null) return channelName;
    const own = named(names, channelSpeakerKey(channel, speaker));
    if (own !== undefined) return own;
    return speakersInChannel > 1 ? `${channelName} (Speaker ${speaker + 1})` : channelName;
  }
  if (speaker === null) return null;
  return named(names, speakerKey(speaker)) ?? `Speaker ${speaker + 1}`;
}
