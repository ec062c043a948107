import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import { toLibraryEntry } from '../../common/domain';
import type { LibraryEntry, TranscriptSummary } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';
import { frameBatch } from '../lib/frame-batch';
import { usePrefsStore } from './prefs-store';

/** The open transcript's library entry; its paragraphs come from the editor store (`edits.get`). */
export interface TranscriptDocument {
  summary: TranscriptSummary;
}

export interface TranscriptsState {
  /** The library, newest first. */
  list: LibraryEntry[];
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
  /** Library entries that could not be read, shown so they can be removed. */
  damaged: { id: string; message: string }[];
  loadDamaged: () => Promise<void>;
  removeDamaged: (id: string) => Promise<void>;
  rename: (id: string, title: string) => Promise<boolean>;
  /**
   * Moves a transcript to the trash; resolves to whether it was. When its audio is a file the app
   * owns, the user is asked first (`deletePrompt`) whether it goes too.
   */
  remove: (id: string) => Promise<boolean>;
  /** The transcript whose delete waits for the user's audio choice; null when none does. */
  deletePrompt: { id: string; title: string } | null;
  /** Answers the delete prompt: with its audio, the transcript only, or not at all (null). */
  answerDeletePrompt: (choice: 'with-audio' | 'transcript-only' | null) => void;
  undoRemove: (id: string) => Promise<boolean>;
}

function upsert(list: LibraryEntry[], summary: LibraryEntry): LibraryEntry[] {
  const entry = toLibraryEntry(summary);
  return list.some((t) => t.id === entry.id) ? list.map((t) => (t.id === entry.id ? entry : t)) : [entry, ...list];
}

const remember = (id: string | null): void => void usePrefsStore.getState().rememberTranscript(id);

export const useTranscriptsStore = create<TranscriptsState>()((set, get) => {
  let answerPrompt: ((choice: 'with-audio' | 'transcript-only' | null) => void) | undefined;
  const open = async (id: string, { quietIfMissing = false } = {}): Promise<void> => {
    const current = get();
    if (current.selectedId === id && (current.selected !== null || current.selectedLoading)) return;
    set({ selectedId: id, selected: null, selectedLoading: true, selectedError: null });
    const result = await app.transcripts.summary({ id });
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
    set((state) => ({ selectedLoading: false, selected: { summary: result.value }, list: upsert(state.list, result.value) }));
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
      const added = frameBatch<TranscriptSummary>((summaries) =>
        set((state) => {
          const open = state.selected ? summaries.find((s) => s.id === state.selected!.summary.id) : undefined;
          return { list: summaries.reduce(upsert, state.list), ...(open && state.selected ? { selected: { ...state.selected, summary: open } } : {}) };
        }),
      );
      const offAdded = app.transcripts.onAdded(added.add);
      const offRemoved = app.transcripts.onRemoved(({ ids }) => {
        const gone = new Set(ids);
        if (get().selectedId !== null && gone.has(get().selectedId!)) get().close();
        set((state) => ({ list: state.list.filter((t) => !gone.has(t.id)) }));
      });
      return () => {
        offAdded();
        offRemoved();
      };
    },

    damaged: [],
    loadDamaged: async () => {
      const result = await app.transcripts.damaged();
      if (result.ok) set({ damaged: result.value });
    },
    removeDamaged: async (id) => {
      const result = await app.transcripts.removeDamaged({ id });
      if (result.ok) set((state) => ({ damaged: state.damaged.filter((d) => d.id !== id) }));
      else set({ error: result.error });
    },
    rename: async (id, title) => {
      const result = await app.transcripts.rename({ id, title });
      if (!result.ok) {
        set({ selectedError: null, error: result.error });
        return false;
      }
      set((state) => ({ list: upsert(state.list, result.value), ...(state.selected?.summary.id === id ? { selected: { ...state.selected, summary: result.value } } : {}) }));
      return true;
    },
    deletePrompt: null,
    answerDeletePrompt: (choice) => {
      set({ deletePrompt: null });
      answerPrompt?.(choice);
      answerPrompt = undefined;
    },
    remove: async (id) => {
      const options = await app.transcripts.deleteOptions({ id });
      let withAudio = false;
      if (options.ok && options.value.audio === 'owned') {
        const title = get().list.find((t) => t.id === id)?.title ?? get().selected?.summary.title ?? 'this transcript';
        answerPrompt?.(null);
        const choice = await new Promise<'with-audio' | 'transcript-only' | null>((resolve) => {
          answerPrompt = resolve;
          set({ deletePrompt: { id, title } });
        });
        if (choice === null) return false;
        withAudio = choice === 'with-audio';
      }
      const result = await app.transcripts.delete({ id, withAudio });
      if (!result.ok) {
        set({ error: result.error });
        return false;
      }
      if (get().selectedId === id) get().close();
      set((state) => ({ list: state.list.filter((t) => t.id !== id) }));
      return true;
    },
    undoRemove: async (id) => {
      const result = await app.transcripts.restore({ id });
      if (!result.ok) {
        set({ error: result.error });
        return false;
      }
      set((state) => ({ list: upsert(state.list, result.value) }));
      await get().select(id);
      return true;
    },
  };
});
