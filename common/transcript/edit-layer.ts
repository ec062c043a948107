import { z } from 'zod';
import type { ListenResponse } from '../deepgram-response';
import { buildSourceTranscript, paragraphKeyPattern, speakerKeyPattern } from './source-transcript';
import type { ParagraphKey, SourceParagraph, SourceTranscript, SpeakerKey, TimedWord } from './source-transcript';
import { retimeWords } from './word-retime';

export type { ParagraphKey, SpeakerKey, TimedWord } from './source-transcript';

export const maxSpeakerNameLength = 100;
export const maxParagraphTextLength = 200_000;

export const speakerKeySchema = z.string().regex(speakerKeyPattern);
export const paragraphKeySchema = z.string().regex(paragraphKeyPattern);

/** One change a person makes to a transcript. */
export const editOpSchema = z.discriminatedUnion('type', [
  /** Every paragraph of the speaker shows the new name; an empty name restores the default. */
  z.strictObject({ type: z.literal('renameSpeaker'), speaker: speakerKeySchema, name: z.string().max(maxSpeakerNameLength) }),
  /** Every paragraph read by `from` is read by `into` from now on. */
  z.strictObject({ type: z.literal('mergeSpeakers'), from: speakerKeySchema, into: speakerKeySchema }),
  /** One paragraph is read by another speaker (or by nobody in particular). */
  z.strictObject({ type: z.literal('reassignParagraph'), paragraph: paragraphKeySchema, speaker: speakerKeySchema.nullable() }),
  /** The paragraph's whole new text; an empty text removes the paragraph from the transcript. */
  z.strictObject({ type: z.literal('editParagraphText'), paragraph: paragraphKeySchema, text: z.string().max(maxParagraphTextLength) }),
]);
export type EditOp = z.infer<typeof editOpSchema>;

const timedWordSchema = z.strictObject({
  text: z.string().min(1).max(1000),
  start: z.number().finite(),
  end: z.number().finite(),
  confidence: z.number().optional(),
  interpolated: z.boolean(),
});

/** Edits folded out of the undo log: what differs from Deepgram's response. */
export const editBaseSchema = z.strictObject({
  names: z.record(speakerKeySchema, z.string().max(maxSpeakerNameLength)),
  speakers: z.record(paragraphKeySchema, speakerKeySchema.nullable()),
  words: z.record(paragraphKeySchema, z.array(timedWordSchema)),
});
export type EditBase = z.infer<typeof editBaseSchema>;

export const editEntrySchema = z.strictObject({ at: z.number().int().nonnegative(), op: editOpSchema });
export type EditEntry = z.infer<typeof editEntrySchema>;

/**
 * The edits of one transcript, kept apart from Deepgram's response: a base of folded edits,
 * then a log of operations of which the first `cursor` are in effect (the rest can be redone).
 */
export const editLayerSchema = z
  .strictObject({
    version: z.literal(1),
    base: editBaseSchema,
    entries: z.array(editEntrySchema).max(100_000),
    cursor: z.number().int().nonnegative(),
  })
  .refine((layer) => layer.cursor <= layer.entries.length, { message: 'cursor beyond the last entry', path: ['cursor'] });
export type EditLayer = z.infer<typeof editLayerSchema>;

/** A word of the edited transcript. */
export type EditedWord = TimedWord;

export interface EditedParagraph {
  key: ParagraphKey;
  /** Its place among all paragraphs of the response, deleted ones included: where it goes back on undo. */
  order: number;
  channel: number;
  speaker: SpeakerKey | null;
  /** The speaker's name as it is shown and exported; null for a paragraph nobody in particular reads. */
  speakerName: string | null;
  start: number;
  end: number;
  text: string;
  words: readonly EditedWord[];
  /** Its text differs from Deepgram's. */
  edited: boolean;
}

export interface EditedSpeaker {
  key: SpeakerKey;
  name: string;
  defaultName: string;
  paragraphs: number;
}

/** A transcript as the person edited it: what the viewer shows and exports and search read. */
export interface EditedTranscript {
  channels: number;
  paragraphs: EditedParagraph[];
  /** Speakers that read at least one paragraph, in order of first appearance. */
  speakers: EditedSpeaker[];
  /** Operations that named a paragraph this response does not have (a layer from elsewhere). */
  ignoredOps: number;
}

/** A layer with no edits. */
export function emptyEditLayer(): EditLayer {
  return { version: 1, base: { names: {}, speakers: {}, words: {} }, entries: [], cursor: 0 };
}

/** The name a speaker has until renamed: "You" and "Others" for the two channels of a recording. */
export function defaultSpeakerName(key: SpeakerKey, channels: number): string {
  const channelSpeaker = /^ch(\d+)\.s(\d+)$/.exec(key);
  if (channelSpeaker) return `${channelName(Number(channelSpeaker[1]), channels)} · Speaker ${Number(channelSpeaker[2]) + 1}`;
  const channel = /^ch(\d+)$/.exec(key);
  if (channel) return channelName(Number(channel[1]), channels);
  const speaker = /^s(\d+)$/.exec(key);
  return speaker ? `Speaker ${Number(speaker[1]) + 1}` : key;
}

function channelName(channel: number, channels: number): string {
  if (channels === 2) return channel === 0 ? 'You' : 'Others';
  return `Channel ${channel + 1}`;
}

/** The edits in effect, applied over the original paragraphs. Mutable while an edit layer is replayed. */
interface WorkingEdits {
  names: Map<SpeakerKey, string>;
  speakers: Map<ParagraphKey, SpeakerKey | null>;
  words: Map<ParagraphKey, readonly TimedWord[]>;
  ignored: number;
}

function workingFromBase(base: EditBase): WorkingEdits {
  return {
    names: new Map(Object.entries(base.names)),
    speakers: new Map(Object.entries(base.speakers)),
    words: new Map(Object.entries(base.words)),
    ignored: 0,
  };
}

function currentSpeaker(edits: WorkingEdits, paragraph: SourceParagraph): SpeakerKey | null {
  const override = edits.speakers.get(paragraph.key);
  return override === undefined ? paragraph.speaker : override;
}

function applyOp(edits: WorkingEdits, source: SourceTranscript, op: EditOp): void {
  switch (op.type) {
    case 'renameSpeaker': {
      const name = op.name.trim();
      if (name === '') edits.names.delete(op.speaker);
      else edits.names.set(op.speaker, name);
      return;
    }
    case 'mergeSpeakers': {
      if (op.from === op.into) return;
      for (const paragraph of source.paragraphs) {
        if (currentSpeaker(edits, paragraph) === op.from) edits.speakers.set(paragraph.key, op.into);
      }
      return;
    }
    case 'reassignParagraph': {
      if (!source.byKey.has(op.paragraph)) {
        edits.ignored += 1;
        return;
      }
      edits.speakers.set(op.paragraph, op.speaker);
      return;
    }
    case 'editParagraphText': {
      const paragraph = source.byKey.get(op.paragraph);
      if (!paragraph) {
        edits.ignored += 1;
        return;
      }
      edits.words.set(op.paragraph, retimeCached(edits.words.get(op.paragraph) ?? paragraph.words, op.text, paragraph));
      return;
    }
  }
}

/**
 * Every edit replays the whole log, so a text edit is re-diffed against the same words each time:
 * results are kept per words array (which the next edit of the paragraph then starts from), a
 * few texts each, and dropped with the array.
 */
const retimed = new WeakMap<readonly TimedWord[], Map<string, readonly TimedWord[]>>();
const retimedPerArray = 8;

const editedTexts = new WeakMap<readonly TimedWord[], { text: string; edited: boolean }>();

/** The text of a paragraph's words and whether it differs from Deepgram's, once per words array. */
function describeWords(words: readonly TimedWord[], paragraph: SourceParagraph): { text: string; edited: boolean } {
  if (words === paragraph.words) return { text: paragraph.text, edited: false };
  let known = editedTexts.get(words);
  if (!known) {
    known = { text: words.map((w) => w.text).join(' '), edited: !sameWords(words, paragraph.words) };
    editedTexts.set(words, known);
  }
  return known;
}

function retimeCached(old: readonly TimedWord[], text: string, span: SourceParagraph): readonly TimedWord[] {
  let byText = retimed.get(old);
  if (!byText) {
    byText = new Map();
    retimed.set(old, byText);
  }
  const hit = byText.get(text);
  if (hit) return hit;
  const words = retimeWords(old, text, span);
  if (byText.size >= retimedPerArray) byText.delete(byText.keys().next().value ?? '');
  byText.set(text, words);
  return words;
}

function replay(source: SourceTranscript, layer: EditLayer, upTo: number): WorkingEdits {
  const edits = workingFromBase(layer.base);
  for (const entry of layer.entries.slice(0, upTo)) applyOp(edits, source, entry.op);
  return edits;
}

function sameWords(a: readonly TimedWord[], b: readonly TimedWord[]): boolean {
  return a.length === b.length && a.every((w, i) => w.text === b[i]?.text && w.start === b[i].start && w.end === b[i].end);
}

/** Deepgram's paragraphs with the layer's edits in effect. */
export function applyEditsToSource(source: SourceTranscript, layer: EditLayer): EditedTranscript {
  const edits = replay(source, layer, layer.cursor);
  const speakers = new Map<SpeakerKey, EditedSpeaker>();
  const paragraphs: EditedParagraph[] = [];
  source.paragraphs.forEach((paragraph, order) => {
    const words = edits.words.get(paragraph.key) ?? paragraph.words;
    if (words.length === 0) return;
    const speaker = currentSpeaker(edits, paragraph);
    let entry: EditedSpeaker | undefined;
    if (speaker !== null) {
      entry = speakers.get(speaker);
      if (!entry) {
        const defaultName = defaultSpeakerName(speaker, source.channels);
        entry = { key: speaker, name: edits.names.get(speaker) ?? defaultName, defaultName, paragraphs: 0 };
        speakers.set(speaker, entry);
      }
      entry.paragraphs += 1;
    }
    paragraphs.push({
      key: paragraph.key,
      order,
      channel: paragraph.channel,
      speaker,
      speakerName: entry?.name ?? null,
      start: words[0]?.start ?? paragraph.start,
      end: words.at(-1)?.end ?? paragraph.end,
      ...describeWords(words, paragraph),
      words,
    });
  });
  return { channels: source.channels, paragraphs, speakers: [...speakers.values()], ignoredOps: edits.ignored };
}

/** A Deepgram response with an edit layer in effect; the response itself is left untouched. */
export function applyEdits(response: ListenResponse, layer: EditLayer): EditedTranscript {
  return applyEditsToSource(buildSourceTranscript(response), layer);
}

/** The first `count` entries folded into the base: the same transcript, a shorter undo log. */
export function foldEntries(source: SourceTranscript, layer: EditLayer, count: number): EditLayer {
  const folded = Math.min(count, layer.cursor);
  if (folded <= 0) return layer;
  const edits = replay(source, layer, folded);
  const base: EditBase = { names: Object.fromEntries(edits.names), speakers: {}, words: {} };
  for (const paragraph of source.paragraphs) {
    const speaker = edits.speakers.get(paragraph.key);
    if (speaker !== undefined && speaker !== paragraph.speaker) base.speakers[paragraph.key] = speaker;
    const words = edits.words.get(paragraph.key);
    if (words !== undefined && !sameWords(words, paragraph.words)) base.words[paragraph.key] = [...words];
  }
  return { version: 1, base, entries: layer.entries.slice(folded), cursor: layer.cursor - folded };
}
