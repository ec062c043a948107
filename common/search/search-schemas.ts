import { z } from 'zod';
import { idSchema } from '../domain';

// Shapes of library search as they cross to the renderer; the contract's channels use these.

export const textMarkSchema = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });

/** Text with the matching words marked by offsets (never markup: the view decides how to show them). */
export const markedTextSchema = z.object({
  text: z.string(),
  marks: z.array(textMarkSchema),
  /** Offset of `text` in the full segment text. */
  offset: z.number().int().min(0),
  cutStart: z.boolean(),
  cutEnd: z.boolean(),
});
export type MarkedText = z.infer<typeof markedTextSchema>;

/** One matching moment of a transcript: open the transcript at `start`, paragraph `segmentIndex`. */
export const searchMomentSchema = z.object({
  segmentIndex: z.number().int().min(0),
  start: z.number(),
  end: z.number(),
  speaker: z.number().int().nullable(),
  speakerName: z.string(),
  channel: z.number().int().min(0),
  snippet: markedTextSchema,
});
export type SearchMoment = z.infer<typeof searchMomentSchema>;

/** A transcript that matched, with its first moments in time order. */
export const searchHitSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Marks in the title when the title itself matched. */
  titleMarks: z.array(textMarkSchema),
  createdAt: z.string(),
  durationSec: z.number(),
  /** How many paragraphs match in all (more than `moments` holds). */
  matchCount: z.number().int().min(0),
  moments: z.array(searchMomentSchema),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultSchema = z.object({
  query: z.string(),
  hits: z.array(searchHitSchema),
  /** Transcripts matching in all; more than `hits` when the limit cut the list. */
  totalTranscripts: z.number().int().min(0),
  /** The library is still being (re)indexed: results may be missing some transcripts. */
  indexing: z.boolean(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchOptionsSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  perTranscript: z.number().int().min(1).max(50).default(3),
  /** Search inside one transcript only. */
  transcriptId: idSchema.optional(),
});
export type SearchOptions = z.input<typeof searchOptionsSchema>;

/** Longest query accepted; a longer one is refused at the boundary rather than truncated silently. */
export const maxQueryLength = 500;
export const searchQuerySchema = z.string().max(maxQueryLength);
