import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { AppErrorValue } from '../../common/errors';
import type { LiveDraft, LiveStatus } from '../../common/live';
import { applyCaptionUpdate, emptyDraft } from '../../common/live/caption-lines';
import { app } from '../ipc/app-client';

/** Provisional text of a lane: what Deepgram heard so far and may still change. */
export interface InterimText {
  start: number;
  text: string;
}

export interface LiveState {
  /** Whether the next recording streams live captions (remembered). */
  enabled: boolean;
  setEnabled: (enabled: boolean) => void;
  /** The recording whose captions are shown (running, or the last one until dismissed). */
  recordingId: string | null;
  draft: LiveDraft | null;
  interim: [InterimText | null, InterimText | null];
  status: LiveStatus | null;
  /** The recording ended: the draft waits for the final transcript. */
  ended: boolean;
  error: AppErrorValue | null;
  /** Starts showing a new recording's captions; main is told by `begin` in the recording store. */
  begin: (recordingId: string, channels: 1 | 2) => void;
  /** The recording stopped: keep the draft main answered with. */
  end: (draft: LiveDraft | null) => void;
  rename: (who: string, name: string) => Promise<void>;
  dismiss: () => void;
  subscribe: () => Unsubscribe;
}

const enabledKey = 'live.enabled';

function rememberedEnabled(): boolean {
  try {
    return localStorage.getItem(enabledKey) !== 'false';
  } catch {
    return true;
  }
}

export const useLiveStore = create<LiveState>()((set, get) => ({
  enabled: rememberedEnabled(),
  setEnabled: (enabled) => {
    localStorage.setItem(enabledKey, String(enabled));
    set({ enabled });
  },
  recordingId: null,
  draft: null,
  interim: [null, null],
  status: null,
  ended: false,
  error: null,

  begin: (recordingId, channels) => set({ recordingId, draft: emptyDraft(recordingId, channels), interim: [null, null], status: null, ended: false, error: null }),

  end: (draft) => set((s) => ({ ended: true, interim: [null, null], draft: draft ?? s.draft })),

  rename: async (who, name) => {
    const recordingId = get().recordingId;
    if (!recordingId) return;
    const result = await app.live.rename({ recordingId, who, name });
    if (!result.ok) {
      set({ error: result.error });
      return;
    }
    if (get().recordingId === recordingId) set((s) => ({ draft: s.draft ? { ...s.draft, names: result.value.names } : result.value, error: null }));
  },

  dismiss: () => set({ recordingId: null, draft: null, interim: [null, null], status: null, ended: false, error: null }),

  subscribe: () => {
    const offCaption = app.live.onCaption((update) => {
      const state = get();
      if (update.recordingId !== state.recordingId || !state.draft) return;
      const interim: [InterimText | null, InterimText | null] = [...state.interim];
      for (const lane of update.clearInterim ?? []) interim[lane] = null;
      for (const segment of update.finals) interim[segment.lane] = null;
      for (const next of update.interim ?? []) interim[next.lane] = { start: next.start, text: next.text };
      set({ draft: applyCaptionUpdate(state.draft, update), interim });
    });
    const offStatus = app.live.onStatus((status) => {
      if (status.recordingId !== get().recordingId) return;
      set((s) => ({
        status,
        ...(status.state === 'reconnecting' || status.state === 'failed' ? { interim: [null, null] as [null, null] } : {}),
        draft: s.draft ? { ...s.draft, gaps: status.gaps, ...(status.finalTranscriptId ? { finalTranscriptId: status.finalTranscriptId } : {}) } : s.draft,
      }));
    });
    return () => {
      offCaption();
      offStatus();
    };
  },
}));
