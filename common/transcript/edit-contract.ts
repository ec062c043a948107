import { z } from 'zod';
import { idSchema } from '../domain';
import { appErrorSchema } from '../errors';
import { editOpSchema, paragraphKeySchema, speakerKeySchema } from './edit-layer';

// Shapes of the editing channels, ready to join the IPC contract: what main sends is parsed
// with them on the way out, so they describe the edited model field by field.

const editedWordSchema = z.object({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  confidence: z.number().optional(),
  interpolated: z.boolean(),
});

export const editedParagraphSchema = z.object({
  key: paragraphKeySchema,
  order: z.number().int().nonnegative(),
  channel: z.number().int().nonnegative(),
  speaker: speakerKeySchema.nullable(),
  speakerName: z.string().nullable(),
  start: z.number(),
  end: z.number(),
  text: z.string(),
  words: z.array(editedWordSchema).readonly(),
  edited: z.boolean(),
});

const editedSpeakerSchema = z.object({ key: speakerKeySchema, name: z.string(), defaultName: z.string(), paragraphs: z.number().int().nonnegative() });

export const editedTranscriptSchema = z.object({
  channels: z.number().int().nonnegative(),
  paragraphs: z.array(editedParagraphSchema),
  speakers: z.array(editedSpeakerSchema),
  ignoredOps: z.number().int().nonnegative(),
});

export const editPatchSchema = z.object({
  upserted: z.array(editedParagraphSchema),
  removed: z.array(paragraphKeySchema),
  speakers: z.array(editedSpeakerSchema),
  ignoredOps: z.number().int().nonnegative(),
});

export const editSessionSchema = z.object({
  transcript: editedTranscriptSchema,
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  damaged: z.object({ reason: z.string(), keptAt: z.string().nullable() }).nullable(),
  /** How many paragraphs the whole transcript has, when the answer holds only some of them. */
  paragraphsTotal: z.number().int().nonnegative().optional(),
});

/** At most this many paragraphs in one first-screen answer. */
export const maxParagraphsPerSlice = 1000;

export const editResultSchema = z.object({ patch: editPatchSchema, canUndo: z.boolean(), canRedo: z.boolean() });

const transcriptArgs = z.tuple([z.object({ id: idSchema })]);

/** The editing channels, to be spread into the invoke contract. */
export const transcriptEditChannels = {
  /**
   * A transcript with its edits in effect, and whether its saved edits were unreadable; with
   * `paragraphs`, only that range of its paragraphs (what a first screen shows) and their total.
   */
  'edits.get': {
    args: z.tuple([
      z.object({
        id: idSchema,
        paragraphs: z.object({ from: z.number().int().nonnegative(), count: z.number().int().min(1).max(maxParagraphsPerSlice) }).optional(),
      }),
    ]),
    result: editSessionSchema,
  },
  /** Applies one edit (saved as you type); answers with the paragraphs that changed. */
  'edits.apply': { args: z.tuple([z.object({ id: idSchema, op: editOpSchema })]), result: editResultSchema },
  /** Undoes the last edit in effect. */
  'edits.undo': { args: transcriptArgs, result: editResultSchema },
  /** Redoes the last undone edit. */
  'edits.redo': { args: transcriptArgs, result: editResultSchema },
} as const;

/** The editing events, to be spread into the event contract. */
export const transcriptEditEvents = {
  /** A debounced save of a transcript's edits failed; they stay in memory and are written on the next change. */
  'edits.saveFailed': z.object({ id: idSchema, error: appErrorSchema }),
} as const;
