import { z } from 'zod';
import { idSchema } from './domain';
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
export const gapReasonSchema = z.enum(['microphone-lost', 'system-audio-lost', 'system-audio-silent', 'capture-error', 'system-sleep']);
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

/** Largest chunk main accepts: a 1 s timeslice of Opus is tens of kilobytes, so this leaves ample room. */
export const maxChunkBytes = 4 * 1024 * 1024;

/** The bytes of one MediaRecorder chunk; Electron's IPC carries a Uint8Array as it is (structured clone). */
export const chunkBytesSchema = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= maxChunkBytes, `A chunk holds 1 to ${maxChunkBytes} bytes.`);

/** What recovery at launch found and finished, for the UI to offer transcription. */
export const recoveryReportSchema = z.object({
  recovered: z.array(recordingSummarySchema),
  failed: z.array(z.object({ id: z.string(), error: appErrorSchema })),
  discarded: z.array(z.string()),
});

/**
 * The recording channels, to be spread into `invokeContract` (same shape: args tuple and result).
 * The renderer owns capture (MediaRecorder); main owns the file from the first chunk on.
 */
export const recordingInvokeContract = {
  /** Start a recording; answers with the id its chunks are sent under. */
  'recording.start': { args: z.tuple([recordingStartSchema]), result: z.object({ id: idSchema }) },
  /** Append chunk `seq` (0 first, in order); an exact repeat answers `duplicate`, anything out of order is refused. */
  'recording.chunk': {
    args: z.tuple([z.object({ id: idSchema, seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), bytes: chunkBytesSchema })]),
    result: z.enum(['written', 'duplicate']),
  },
  /** The renderer paused its MediaRecorder. */
  'recording.pause': { args: z.tuple([z.object({ id: idSchema })]), result: z.null() },
  /** The renderer resumed its MediaRecorder. */
  'recording.resume': { args: z.tuple([z.object({ id: idSchema })]), result: z.null() },
  /** Audio is missing from here on (a device went away). */
  'recording.markGap': { args: z.tuple([z.object({ id: idSchema, reason: gapReasonSchema })]), result: z.null() },
  /** Stop after the last chunk was sent; answers once the file is playable, seekable and described on disk. */
  'recording.stop': { args: z.tuple([z.object({ id: idSchema })]), result: recordingSummarySchema },
  /** The running recording, if any (a reloaded window picks it up again). */
  'recording.current': { args: z.tuple([]), result: recordingProgressSchema.nullable() },
  /** Finished recordings, newest first. */
  'recordings.list': { args: z.tuple([]), result: z.array(recordingSummarySchema) },
  /** What recovery at launch found; taking empties it. */
  'recordings.takeRecovered': { args: z.tuple([]), result: recoveryReportSchema },
  /** Try again to finish recordings that could not be (after the user freed disk space). */
  'recordings.recover': { args: z.tuple([]), result: recoveryReportSchema },
} as const;

/** The recording events, to be spread into `eventContract`. */
export const recordingEventContract = {
  /** Bytes written, time recorded, last fsync: about once a second while recording. */
  'recording.progress': recordingProgressSchema,
  /** A recording ended and is ready to transcribe. */
  'recording.finished': recordingSummarySchema,
  /** A recording stopped on a failed write; `recording` is there when what was kept is already playable. */
  'recording.failed': z.object({ id: z.string(), error: appErrorSchema, recording: recordingSummarySchema.optional() }),
} as const;
