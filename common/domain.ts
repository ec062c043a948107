import { z } from 'zod';
import { appErrorSchema } from './errors';
import { transcribeOptionsSchema } from './transcribe-options';

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id.');

export {
  defaultTranscribeOptions,
  redactionKinds,
  transcribeOptionsSchema,
  type RedactionKind,
  type TranscribeOptions,
} from './transcribe-options';

/** `queued` is shown as "Waiting". */
export const jobStates = ['queued', 'uploading', 'processing', 'done', 'failed', 'canceled'] as const;
export type JobState = (typeof jobStates)[number];

export const jobSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file') }),
  /** A link Deepgram fetches itself; `host` is shown next to the file name taken from the path. */
  z.object({ kind: z.literal('url'), host: z.string() }),
]);
export type JobSource = z.infer<typeof jobSourceSchema>;

export const jobSchema = z.object({
  id: idSchema,
  fileName: z.string(),
  /** 0 for a link: its size is only known to Deepgram. */
  sizeBytes: z.number(),
  bytesSent: z.number(),
  state: z.enum(jobStates),
  createdAt: z.string(),
  options: transcribeOptionsSchema,
  source: jobSourceSchema.default({ kind: 'file' }),
  /** Read from the container's headers before upload; null when it could not be read. */
  durationSec: z.number().nullable().default(null),
  /** Attempts started so far, retries included. */
  attempt: z.number().int().min(0).default(0),
  /** When a failed attempt will be tried again (ISO time); set while the job waits for its retry. */
  retryAt: z.string().optional(),
  /** Upload speed over the last seconds, bytes per second. */
  bytesPerSecond: z.number().optional(),
  /** When the current state began (ISO time): shows elapsed time while processing. */
  stateSince: z.string().optional(),
  /** The profile whose key and tags the job uses. */
  profileId: idSchema.optional(),
  profileName: z.string().max(80).optional(),
  /** Deepgram answered but the transcript could not be written: `jobs.saveAgain` retries the write. */
  unsaved: z.boolean().optional(),
  error: appErrorSchema.optional(),
  transcriptId: z.string().optional(),
});
export type Job = z.infer<typeof jobSchema>;

/** Why the whole queue stopped starting jobs; null while it runs. */
export const queuePauseSchema = z
  .object({
    reason: z.enum(['auth', 'payment', 'offline']),
    message: z.string(),
  })
  .nullable();

export const queueStatusSchema = z.object({
  paused: queuePauseSchema,
  concurrency: z.number().int().min(1),
});
export type QueueStatus = z.infer<typeof queueStatusSchema>;

/** A file identical to one already transcribed with the same options. */
export const duplicateFileSchema = z.object({ path: z.string(), fileName: z.string(), transcriptId: idSchema });
export type DuplicateFile = z.infer<typeof duplicateFileSchema>;

export const rejectedFileSchema = z.object({ path: z.string(), fileName: z.string(), reason: z.string() });
export type RejectedFile = z.infer<typeof rejectedFileSchema>;

export const transcriptSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  durationSec: z.number(),
  sizeBytes: z.number(),
  requestId: z.string().nullable(),
  options: transcribeOptionsSchema,
  /** The profile that made it; null for transcripts made before profiles existed. */
  profileName: z.string().max(80).nullable().default(null),
});
export type TranscriptSummary = z.infer<typeof transcriptSummarySchema>;

/** What the library list shows of a transcript: the rest of its summary is fetched when it is opened. */
export const libraryEntrySchema = transcriptSummarySchema.pick({ id: true, title: true, createdAt: true, durationSec: true });
export type LibraryEntry = z.infer<typeof libraryEntrySchema>;

/** Keeps only what the library list shows of a summary. */
export function toLibraryEntry({ id, title, createdAt, durationSec }: LibraryEntry): LibraryEntry {
  return { id, title, createdAt, durationSec };
}


export function isTerminal(state: JobState): boolean {
  return state === 'done' || state === 'failed' || state === 'canceled';
}

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

export const preferencesSchema = z.object({
  /** `system` follows the OS; the others override it. */
  theme: z.enum(themes),
  /** The transcript to reopen at start. */
  lastTranscriptId: idSchema.nullable(),
});
/** The user's choices for the app's look and what it reopens; kept by main. */
export type Preferences = z.infer<typeof preferencesSchema>;
export const defaultPreferences: Preferences = { theme: 'system', lastTranscriptId: null };

/** What the menu, the tray, a notification or the OS asks the window to do. */
export const shellCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.enum(['open-files', 'new-recording', 'stop-recording', 'find', 'export', 'settings']) }),
  z.object({ command: z.literal('open-transcript'), transcriptId: idSchema }),
  z.object({ command: z.literal('show-job'), jobId: idSchema }),
]);
export type ShellCommand = z.infer<typeof shellCommandSchema>;

/** Renderer failures written to main's log; bounded so a page cannot flood it. */
export const rendererErrorSchema = z.object({
  message: z.string().max(2000),
  stack: z.string().max(8000).optional(),
  source: z.string().max(200).optional(),
});
export type RendererError = z.infer<typeof rendererErrorSchema>;
