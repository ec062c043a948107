import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { defaultTranscribeOptions, transcribeOptionsSchema, type TranscribeOptions } from '../../common/domain';

export interface OptionsState {
  /** What the next files are sent with; may briefly hold a language code the user is still typing. */
  options: TranscribeOptions;
  setOptions: (patch: Partial<TranscribeOptions>) => void;
  reset: () => void;
}

const storageKey = 'deepgram-desk.transcribe-options';

/** Keeps each stored field that is still valid, so one bad value does not reset the others. */
export function restoreOptions(stored: unknown): TranscribeOptions {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const shape = transcribeOptionsSchema.shape;
  const pick = <K extends keyof TranscribeOptions>(key: K): TranscribeOptions[K] => {
    const parsed = shape[key].safeParse(record[key]);
    return parsed.success ? (parsed.data as TranscribeOptions[K]) : defaultTranscribeOptions[key];
  };
  return { model: pick('model'), language: pick('language'), smartFormat: pick('smartFormat'), diarize: pick('diarize') };
}

export const useOptionsStore = create<OptionsState>()(
  persist(
    (set) => ({
      options: { ...defaultTranscribeOptions },
      setOptions: (patch) => set((state) => ({ options: { ...state.options, ...patch } })),
      reset: () => set({ options: { ...defaultTranscribeOptions } }),
    }),
    {
      name: storageKey,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ options: state.options }),
      merge: (persisted, current) => ({
        ...current,
        options: restoreOptions((persisted as { options?: unknown } | undefined)?.options),
      }),
    },
  ),
);
