import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { ListenResponse } from '../../common/deepgram-response';
import type { TranscriptSummary } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';
import { frameBatch } from '../lib/frame-batch';
import { usePrefsStore } from './prefs-store';

export interface TranscriptDocument {
  summary: TranscriptSummary;
  response: ListenResponse;
}

export interface TranscriptsState {
  /** The library, newest first. */
  list: TranscriptSummary[];
  loading: boolean;
  error: AppErrorValue | null;
  selectedId: string | null;
  /** The selected transcript once loaded; null while loading or when nothing is selected. */
  selected: TranscriptDocument | null;
  selectedLoading: boolean;
  selectedError: AppErrorValue | null;
  /** performance.now() of the user's last own choice of transcript; null if they made none. */
  userSelectedAt: number | null;
  load: () => Promise<void>;
  /** Opens a transcript the user asked for. */
  select: (id: string) => Promise<void>;
  /** Reopens the transcript open at the last start, unless one was opened since; forgets it if it is gone. */
  restore: (id: string) => Promise<void>;
  /** Closes the open transcript. */
  close: () => void;
  /** Opens the transcript of a finished job, unless the user opened another since `since`. */
  showFinished: (id: string, since: number) => void;
  /** Keeps the library current as transcripts are saved; returns the unsubscribe function. */
  subscribe: () => Unsubscribe;
}

function upsert(list: TranscriptSummary[], summary: TranscriptSummary): TranscriptSummary[] {
  return list.some((t) => t.id === summary.id) ? list.map((t) => (t.id === summary.id ? summary : t)) : [summary, ...list];
}

const remember = (id: string | null): void => void usePrefsStore.getState().rememberTranscript(id);

export const useTranscriptsStore = create<TranscriptsState>()((set, get) => {
  const open = async (id: string, { quietIfMissing = false } = {}): Promise<void> => {
    const current = get();
    if (current.selectedId === id && (current.selected !== null || current.selectedLoading)) return;
    set({ selectedId: id, selected: null, selectedLoading: true, selectedError: null });
    const result = await app.transcripts.get({ id });
    // Another transcript was chosen while this one loaded.
    if (get().selectedId !== id) return;
    if (!result.ok) {
      const missing = result.error.code === 'NOT_FOUND';
      if (missing && usePrefsStore.getState().prefs?.lastTranscriptId === id) remember(null);
      set(
        missing && quietIfMissing
          ? { selectedId: null, selectedLoading: false }
          : { selectedLoading: false, selectedError: result.error },
      );
      return;
    }
    set((state) => ({ selectedLoading: false, selected: result.value, list: upsert(state.list, result.value.summary) }));
    remember(id);
  };

  return {
    list: [],
    loading: false,
    error: null,
    selectedId: null,
    selected: null,
    selectedLoading: false,
    selectedError: null,
    userSelectedAt: null,

    load: async () => {
      set({ loading: true, error: null });
      const result = await app.transcripts.list();
      if (!result.ok) {
        set({ loading: false, error: result.error });
        return;
      }
      // Keep anything that arrived through onAdded while the list was on its way.
      set((state) => {
        const known = new Set(result.value.map((t) => t.id));
        return { loading: false, list: [...state.list.filter((t) => !known.has(t.id)), ...result.value] };
      });
    },

    select: async (id) => {
      set({ userSelectedAt: performance.now() });
      await open(id);
    },

    restore: async (id) => {
      if (get().selectedId !== null) return;
      await open(id, { quietIfMissing: true });
    },

    close: () => {
      set({ selectedId: null, selected: null, selectedLoading: false, selectedError: null });
      remember(null);
    },

    showFinished: (id, since) => {
      const { userSelectedAt } = get();
      if (userSelectedAt !== null && userSelectedAt > since) return;
      void open(id);
    },

    subscribe: () => {
      // A batch of files finishing together is one update and one render of the library, not one each.
      const added = frameBatch<TranscriptSummary>((summaries) => set((state) => ({ list: summaries.reduce(upsert, state.list) })));
      return app.transcripts.onAdded(added.add);
    },
  };
});
