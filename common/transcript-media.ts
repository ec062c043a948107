import { z } from 'zod';
import { idSchema } from './domain';

/**
 * Where the page finds a transcript's source audio or video: a path on the page's own origin
 * (`app://deepgram-desk` in the app, the web host's loopback origin in a browser), so the same
 * renderer code works in both and the CSP's `media-src 'self'` covers it. Only an opaque id is in it.
 */
export const transcriptMediaPrefix = '/media/transcript/';

/** The URL path of a transcript's media, for `<audio src>` or `<video src>`. */
export function transcriptMediaPath(id: string): string {
  return `${transcriptMediaPrefix}${encodeURIComponent(idSchema.parse(id))}`;
}

/** The transcript id a media URL path names; undefined for anything else. */
export function transcriptIdOfMediaPath(pathname: string): string | undefined {
  if (!pathname.startsWith(transcriptMediaPrefix)) return undefined;
  const parsed = idSchema.safeParse(pathname.slice(transcriptMediaPrefix.length));
  return parsed.success ? parsed.data : undefined;
}

/** Why a transcript's media cannot be played. */
export const mediaUnavailableSchema = z.enum(['no-media', 'missing', 'changed', 'unreadable']);
export type MediaUnavailable = z.infer<typeof mediaUnavailableSchema>;

/** Whether a transcript's source can be played, and what it is: the answer of `transcripts.media`. */
export const transcriptMediaSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** A playable type such as audio/wav or video/mp4; `video/webm` may hold audio only (recordings). */
    contentType: z.string().max(100),
    sizeBytes: z.number().int().nonnegative(),
    durationSec: z.number().nonnegative().nullable(),
  }),
  z.object({
    available: z.literal(false),
    reason: mediaUnavailableSchema,
    /** What to tell the person, without any path. */
    message: z.string().max(300),
  }),
]);
export type TranscriptMedia = z.infer<typeof transcriptMediaSchema>;
