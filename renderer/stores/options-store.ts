import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { defaultTranscribeOptions, transcribeOptionsSchema, type TranscribeOptions } from '../../common/domain';
import type { Preset, TranscriptionSettings } from '../../common/presets';

export interface OptionsState {
  /** What the next files and links are sent with: the chosen preset's options, possibly changed for this batch. */
  options: TranscribeOptions;
  /** The preset the options started from; null when it was deleted or none was chosen yet. */
  presetId: string | null;
  /** False until a preset was applied or an option changed: the default preset then applies when known. */
  chosen: boolean;
  setOptions: (patch: Partial<TranscribeOptions>) => void;
  /** Starts again from a preset's options. */
  choosePreset: (preset: Preset) => void;
  /** Follows the transcription settings: the default preset at first, and forgets a preset that was deleted. */
  adoptSettings: (settings: TranscriptionSettings) => void;
  reset: () => void;
}

const storageKey = 'deepgram-desk.transcribe-options';

/** Keeps each stored field that is still valid, so one bad value does not reset the others. */
export function restoreOptions(stored: unknown): TranscribeOptions {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const shape = transcribeOptionsSchema.shape;
  const restored: Record<string, unknown> = {};
  for (const key of Object.keys(shape) as (keyof TranscribeOptions)[]) {
    const parsed = shape[key].safeParse(record[key]);
    restored[key] = parsed.success ? parsed.data : defaultTranscribeOptions[key];
  }
  return restored as TranscribeOptions;
}

interface Persisted {
  options?: unknown;
  presetId?: unknown;
  chosen?: unknown;
}

export const useOptionsStore = create<OptionsState>()(
  persist(
    (set, get) => ({
      options: { ...defaultTranscribeOptions },
      presetId: null,
      chosen: false,
      setOptions: (patch) => set((state) => ({ options: { ...state.options, ...patch }, chosen: true })),
      choosePreset: (preset) => set({ options: { ...preset.options }, presetId: preset.id, chosen: true }),
      adoptSettings: (settings) => {
        const { chosen, presetId } = get();
        if (!chosen) {
          const preset = settings.presets.find((p) => p.id === settings.defaultPresetId) ?? settings.presets[0];
          if (preset) set({ options: { ...preset.options }, presetId: preset.id });
          return;
        }
        if (presetId !== null && !settings.presets.some((p) => p.id === presetId)) set({ presetId: null });
      },
      reset: () => set({ options: { ...defaultTranscribeOptions }, presetId: null, chosen: false }),
    }),
    {
      name: storageKey,
      version: 2,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ options: state.options, presetId: state.presetId, chosen: state.chosen }),
      // Version 1 kept only the options: they were the user's choice.
      migrate: (persisted) => persisted,
      merge: (persisted, current) => {
        const stored = (persisted ?? {}) as Persisted;
        return {
          ...current,
          options: restoreOptions(stored.options),
          presetId: typeof stored.presetId === 'string' ? stored.presetId : null,
          chosen: typeof stored.chosen === 'boolean' ? stored.chosen : stored.options !== undefined,
        };
      },
    },
  ),
);
