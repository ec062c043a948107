import { z } from 'zod';
import { appErrorSchema } from './errors';

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id.');

/** Deepgram options offered for a file; names follow the app, `deepgram-query.ts` maps them. */
export const transcribeOptionsSchema = z.object({
  model: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Model ids are lowercase letters, digits, dots and dashes.')
    .default('nova-3'),
  language: z
    .string()
    .regex(/^(multi|[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*)$/, 'Use a language code such as en, en-US or multi.')
    .default('en'),
  smartFormat: z.boolean().default(true),
  diarize: z.boolean().default(false),
});
export type TranscribeOptions = z.infer<typeof transcribeOptionsSchema>;
export const defaultTranscribeOptions: TranscribeOptions = transcribeOptionsSchema.parse({});

export const keyStatusSchema = z.object({
  configured: z.boolean(),
  baseUrl: z.string(),
  projectName: z.string().nullable(),
  /** False when the key transcribes but its role cannot list projects. */
  canListProjects: z.boolean(),
  checkedAt: z.string().nullable(),
});
/** All the renderer ever learns about the key: never the key itself. */
export type KeyStatus = z.infer<typeof keyStatusSchema>;

export const jobStates = ['queued', 'uploading', 'processing', 'done', 'failed', 'canceled'] as const;
export type JobState = (typeof jobStates)[number];

export const jobSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  bytesSent: z.number(),
  state: z.enum(jobStates),
  createdAt: z.string(),
  options: transcribeOptionsSchema,
  error: appErrorSchema.optional(),
  transcriptId: z.string().optional(),
});
export type Job = z.infer<typeof jobSchema>;

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
});
export type TranscriptSummary = z.infer<typeof transcriptSummarySchema>;


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
  z.object({ command: z.enum(['open-files', 'new-recording', 'find', 'export', 'settings']) }),
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
