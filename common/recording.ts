import { z } from 'zod';
import { appErrorSchema } from './errors';

const labelSchema = z.string().trim().max(200);

/** How the channels of a recording are laid out: one mixed channel, or the user left and everyone else right. */
export const channelLayoutSchema = z.enum(['mono', 'two-channel']);
export type ChannelLayout = z.infer<typeof channelLayoutSchema>;

/** Who is heard on each channel of a two-channel recording. */
export const twoChannelSpeakers = ['You', 'Others'] as const;

/** What the renderer tells main when a recording starts: the capture, never a path. */
export const recordingStartSchema = z.object({
  title: z.string().trim().max(200).optional(),
  channelLayout: channelLayoutSchema,
  /** The container and codec MediaRecorder was given, e.g. `audio/webm;codecs=opus`. */
  mimeType: z.literal('audio/webm;codecs=opus'),
  sampleRate: z.number().int().min(8000).max(192_000),
  devices: z.object({
    microphone: labelSchema.optional(),
    /** Only for a two-channel recording: the system-audio source. */
    system: labelSchema.optional(),
  }),
});
export type RecordingStart = z.infer<typeof recordingStartSchema>;

/** Why part of a recording holds no audio (the transcript marks the spot). */
export const gapReasonSchema = z.enum(['microphone-lost', 'system-audio-lost', 'system-audio-silent', 'capture-error']);
export type GapReason = z.infer<typeof gapReasonSchema>;

/** A mark on the recording's own time line (seconds of audio, pauses excluded). */
export const recordingMarkSchema = z.object({
  kind: z.enum(['pause', 'gap']),
  atSec: z.number().min(0),
  /** For a pause: how long the user paused (wall clock). */
  pausedSec: z.number().min(0).optional(),
  reason: gapReasonSchema.optional(),
});
export type RecordingMark = z.infer<typeof recordingMarkSchema>;

/** How a recording ended. */
export const recordingEndSchema = z.enum(['stopped', 'write-failed', 'recovered']);
export type RecordingEnd = z.infer<typeof recordingEndSchema>;

/** A finished recording as the UI lists it; the audio is reached by id, never by path. */
export const recordingSummarySchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  durationSec: z.number().min(0),
  sizeBytes: z.number().int().min(0),
  channelLayout: channelLayoutSchema,
  sampleRate: z.number().int(),
  devices: z.object({ microphone: labelSchema.optional(), system: labelSchema.optional() }),
  marks: z.array(recordingMarkSchema),
  end: recordingEndSchema,
  /** Set when the recording stopped because of a failure (a full disk). */
  error: appErrorSchema.optional(),
});
export type RecordingSummary = z.infer<typeof recordingSummarySchema>;

/** The state of the running recording as the UI shows it. */
export const recordingProgressSchema = z.object({
  id: z.string(),
  state: z.enum(['recording', 'paused']),
  bytesWritten: z.number().int().min(0),
  /** Seconds recorded, pauses excluded. */
  elapsedSec: z.number().min(0),
  /** When the audio was last made durable on disk (ISO time), if yet. */
  lastSyncAt: z.string().optional(),
  chunks: z.number().int().min(0),
});
export type RecordingProgress = z.infer<typeof recordingProgressSchema>;
