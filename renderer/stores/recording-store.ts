import { create } from 'zustand';
import type { AppErrorValue } from '../../common/errors';
import type { RecordingSummary } from '../../common/recording';
import { meterValue } from '../audio/level-meter';
import { MeetingRecorder } from '../audio/meeting-recorder';
import type { CaptureChoice, CaptureLevels, RecordingTransport, SystemSource } from '../audio/meeting-recorder';
import { app } from '../ipc/app-client';
import { useJobsStore } from './jobs-store';
import { useLiveStore } from './live-store';
import { useOptionsStore } from './options-store';

export type RecordingPhase = 'idle' | 'starting' | 'recording' | 'paused' | 'stopping';

export interface InputDevice {
  deviceId: string;
  label: string;
}

/** How long an input may stay silent while recording before the user is told. */
export const silentWarningMs = 3000;
/** How long a recording may hear nothing before the app asks whether it was forgotten. */
export const defaultForgottenAfterMin = 15;

export interface RecordingState {
  phase: RecordingPhase;
  /** Main's id for the running recording. */
  id: string | null;
  /** Date.now() when recording (re)started, and the seconds recorded before: elapsed time without pauses. */
  runningSince: number | null;
  recordedMs: number;
  microphones: InputDevice[];
  microphoneId: string | null;
  system: SystemSource;
  processing: CaptureChoice['processing'];
  /** 0..1 for the level meters. */
  microphoneLevel: number;
  systemLevel: number | null;
  /** Which input has been silent for longer than `silentWarningMs`. */
  silent: { microphone: boolean; system: boolean };
  /** Nothing heard for `forgottenAfterMin`: ask whether to stop. */
  forgotten: boolean;
  forgottenAfterMin: number;
  /** How many minutes of silence make the app ask whether the recording was forgotten (remembered). */
  setForgottenAfter: (minutes: number) => void;
  /** A device change the user should know about. */
  interruption: string | null;
  error: AppErrorValue | null;
  /** The last recording that finished, for "transcribe it" and the library. */
  finished: RecordingSummary | null;
  /** Recordings a crash interrupted, finished at this start: offered for transcription. */
  recovered: RecordingSummary[];
  /** Recordings that could not be finished yet (a full disk), with the reason. */
  unrecoverable: { id: string; error: AppErrorValue }[];
  /** Takes what recovery at start found. */
  loadRecovered: () => Promise<void>;
  transcribeRecovered: (id: string) => Promise<void>;
  dismissRecovered: (id: string) => void;
  refreshDevices: () => Promise<void>;
  chooseMicrophone: (deviceId: string | null) => void;
  chooseSystem: (source: SystemSource) => void;
  setProcessing: (processing: Partial<CaptureChoice['processing']>) => void;
  start: () => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<RecordingSummary | null>;
  /** The user said the recording was not forgotten: ask again after another quiet spell. */
  keepRecording: () => void;
  dismiss: () => void;
  /** Opens the OS page where the app is allowed the microphone or system audio. */
  openPrivacySettings: (pane: 'microphone' | 'system-audio') => Promise<void>;
}

const transport: RecordingTransport = {
  start: (meta) => app.recording.start(meta),
  chunk: (id, seq, bytes) => app.recording.chunk({ id, seq, bytes }),
  pause: (id) => app.recording.pause({ id }),
  resume: (id) => app.recording.resume({ id }),
  markGap: (id, reason) => app.recording.markGap({ id, reason }),
  stop: (id) => app.recording.stop({ id }),
};

const choiceKey = 'recording.inputs';
const processingKey = 'recording.processing';
const forgottenKey = 'recording.forgottenAfterMin';

function rememberedForgottenAfter(): number {
  try {
    const saved = Number(localStorage.getItem(forgottenKey));
    return Number.isFinite(saved) && saved >= 1 && saved <= 240 ? saved : defaultForgottenAfterMin;
  } catch {
    return defaultForgottenAfterMin;
  }
}

/** The voice processing chosen last time; all off at first. */
function rememberedProcessing(): CaptureChoice['processing'] {
  const off = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
  try {
    const saved = JSON.parse(localStorage.getItem(processingKey) ?? '{}') as Partial<CaptureChoice['processing']>;
    return { echoCancellation: saved.echoCancellation === true, noiseSuppression: saved.noiseSuppression === true, autoGainControl: saved.autoGainControl === true };
  } catch {
    return off;
  }
}

interface RememberedInputs {
  microphone?: InputDevice;
  system?: SystemSource & { label?: string };
}

function remembered(): RememberedInputs {
  try {
    return JSON.parse(localStorage.getItem(choiceKey) ?? '{}') as RememberedInputs;
  } catch {
    return {};
  }
}

function remember(update: { [K in keyof RememberedInputs]: RememberedInputs[K] | undefined }): void {
  localStorage.setItem(choiceKey, JSON.stringify({ ...remembered(), ...update }));
}

/** A remembered device by id, or by label when the id changed (ids change across restarts on some systems). */
function match(devices: InputDevice[], wanted: InputDevice | undefined): string | null {
  if (!wanted) return null;
  return devices.find((d) => d.deviceId === wanted.deviceId)?.deviceId ?? devices.find((d) => d.label === wanted.label)?.deviceId ?? null;
}

// The running capture lives here, not in a component: changing screens or opening a dialog never stops it.
let recorder: MeetingRecorder | null = null;
let quietGraceUntil = 0;

/**
 * Live captions for a recording that is starting: main opens the stream as soon as the recording
 * has its id, before the first frame. Nothing here can stop or delay the recording.
 */
function liveCaptions(base: RecordingTransport): { transport: RecordingTransport; onFrame: (bytes: Uint8Array<ArrayBuffer>) => void; stop: () => Promise<void> } {
  let recordingId: string | null = null;
  let seq = 0;
  return {
    transport: {
      ...base,
      start: async (meta) => {
        const started = await base.start(meta);
        if (started.ok) {
          recordingId = started.value.id;
          const channels = meta.channelLayout === 'two-channel' ? 2 : 1;
          useLiveStore.getState().begin(recordingId, channels);
          void app.live.start({ recordingId, channels, options: useOptionsStore.getState().options }).then((result) => {
            if (!result.ok) useLiveStore.setState({ error: result.error });
          });
        }
        return started;
      },
    },
    onFrame: (bytes) => {
      if (recordingId !== null) void app.live.frame({ recordingId, seq: seq++, bytes });
    },
    stop: async () => {
      if (recordingId === null) return;
      const draft = await app.live.stop({ recordingId });
      useLiveStore.getState().end(draft.ok ? draft.value : null);
    },
  };
}

let stopLive: (() => Promise<void>) | null = null;

export const useRecordingStore = create<RecordingState>()((set, get) => {
  const onLevels = (levels: CaptureLevels): void => {
    const state = get();
    const forgotten = state.forgotten || (levels.quietMs > state.forgottenAfterMin * 60_000 && Date.now() > quietGraceUntil);
    set({
      microphoneLevel: meterValue(levels.microphoneDb),
      systemLevel: levels.systemDb === null ? null : meterValue(levels.systemDb),
      silent: { microphone: levels.microphoneSilentMs >= silentWarningMs, system: (levels.systemDeadMs ?? 0) >= silentWarningMs },
      forgotten,
    });
  };

  const ended = (summary: RecordingSummary | null, error: AppErrorValue | null): void => {
    recorder = null;
    set({ phase: 'idle', id: null, runningSince: null, microphoneLevel: 0, systemLevel: null, silent: { microphone: false, system: false }, forgotten: false, finished: summary ?? get().finished, error });
  };

  return {
    phase: 'idle',
    id: null,
    runningSince: null,
    recordedMs: 0,
    microphones: [],
    microphoneId: null,
    system: { kind: 'none' },
    processing: rememberedProcessing(),
    microphoneLevel: 0,
    systemLevel: null,
    silent: { microphone: false, system: false },
    forgotten: false,
    forgottenAfterMin: rememberedForgottenAfter(),
    setForgottenAfter: (minutes) => {
      const value = Math.min(240, Math.max(1, Math.round(minutes)));
      localStorage.setItem(forgottenKey, String(value));
      set({ forgottenAfterMin: value });
    },
    interruption: null,
    error: null,
    finished: null,

    refreshDevices: async () => {
      const devices = (await navigator.mediaDevices.enumerateDevices())
        .filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default' && d.deviceId !== 'communications')
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Input ${i + 1}` }));
      const saved = remembered();
      const microphoneId = match(devices, saved.microphone);
      const savedSystem = saved.system;
      let system: SystemSource = { kind: 'none' };
      if (savedSystem?.kind === 'display') system = savedSystem;
      else if (savedSystem?.kind === 'device') {
        const id = match(devices, { deviceId: savedSystem.deviceId, label: savedSystem.label ?? '' });
        if (id) system = { kind: 'device', deviceId: id };
      }
      set({ microphones: devices, microphoneId, system });
    },

    chooseMicrophone: (deviceId) => {
      const device = get().microphones.find((d) => d.deviceId === deviceId);
      // The system default is remembered as no microphone at all (JSON drops an undefined field).
      remember({ microphone: device });
      set({ microphoneId: device ? device.deviceId : null });
    },

    chooseSystem: (source) => {
      const label = source.kind === 'device' ? get().microphones.find((d) => d.deviceId === source.deviceId)?.label : undefined;
      remember({ system: { ...source, ...(label ? { label } : {}) } });
      set({ system: source });
    },

    setProcessing: (processing) =>
      set((s) => {
        const next = { ...s.processing, ...processing };
        localStorage.setItem(processingKey, JSON.stringify(next));
        return { processing: next };
      }),

    start: async () => {
      if (get().phase !== 'idle') return;
      set({ phase: 'starting', error: null, interruption: null, finished: null, recordedMs: 0 });
      const { microphoneId, system, processing } = get();
      const access = await app.recording.prepare();
      if (access.ok && access.value.microphone === 'denied') {
        set({
          phase: 'idle',
          error: { code: 'PERMISSION_DENIED', message: 'Deepgram Desk may not use the microphone. Allow it in the privacy settings, then start the recording again.' },
        });
        return;
      }
      const live = useLiveStore.getState().enabled ? liveCaptions(transport) : null;
      stopLive = live?.stop ?? null;
      try {
        recorder = await MeetingRecorder.start({ microphoneId, system, processing }, live?.transport ?? transport, {
          ...(live ? { liveFrame: live.onFrame, liveUnavailable: (message: string) => useLiveStore.setState({ error: { code: 'DEVICE_UNAVAILABLE', message } }) } : {}),
          levels: onLevels,
          interrupted: ({ paused, message }) => {
            set({ interruption: message });
            if (paused) set((s) => ({ phase: 'paused', recordedMs: s.recordedMs + (s.runningSince === null ? 0 : Date.now() - s.runningSince), runningSince: null }));
          },
          failed: (error) => {
            void stopLive?.();
            stopLive = null;
            ended(null, error);
          },
        });
      } catch (error) {
        set({ phase: 'idle', error: error as AppErrorValue });
        return;
      }
      quietGraceUntil = 0;
      set({ phase: 'recording', id: recorder.id, runningSince: Date.now() });
      // Labels are readable only once a permission was given: list the inputs again with their names.
      void get().refreshDevices();
    },

    pause: async () => {
      if (!recorder || get().phase !== 'recording') return;
      const result = await recorder.pause();
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      set((s) => ({ phase: 'paused', recordedMs: s.recordedMs + (s.runningSince === null ? 0 : Date.now() - s.runningSince), runningSince: null }));
    },

    resume: async () => {
      if (!recorder || get().phase !== 'paused') return;
      const result = await recorder.resume();
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      set({ phase: 'recording', runningSince: Date.now(), interruption: null });
    },

    stop: async () => {
      if (!recorder || (get().phase !== 'recording' && get().phase !== 'paused')) return null;
      set({ phase: 'stopping' });
      const result = await recorder.stop();
      const liveStopped = stopLive?.() ?? Promise.resolve();
      stopLive = null;
      if (!result.ok) {
        ended(null, result.error);
        await liveStopped;
        return null;
      }
      ended(result.value, null);
      // A finished recording goes straight to transcription with the options in use: the final
      // pass that replaces the live draft.
      await Promise.all([useJobsStore.getState().transcribeRecording(result.value.id, useOptionsStore.getState().options), liveStopped]);
      return result.value;
    },

    keepRecording: () => {
      quietGraceUntil = Date.now() + get().forgottenAfterMin * 60_000;
      set({ forgotten: false });
    },

    dismiss: () => set({ error: null, interruption: null }),

    openPrivacySettings: async (pane) => {
      const opened = await app.recording.openPrivacySettings({ pane });
      if (opened.ok && !opened.value) set({ interruption: 'This system has no privacy page to open: allow the microphone for Deepgram Desk (or for your browser) in its settings.' });
    },

    recovered: [],
    unrecoverable: [],

    loadRecovered: async () => {
      const result = await app.recordings.takeRecovered();
      if (!result.ok) return;
      set((s) => ({ recovered: [...s.recovered, ...result.value.recovered], unrecoverable: result.value.failed }));
    },

    transcribeRecovered: async (id) => {
      if (await useJobsStore.getState().transcribeRecording(id, useOptionsStore.getState().options)) get().dismissRecovered(id);
    },

    dismissRecovered: (id) => set((s) => ({ recovered: s.recovered.filter((r) => r.id !== id) })),
  };
});

/** Milliseconds recorded so far, pauses excluded. */
export function recordedMs(state: Pick<RecordingState, 'recordedMs' | 'runningSince'>, now: number): number {
  return state.recordedMs + (state.runningSince === null ? 0 : now - state.runningSince);
}
