// Shared by the page and the worklet. It imports nothing: whatever it imported would be bundled
// into the worklet too.

/** The name the PCM worklet registers its processor under. */
export const pcm16ProcessorName = 'pcm16-frames';

/** What the page tells the worklet. */
export type Pcm16Command = { type: 'pause' } | { type: 'resume' };

/** What the worklet tells the page: a frame of interleaved s16le samples, or that it has stopped sending. */
export type Pcm16Reply = { type: 'frame'; bytes: ArrayBuffer } | { type: 'paused' };

/** `processorOptions` of the worklet node. */
export interface Pcm16Options {
  channels: 1 | 2;
  /** Samples per channel in one frame. */
  frameSamples: number;
}
