/// <reference types="vite/client" />
// The page of the live-frame-tap harness: the real LiveFrameTap and worklet, built by Vite as the
// app builds them, driven by the spec through `window.liveTap`.
import { createPcm16Node, LiveFrameTap } from '../../../renderer/audio/live-frame-tap';

/** What the spec can call in the page. Frames cross as base64 so that their bytes arrive as they are. */
export interface LiveTapHarness {
  /** Opens the inputs (by label when given, else the default microphone) with no processing, and starts a tap. */
  start(labels?: { microphone: string; system: string }): Promise<{ channels: 1 | 2 }>;
  /** Frames received so far. */
  count(): number;
  /** The frames received since the last call, each as base64. */
  take(): string[];
  /** Opens another input (by label, else the default one), stops the old microphone as the recorder does, and taps the new one. */
  replaceMicrophone(label?: string): Promise<void>;
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
  /** Runs planar float samples through the worklet in an OfflineAudioContext at 16 kHz; answers the frames it posted. */
  convert(planar: number[][], frames: number): Promise<string[]>;
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

const processingOff = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };

async function input(label: string | undefined): Promise<MediaStream> {
  if (label === undefined) return navigator.mediaDevices.getUserMedia({ audio: processingOff });
  // Labels are listed once a permission has been granted.
  (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((t) => t.stop());
  const device = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === 'audioinput' && d.label === label);
  if (!device) throw new Error(`No input labelled ${label}`);
  return navigator.mediaDevices.getUserMedia({ audio: { ...processingOff, deviceId: { exact: device.deviceId } } });
}

let tap: LiveFrameTap | undefined;
let microphone: MediaStream | undefined;
let received: string[] = [];
let total = 0;

const harness: LiveTapHarness = {
  async start(labels) {
    microphone = await input(labels?.microphone);
    const system = labels ? await input(labels.system) : null;
    tap = await LiveFrameTap.start(microphone, system, (bytes) => {
      total += 1;
      received.push(base64(bytes));
    });
    return { channels: tap.channels };
  },
  count: () => total,
  take() {
    const out = received;
    received = [];
    return out;
  },
  async replaceMicrophone(label) {
    const next = await input(label);
    microphone?.getTracks().forEach((t) => t.stop());
    microphone = next;
    tap!.replaceMicrophone(next);
  },
  pause: () => tap!.pause(),
  resume: () => tap!.resume(),
  stop: () => tap!.stop(),
  async convert(planar, frames) {
    const channels = planar.length === 2 ? 2 : 1;
    const length = planar[0]!.length;
    const context = new OfflineAudioContext(channels, length, 16_000);
    const node = await createPcm16Node(context, channels);
    const buffer = context.createBuffer(channels, length, 16_000);
    planar.forEach((samples, channel) => buffer.copyToChannel(Float32Array.from(samples), channel));
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(node);
    source.start();
    const out: string[] = [];
    const all = new Promise<void>((done) => {
      node.port.onmessage = (event: MessageEvent<{ type: string; bytes: ArrayBuffer }>) => {
        if (event.data.type === 'frame') out.push(base64(new Uint8Array(event.data.bytes)));
        if (out.length === frames) done();
      };
    });
    await context.startRendering();
    await all;
    return out;
  },
};

Object.assign(window, { liveTap: harness });
