import type { AppErrorValue, Result } from '../../common/errors';
import type { GapReason, RecordingStart, RecordingSummary } from '../../common/recording';
import { LiveFrameTap } from './live-frame-tap';
import { rmsDb, SilenceTracker } from './level-meter';

/** Where the other people in a meeting come from. */
export type SystemSource =
  /** Microphone only: a mono recording. */
  | { kind: 'none' }
  /** Another input, e.g. a PulseAudio/PipeWire monitor exposed as a source. */
  | { kind: 'device'; deviceId: string }
  /** The desktop app's screen-share loopback (Windows, macOS 14.2+, some Linux desktops). */
  | { kind: 'display' };

export interface CaptureChoice {
  microphoneId: string | null;
  system: SystemSource;
  /** Off by default: a faithful recording transcribes best. */
  processing: { echoCancellation: boolean; noiseSuppression: boolean; autoGainControl: boolean };
  title?: string;
}

/** What the recorder needs from main; the contract's recording channels in the app. */
export interface RecordingTransport {
  start(meta: RecordingStart): Promise<Result<{ id: string }>>;
  chunk(id: string, seq: number, bytes: Uint8Array<ArrayBuffer>): Promise<Result<'written' | 'duplicate'>>;
  pause(id: string): Promise<Result<null>>;
  resume(id: string): Promise<Result<null>>;
  markGap(id: string, reason: GapReason): Promise<Result<null>>;
  stop(id: string): Promise<Result<RecordingSummary>>;
}

/** Levels in dBFS and how long each input has been silent, about ten times a second. */
export interface CaptureLevels {
  microphoneDb: number;
  systemDb: number | null;
  microphoneSilentMs: number;
  /** Time the system input has delivered digital silence (all zeros): a capture that is not working. */
  systemDeadMs: number | null;
  /** Time both inputs have been under the silence floor: a forgotten recording. */
  quietMs: number;
}

export interface RecorderEvents {
  levels(levels: CaptureLevels): void;
  /** The recording went on with another device, or paused because none was left. */
  interrupted(what: { reason: GapReason; paused: boolean; message: string }): void;
  /** Main refused a chunk (disk full…): the capture has stopped; what was written is kept by main. */
  failed(error: AppErrorValue): void;
  /** 16 kHz PCM frames for live captions, when asked for; the recording never depends on them. */
  liveFrame?(bytes: Uint8Array<ArrayBuffer>): void;
  /** The live tap could not start: the recording goes on without captions. */
  liveUnavailable?(message: string): void;
}

/** Opus at this rate is transparent for speech; two channels get twice as much. */
const bitsPerChannel = 48_000;
/** Each chunk goes to main after this long: at most this much (plus encoder latency) is lost on a crash. */
export const timesliceMs = 1000;
const meterIntervalMs = 100;
const devicePollMs = 2000;

function constraints(deviceId: string | null, processing: CaptureChoice['processing']): MediaTrackConstraints {
  return { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), ...processing, channelCount: 1 };
}

function describeMediaError(error: unknown, what: string): AppErrorValue {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { code: 'PERMISSION_DENIED', message: `The app may not use ${what}. Allow microphone access for Deepgram Desk in your system's privacy settings, then try again.` };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return { code: 'NOT_FOUND', message: `${what[0]!.toUpperCase()}${what.slice(1)} is not connected any more. Choose another input.` };
  }
  if (name === 'NotReadableError') {
    return { code: 'DEVICE_UNAVAILABLE', message: `${what[0]!.toUpperCase()}${what.slice(1)} is in use or cannot be opened. Close other apps using it, or choose another input.` };
  }
  return { code: 'DEVICE_UNAVAILABLE', message: `Could not open ${what}${error instanceof Error ? `: ${error.message}` : ''}.` };
}

async function openSystem(source: SystemSource, processing: CaptureChoice['processing']): Promise<MediaStream | null> {
  if (source.kind === 'none') return null;
  if (source.kind === 'device') {
    const off = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
    return navigator.mediaDevices.getUserMedia({ audio: constraints(source.deviceId, { ...processing, ...off }) });
  }
  const stream = await navigator.mediaDevices.getDisplayMedia({ audio: true, video: true });
  for (const track of stream.getVideoTracks()) {
    track.stop();
    stream.removeTrack(track);
  }
  if (stream.getAudioTracks().length === 0) {
    throw new DOMException('No system audio track was shared.', 'NotReadableError');
  }
  return stream;
}

/**
 * One meeting recording: microphone (left) and, when given, the other people (right) merged into
 * one stream, encoded by MediaRecorder as WebM/Opus and sent to main a second at a time. The
 * renderer never holds more than the chunk in flight; main owns the file.
 */
export class MeetingRecorder {
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();
  private meter: ReturnType<typeof setInterval> | undefined;
  private devicePoll: ReturnType<typeof setInterval> | undefined;
  private failed = false;
  private micTracker: SilenceTracker;
  private quietTracker: SilenceTracker;
  private systemDeadSince: number | null = null;
  private micSource: MediaStreamAudioSourceNode;
  private micAnalyser: AnalyserNode;
  private tap: LiveFrameTap | null = null;
  private tapReady: Promise<void> = Promise.resolve();
  private released = false;

  private constructor(
    readonly id: string,
    private readonly choice: CaptureChoice,
    private readonly transport: RecordingTransport,
    private readonly events: RecorderEvents,
    private readonly context: AudioContext,
    private micStream: MediaStream,
    private readonly systemStream: MediaStream | null,
    private readonly input: AudioNode,
    private readonly systemAnalyser: AnalyserNode | null,
    private readonly recorder: MediaRecorder,
    micSource: MediaStreamAudioSourceNode,
    micAnalyser: AnalyserNode,
  ) {
    const now = performance.now();
    this.micTracker = new SilenceTracker(now);
    this.quietTracker = new SilenceTracker(now);
    this.micSource = micSource;
    this.micAnalyser = micAnalyser;
  }

  /** Opens the inputs, tells main, and starts recording; rejects with an AppErrorValue a person can act on. */
  static async start(choice: CaptureChoice, transport: RecordingTransport, events: RecorderEvents): Promise<MeetingRecorder> {
    let micStream: MediaStream;
    try {
      micStream = await navigator.mediaDevices.getUserMedia({ audio: constraints(choice.microphoneId, choice.processing) });
    } catch (error) {
      throw describeMediaError(error, 'the microphone');
    }
    let systemStream: MediaStream | null;
    try {
      systemStream = await openSystem(choice.system, choice.processing);
    } catch (error) {
      micStream.getTracks().forEach((t) => t.stop());
      throw describeMediaError(error, choice.system.kind === 'display' ? 'system audio' : 'the system-audio input');
    }

    const context = new AudioContext();
    const stereo = systemStream !== null;
    const destination = context.createMediaStreamDestination();
    destination.channelCount = stereo ? 2 : 1;
    const micSource = context.createMediaStreamSource(micStream);
    const micAnalyser = context.createAnalyser();
    micAnalyser.fftSize = 2048;
    micSource.connect(micAnalyser);
    let input: AudioNode;
    let systemAnalyser: AnalyserNode | null = null;
    if (systemStream) {
      const merger = context.createChannelMerger(2);
      micSource.connect(merger, 0, 0);
      const systemSource = context.createMediaStreamSource(systemStream);
      systemAnalyser = context.createAnalyser();
      systemAnalyser.fftSize = 2048;
      systemSource.connect(systemAnalyser);
      systemSource.connect(merger, 0, 1);
      merger.connect(destination);
      input = merger;
    } else {
      micSource.connect(destination);
      input = destination;
    }

    const mimeType = 'audio/webm;codecs=opus';
    const recorder = new MediaRecorder(destination.stream, { mimeType, audioBitsPerSecond: bitsPerChannel * (stereo ? 2 : 1) });
    const label = (stream: MediaStream | null): string | undefined => stream?.getAudioTracks()[0]?.label || undefined;
    const micLabel = label(micStream);
    const systemLabel = label(systemStream);
    const started = await transport.start({
      ...(choice.title ? { title: choice.title } : {}),
      channelLayout: stereo ? 'two-channel' : 'mono',
      mimeType,
      sampleRate: context.sampleRate,
      devices: { ...(micLabel ? { microphone: micLabel } : {}), ...(systemLabel ? { system: systemLabel } : {}) },
    });
    if (!started.ok) {
      [micStream, systemStream].forEach((s) => s?.getTracks().forEach((t) => t.stop()));
      await context.close();
      throw started.error;
    }
    const session = new MeetingRecorder(started.value.id, choice, transport, events, context, micStream, systemStream, input, systemAnalyser, recorder, micSource, micAnalyser);
    session.run();
    // The tap's audio context takes a moment to open: the recording does not wait for it.
    session.tapReady = session.startLiveTap();
    return session;
  }

  private async startLiveTap(): Promise<void> {
    const onFrame = this.events.liveFrame;
    if (!onFrame) return;
    try {
      const tap = await LiveFrameTap.start(this.micStream, this.systemStream, onFrame);
      if (this.released) await tap.stop();
      else this.tap = tap;
    } catch (error) {
      this.events.liveUnavailable?.(`Live captions could not start${error instanceof Error ? `: ${error.message}` : ''}. The recording goes on.`);
    }
  }

  /** Seconds of audio MediaRecorder has produced so far is main's to count; this is the recorder's own state. */
  get state(): RecordingState {
    return this.recorder.state;
  }

  private run(): void {
    this.recorder.ondataavailable = (event) => {
      if (event.data.size === 0 || this.failed) return;
      const seq = this.seq++;
      const data = event.data;
      this.sending = this.sending.then(async () => {
        if (this.failed) return;
        const result = await this.transport.chunk(this.id, seq, new Uint8Array(await data.arrayBuffer()));
        if (!result.ok) this.fail(result.error);
      });
    };
    this.micStream.getAudioTracks()[0]?.addEventListener('ended', () => void this.microphoneLost());
    // An unplugged input does not always end its track, nor fire devicechange (Chromium on Linux with
    // PulseAudio does neither): the device list, read now and then, says it is gone.
    navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    this.devicePoll = setInterval(this.onDeviceChange, devicePollMs);
    this.systemStream?.getAudioTracks()[0]?.addEventListener('ended', () => {
      void this.transport.markGap(this.id, 'system-audio-lost');
      this.events.interrupted({ reason: 'system-audio-lost', paused: false, message: 'System audio stopped. The recording goes on with the microphone only.' });
    });
    this.recorder.start(timesliceMs);
    this.meter = setInterval(() => this.measure(), meterIntervalMs);
  }

  private measure(): void {
    const now = performance.now();
    const buffer = new Float32Array(this.micAnalyser.fftSize);
    this.micAnalyser.getFloatTimeDomainData(buffer);
    const microphoneDb = rmsDb(buffer);
    let systemDb: number | null = null;
    if (this.systemAnalyser) {
      this.systemAnalyser.getFloatTimeDomainData(buffer);
      systemDb = rmsDb(buffer);
      if (systemDb === -Infinity) this.systemDeadSince ??= now;
      else this.systemDeadSince = null;
    }
    if (this.recorder.state !== 'recording') return;
    this.micTracker.observe(microphoneDb, now);
    this.quietTracker.observe(Math.max(microphoneDb, systemDb ?? -Infinity), now);
    this.events.levels({
      microphoneDb,
      systemDb,
      microphoneSilentMs: this.micTracker.silentFor(now),
      systemDeadMs: this.systemDeadSince === null ? (this.systemAnalyser ? 0 : null) : now - this.systemDeadSince,
      quietMs: this.quietTracker.silentFor(now),
    });
  }

  private readonly onDeviceChange = (): void => {
    const deviceId = this.micStream.getAudioTracks()[0]?.getSettings().deviceId;
    if (!deviceId) return;
    void navigator.mediaDevices.enumerateDevices().then((devices) => {
      if (!devices.some((d) => d.kind === 'audioinput' && d.deviceId === deviceId)) void this.microphoneLost();
    });
  };

  private replacingMicrophone = false;

  /** The microphone went away (unplugged, switched off): go on with the default input, or pause. */
  private async microphoneLost(): Promise<void> {
    if (this.failed || this.recorder.state === 'inactive' || this.replacingMicrophone) return;
    this.replacingMicrophone = true;
    try {
      await this.replaceMicrophone();
    } finally {
      this.replacingMicrophone = false;
    }
  }

  private async replaceMicrophone(): Promise<void> {
    await this.transport.markGap(this.id, 'microphone-lost');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints(null, this.choice.processing) });
      this.micSource.disconnect();
      this.micStream.getTracks().forEach((t) => t.stop());
      this.micStream = stream;
      this.micSource = this.context.createMediaStreamSource(stream);
      this.micSource.connect(this.micAnalyser);
      this.tap?.replaceMicrophone(stream);
      if (this.systemStream) this.micSource.connect(this.input, 0, 0);
      else this.micSource.connect(this.input);
      stream.getAudioTracks()[0]?.addEventListener('ended', () => void this.microphoneLost());
      this.micTracker.reset(performance.now());
      const label = stream.getAudioTracks()[0]?.label || 'the default input';
      this.events.interrupted({ reason: 'microphone-lost', paused: false, message: `The microphone went away. Recording goes on with ${label}; the gap is marked.` });
    } catch {
      await this.pause();
      this.events.interrupted({ reason: 'microphone-lost', paused: true, message: 'The microphone went away and no other input is available. The recording is paused: connect one, then resume.' });
    }
  }

  private fail(error: AppErrorValue): void {
    if (this.failed) return;
    this.failed = true;
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.release();
    this.events.failed(error);
  }

  /** Pauses the capture; main leaves the paused span out of the file. */
  async pause(): Promise<Result<null>> {
    if (this.recorder.state !== 'recording') return { ok: true, value: null };
    this.recorder.pause();
    // The chunk of audio before the pause is delivered by requestData and reaches main first.
    this.recorder.requestData();
    // Live frames already on their way are audio from before the pause; after this, main sends KeepAlive.
    await this.tapReady;
    await this.tap?.pause();
    await this.sending;
    return this.transport.pause(this.id);
  }

  async resume(): Promise<Result<null>> {
    if (this.recorder.state !== 'paused') return { ok: true, value: null };
    const result = await this.transport.resume(this.id);
    if (!result.ok) return result;
    const now = performance.now();
    this.micTracker.reset(now);
    this.quietTracker.reset(now);
    this.recorder.resume();
    await this.tapReady;
    this.tap?.resume();
    return result;
  }

  /** Stops, sends the last chunk, and waits until main has made the file playable. */
  async stop(): Promise<Result<RecordingSummary>> {
    if (this.recorder.state !== 'inactive') {
      await new Promise<void>((done) => {
        this.recorder.addEventListener('stop', () => done(), { once: true });
        this.recorder.stop();
      });
    }
    await this.sending;
    await this.tapReady;
    await this.tap?.stop();
    this.release();
    return this.transport.stop(this.id);
  }

  private release(): void {
    this.released = true;
    const tap = this.tap;
    this.tap = null;
    void tap?.stop();
    clearInterval(this.meter);
    clearInterval(this.devicePoll);
    navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
    [this.micStream, this.systemStream].forEach((s) => s?.getTracks().forEach((t) => t.stop()));
    void this.context.close().catch(() => undefined);
  }
}
