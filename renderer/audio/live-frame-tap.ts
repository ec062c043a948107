import { liveSampleRate } from '../../common/live';
import { pcm16ProcessorName } from './pcm16-protocol';
import type { Pcm16Command, Pcm16Options, Pcm16Reply } from './pcm16-protocol';
import workletUrl from './pcm16-worklet.ts?worker&url';

/** Samples per channel in one frame: 100 ms at the live rate. */
export const frameSamplesPerChannel = liveSampleRate / 10;

/**
 * Adds the PCM worklet to a context and makes its node: `channels` channels in (downmixed or
 * kept apart as the node's channel settings say), no outputs, so it runs without reaching the speakers.
 */
export async function createPcm16Node(context: BaseAudioContext, channels: 1 | 2): Promise<AudioWorkletNode> {
  await context.audioWorklet.addModule(workletUrl);
  const processorOptions: Pcm16Options = { channels, frameSamples: frameSamplesPerChannel };
  return new AudioWorkletNode(context, pcm16ProcessorName, {
    numberOfInputs: 1,
    numberOfOutputs: 0,
    channelCount: channels,
    channelCountMode: 'explicit',
    // One channel: a stereo microphone is mixed down. Two: microphone and system audio stay apart.
    channelInterpretation: channels === 1 ? 'speakers' : 'discrete',
    processorOptions,
  });
}

/**
 * The recording's inputs as live PCM: 16 kHz signed 16-bit little-endian frames of 100 ms, mono,
 * or two channels interleaved (0 the microphone, 1 the system audio). It has its own AudioContext
 * at 16 kHz (Chromium resamples the streams into it) and never stops the streams it is given:
 * they belong to the recording.
 */
export class LiveFrameTap {
  /** Resolvers of the pauses the worklet has not acknowledged yet, oldest first. */
  private readonly pauseAcks: (() => void)[] = [];
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly channels: 1 | 2,
    private readonly context: AudioContext,
    private readonly node: AudioWorkletNode,
    private micSource: MediaStreamAudioSourceNode,
    private readonly systemSource: MediaStreamAudioSourceNode | null,
    private readonly merger: ChannelMergerNode | null,
    private readonly onFrame: (bytes: Uint8Array<ArrayBuffer>) => void,
  ) {}

  /** Starts tapping the microphone and, when given, the system audio; frames go to `onFrame` until `stop`. */
  static async start(mic: MediaStream, system: MediaStream | null, onFrame: (bytes: Uint8Array<ArrayBuffer>) => void): Promise<LiveFrameTap> {
    // Rendered through the default output (nothing reaches it): a context with no output device
    // (`sinkId: { type: 'none' }`) runs on its own clock, and frames from the inputs got lost.
    const context = new AudioContext({ sampleRate: liveSampleRate });
    try {
      if (context.sampleRate !== liveSampleRate) throw new Error(`Live audio needs ${liveSampleRate} Hz; the audio context runs at ${context.sampleRate} Hz.`);
      const channels = system ? 2 : 1;
      const node = await createPcm16Node(context, channels);
      const micSource = context.createMediaStreamSource(mic);
      let merger: ChannelMergerNode | null = null;
      let systemSource: MediaStreamAudioSourceNode | null = null;
      if (system) {
        merger = context.createChannelMerger(2);
        systemSource = context.createMediaStreamSource(system);
        micSource.connect(merger, 0, 0);
        systemSource.connect(merger, 0, 1);
        merger.connect(node);
      } else {
        micSource.connect(node);
      }
      const tap = new LiveFrameTap(channels, context, node, micSource, systemSource, merger, onFrame);
      node.port.onmessage = (event: MessageEvent<Pcm16Reply>) => tap.receive(event.data);
      // A context made outside a user gesture may start suspended; the recording was started by one.
      if (context.state === 'suspended') void context.resume().catch(() => undefined);
      return tap;
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  private receive(message: Pcm16Reply): void {
    if (this.stopping) return;
    if (message.type === 'paused') this.pauseAcks.shift()?.();
    else this.onFrame(new Uint8Array(message.bytes));
  }

  /** Taps another microphone in place of the one that went away; the system audio goes on untouched. */
  replaceMicrophone(stream: MediaStream): void {
    if (this.stopping) return;
    this.micSource.disconnect();
    this.micSource = this.context.createMediaStreamSource(stream);
    // The merger's first input, or the worklet itself.
    this.micSource.connect(this.merger ?? this.node, 0, 0);
  }

  /**
   * No frames from the moment this resolves until `resume`. The worklet answers on the same port as
   * its frames, so the frames it made before the pause are delivered first. What it holds of the
   * current frame is kept: the frames join up across a pause as the recording does.
   */
  pause(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise<void>((done) => {
      this.pauseAcks.push(done);
      this.post({ type: 'pause' });
    });
  }

  /** Frames again after `pause`. */
  resume(): void {
    if (!this.stopping) this.post({ type: 'resume' });
  }

  private post(command: Pcm16Command): void {
    this.node.port.postMessage(command);
  }

  /** Stops for good: no frame reaches `onFrame` after this call, a partial frame is dropped, the context is closed. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.node.port.onmessage = null;
      this.node.port.close();
      this.micSource.disconnect();
      this.systemSource?.disconnect();
      this.merger?.disconnect();
      await this.context.close().catch(() => undefined);
      // Nothing will come any more: a pause still waiting has nothing left to wait for.
      for (const done of this.pauseAcks.splice(0)) done();
    })();
    return this.stopping;
  }
}
