import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { Preferences, Theme } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';

export interface PrefsState {
  /** The preferences main keeps; null until first loaded. */
  prefs: Preferences | null;
  /** The last failure to load or change them. */
  error: AppErrorValue | null;
  /** Reads the preferences from main; resolves to them, or null if that failed. */
  load: () => Promise<Preferences | null>;
  /** Shows the new theme at once and asks main to keep it; reverts if main refuses. */
  setTheme: (theme: Theme) => Promise<void>;
  /** Remembers the transcript to reopen at the next start (null: none). */
  rememberTranscript: (id: string | null) => Promise<void>;
  /** Follows changes made elsewhere (the menu, another call); returns the unsubscribe function. */
  subscribe: () => Unsubscribe;
}

export const usePrefsStore = create<PrefsState>()((set, get) => ({
  prefs: null,
  error: null,

  load: async () => {
    const result = await app.prefs.get();
    if (!result.ok) {
      set({ error: result.error });
      return null;
    }
    set({ prefs: result.value, error: null });
    return result.value;
  },

  setTheme: async (theme) => {
    const before = get().prefs;
    if (before) set({ prefs: { ...before, theme }, error: null });
    const result = await app.prefs.set({ theme });
    if (!result.ok) {
      // Put back what main still has, unless something newer arrived meanwhile.
      if (get().prefs?.theme === theme) set({ prefs: before });
      set({ error: result.error });
      return;
    }
    set({ prefs: result.value });
  },

  rememberTranscript: async (id) => {
    if (get().prefs?.lastTranscriptId === id) return;
    const result = await app.prefs.set({ lastTranscriptId: id });
    // Not worth troubling the user: at worst another transcript, or none, reopens next time.
    if (result.ok) set({ prefs: result.value });
  },

  subscribe: () => app.prefs.onUpdated((prefs) => set({ prefs })),
}));
