import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { AppErrorValue } from '../../common/errors';
import { builtInModels, type ModelCatalog, type TranscriptionSettings } from '../../common/presets';
import { app } from '../ipc/app-client';
import { useOptionsStore } from './options-store';

export interface TranscriptionSettingsState {
  /** Presets, default preset, prices and concurrency as main keeps them; null until loaded. */
  settings: TranscriptionSettings | null;
  /** The models to offer; the built-in list until Deepgram's arrives. */
  catalog: ModelCatalog;
  saving: boolean;
  error: AppErrorValue | null;
  /** Resolves once the settings were asked for, whether or not that worked. */
  load: () => Promise<TranscriptionSettings | null>;
  /** Asks Deepgram (through main) which models the key can use. */
  loadModels: () => Promise<void>;
  /** Replaces the settings; resolves to whether main kept them. */
  save: (settings: TranscriptionSettings) => Promise<boolean>;
  clearError: () => void;
  /** Follows changes made elsewhere; returns the unsubscribe function. */
  subscribe: () => Unsubscribe;
}

let loading: Promise<TranscriptionSettings | null> | null = null;

const adopt = (settings: TranscriptionSettings): void => useOptionsStore.getState().adoptSettings(settings);

export const useTranscriptionSettingsStore = create<TranscriptionSettingsState>()((set) => ({
  settings: null,
  catalog: { models: [...builtInModels], source: 'built-in' },
  saving: false,
  error: null,

  load: () => {
    loading ??= (async () => {
      const result = await app.transcription.getSettings();
      loading = null;
      if (!result.ok) {
        set({ error: result.error });
        return null;
      }
      set({ settings: result.value });
      adopt(result.value);
      return result.value;
    })();
    return loading;
  },

  loadModels: async () => {
    const result = await app.models.list();
    // Without an answer the built-in list stays, and says so.
    if (result.ok && result.value.models.length > 0) set({ catalog: result.value });
  },

  save: async (settings) => {
    set({ saving: true, error: null });
    const result = await app.transcription.setSettings(settings);
    if (!result.ok) {
      set({ saving: false, error: result.error });
      return false;
    }
    set({ saving: false, settings: result.value });
    adopt(result.value);
    return true;
  },

  clearError: () => set({ error: null }),

  subscribe: () =>
    app.transcription.onSettingsUpdated((settings) => {
      set({ settings });
      adopt(settings);
    }),
}));
