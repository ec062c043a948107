// Runs in the AudioWorkletGlobalScope, which TypeScript's DOM library does not describe: the few
// globals used here are declared in this module only, so they do not leak into the page's types.
import { pcm16ProcessorName } from './pcm16-protocol';
import type { Pcm16Command, Pcm16Options, Pcm16Reply } from './pcm16-protocol';

declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: AudioWorkletNodeOptions);
  abstract process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}

declare function registerProcessor(name: string, processor: new (options: AudioWorkletNodeOptions) => AudioWorkletProcessor): void;

/** One float sample as a signed 16-bit integer: clamped to [-1, 1], full scale both ways, rounded to nearest. */
function toInt16(sample: number): number {
  const clamped = sample >= 1 ? 1 : sample <= -1 ? -1 : sample;
  // NaN fails both comparisons above and becomes 0 here.
  return Math.round(clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff) || 0;
}

/**
 * Turns the float input (1 or 2 channels) into frames of `frameSamples` samples per channel,
 * interleaved signed 16-bit little-endian, and posts each frame's buffer (transferred) to the page.
 */
class Pcm16FrameProcessor extends AudioWorkletProcessor {
  private readonly channels: 1 | 2;
  private readonly frameSamples: number;
  private frame: DataView<ArrayBuffer>;
  /** Samples per channel already in `frame`. */
  private filled = 0;
  private paused = false;

  constructor(options: AudioWorkletNodeOptions) {
    super(options);
    const given = options.processorOptions as Pcm16Options;
    this.channels = given.channels === 2 ? 2 : 1;
    this.frameSamples = given.frameSamples;
    this.frame = this.newFrame();
    this.port.onmessage = (event: MessageEvent<Pcm16Command>) => {
      if (event.data.type === 'pause') {
        this.paused = true;
        // Frames posted before this reply reach the page before it: after it, nothing comes until resume.
        this.reply({ type: 'paused' });
      } else {
        this.paused = false;
      }
    };
  }

  private newFrame(): DataView<ArrayBuffer> {
    return new DataView(new ArrayBuffer(this.frameSamples * this.channels * 2));
  }

  private reply(message: Pcm16Reply, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.paused) return true;
    const input = inputs[0] ?? [];
    // With no source connected the input has no channels: that is silence, and time still passes.
    const length = input[0]?.length ?? 128;
    for (let i = 0; i < length; i += 1) {
      const offset = this.filled * this.channels * 2;
      for (let channel = 0; channel < this.channels; channel += 1) {
        this.frame.setInt16(offset + channel * 2, toInt16(input[channel]?.[i] ?? 0), true);
      }
      this.filled += 1;
      if (this.filled === this.frameSamples) {
        const bytes = this.frame.buffer;
        this.reply({ type: 'frame', bytes }, [bytes]);
        this.frame = this.newFrame();
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor(pcm16ProcessorName, Pcm16FrameProcessor);
