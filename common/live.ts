import { z } from 'zod';
import { idSchema } from './domain';
import { appErrorSchema } from './errors';
import { transcribeOptionsSchema } from './transcribe-options';

/** Live audio is 16 kHz signed 16-bit little-endian PCM, channels interleaved. */
export const liveSampleRate = 16_000;
/** About 100 ms per frame; a frame never holds more than this many bytes (two channels, 250 ms). */
export const maxLiveFrameBytes = 16_000;

/** Lane 0 is the microphone ("You") or the only channel; lane 1 is the other people ("Others"). */
export const laneSchema = z.number().int().min(0).max(1);
export type Lane = z.infer<typeof laneSchema>;

/** Where the live stream is: it never stops the recording, whatever happens to it. */
export const liveStateSchema = z.enum(['connecting', 'live', 'reconnecting', 'finishing', 'ended', 'failed']);
export type LiveState = z.infer<typeof liveStateSchema>;

/** A stretch of the recording that has no live text because its audio could not be replayed. */
export const liveGapSchema = z.object({ fromSec: z.number().min(0), toSec: z.number().min(0) });
export type LiveGap = z.infer<typeof liveGapSchema>;

/** Text Deepgram will not change again, placed on the recording's time line (seconds of audio). */
export const captionSegmentSchema = z.object({
  lane: laneSchema,
  start: z.number().min(0),
  end: z.number().min(0),
  text: z.string().max(20_000),
  /** Streaming diarization's speaker number, when asked for. */
  speaker: z.number().int().min(0).optional(),
});
export type CaptionSegment = z.infer<typeof captionSegmentSchema>;

/** One message's worth of change to the live transcript. */
export const captionUpdateSchema = z.object({
  recordingId: idSchema,
  /** Final text, in time order. */
  finals: z.array(captionSegmentSchema).max(50),
  /** Provisional text per lane, replacing what was there. */
  interim: z.array(z.object({ lane: laneSchema, start: z.number().min(0), text: z.string().max(20_000) })).max(2).optional(),
  /** Lanes whose current line ends here (a pause or the end of an utterance). */
  lineEnds: z.array(laneSchema).max(2),
  /** Lanes whose provisional text is void (the connection it came from is gone). */
  clearInterim: z.array(laneSchema).max(2).optional(),
});
export type CaptionUpdate = z.infer<typeof captionUpdateSchema>;

/** The live stream's state as the window shows it. */
export const liveStatusSchema = z.object({
  recordingId: idSchema,
  state: liveStateSchema,
  /** What went wrong, with the way forward; set for `failed` and for `reconnecting` after the first try. */
  error: appErrorSchema.optional(),
  /** Seconds of audio waiting to be sent (while reconnecting or catching up). */
  behindSec: z.number().min(0),
  gaps: z.array(liveGapSchema),
  /** The final transcript that replaced the draft, once the final pass is saved. */
  finalTranscriptId: idSchema.optional(),
});
export type LiveStatus = z.infer<typeof liveStatusSchema>;

/** A line of the live draft: one lane's speech until a pause. */
export const captionLineSchema = z.object({
  lane: laneSchema,
  start: z.number().min(0),
  end: z.number().min(0),
  text: z.string(),
  speaker: z.number().int().min(0).optional(),
  /** False while the line may still grow. */
  closed: z.boolean(),
});
export type CaptionLine = z.infer<typeof captionLineSchema>;

/** The live transcript of a recording, kept on disk next to it until the final pass replaces it. */
export const liveDraftSchema = z.object({
  version: z.literal(1),
  recordingId: idSchema,
  channels: z.union([z.literal(1), z.literal(2)]),
  lines: z.array(captionLineSchema),
  gaps: z.array(liveGapSchema),
  /** Names the user gave during the meeting, by `lane:<0|1>` or, with diarization, `speaker:<n>`. */
  names: z.record(z.string().max(40), z.string().trim().min(1).max(80)),
  /** The final transcript that replaced this draft, once the final pass succeeded. */
  finalTranscriptId: idSchema.optional(),
});
export type LiveDraft = z.infer<typeof liveDraftSchema>;

/** What the renderer asks for when a recording with live captions starts. */
export const liveStartSchema = z.object({
  recordingId: idSchema,
  channels: z.union([z.literal(1), z.literal(2)]),
  options: transcribeOptionsSchema,
});
export type LiveStart = z.infer<typeof liveStartSchema>;

/** One frame of PCM; Electron's IPC carries a Uint8Array as it is. */
export const liveFrameBytesSchema = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= maxLiveFrameBytes && bytes.byteLength % 2 === 0, `A frame holds 2 to ${maxLiveFrameBytes} bytes of 16-bit samples.`);

/**
 * Deepgram's public pay-as-you-go streaming prices in US dollars per minute and channel, as
 * published when this was written; only the default of an estimate.
 */
export const streamingPricesPerMinute: Readonly<Record<string, number>> = {
  'nova-3': 0.0077,
  'nova-3-multilingual': 0.0092,
  'nova-2': 0.0058,
  nova: 0.0058,
  enhanced: 0.0165,
  base: 0.0145,
};

/** The live channels, to be spread into `invokeContract`. */
export const liveInvokeContract = {
  /** Open the live stream for a recording that has started; the recording never waits for it. */
  'live.start': { args: z.tuple([liveStartSchema]), result: z.null() },
  /** Frame `seq` (0 first) of the recording's PCM. */
  'live.frame': {
    args: z.tuple([z.object({ recordingId: idSchema, seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), bytes: liveFrameBytesSchema })]),
    result: z.null(),
  },
  /** Flush what Deepgram holds, close the stream, and answer with the draft (bounded wait). */
  'live.stop': { args: z.tuple([z.object({ recordingId: idSchema })]), result: liveDraftSchema },
  /** The draft of a recording (live or finished), or null when it had no live captions. */
  'live.draft': { args: z.tuple([z.object({ recordingId: idSchema })]), result: liveDraftSchema.nullable() },
  /** Name a lane or a speaker; the name is carried into the final transcript. */
  'live.rename': {
    args: z.tuple([z.object({ recordingId: idSchema, who: z.string().regex(/^(lane:[01]|speaker:\d{1,2})$/), name: z.string().trim().min(1).max(80) })]),
    result: liveDraftSchema,
  },
} as const;

/** The live events, to be spread into `eventContract`. */
export const liveEventContract = {
  'live.caption': captionUpdateSchema,
  'live.status': liveStatusSchema,
} as const;
