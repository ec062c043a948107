import { create } from 'zustand';
import type { KeyStatus } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';

export interface KeyState {
  /** What main knows about the stored key; null until first loaded. Never the key itself. */
  status: KeyStatus | null;
  loading: boolean;
  saving: boolean;
  removing: boolean;
  /** The failure of the last action, if it failed. */
  error: AppErrorValue | null;
  load: () => Promise<void>;
  /** Validates and stores a key; resolves to whether it was accepted. The key is passed on, never kept. */
  save: (key: string, baseUrl: string) => Promise<boolean>;
  remove: () => Promise<boolean>;
  clearError: () => void;
}

export const useKeyStore = create<KeyState>()((set) => ({
  status: null,
  loading: false,
  saving: false,
  removing: false,
  error: null,

  load: async () => {
    set({ loading: true, error: null });
    const result = await app.keys.status();
    set(result.ok ? { loading: false, status: result.value } : { loading: false, error: result.error });
  },

  save: async (key, baseUrl) => {
    set({ saving: true, error: null });
    const result = await app.keys.set({ key, baseUrl });
    if (!result.ok) {
      set({ saving: false, error: result.error });
      return false;
    }
    set({ saving: false, status: result.value });
    return true;
  },

  remove: async () => {
    set({ removing: true, error: null });
    const result = await app.keys.remove();
    if (!result.ok) {
      set({ removing: false, error: result.error });
      return false;
    }
    set({ removing: false, status: result.value });
    return true;
  },

  clearError: () => set({ error: null }),
}));
