import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export interface ReadingState {
  /** Words Deepgram was unsure of are marked in the open transcript. */
  shadeUncertain: boolean;
  /** With a transcript open, the intake (drop zone, options, queue) is shown in full rather than as a strip. */
  intakeExpanded: boolean;
  setShadeUncertain: (on: boolean) => void;
  setIntakeExpanded: (expanded: boolean) => void;
}

interface Persisted {
  shadeUncertain?: unknown;
}

/** How the reader likes to read, remembered by this window between starts. */
export const useReadingStore = create<ReadingState>()(
  persist(
    (set) => ({
      shadeUncertain: false,
      intakeExpanded: false,
      setShadeUncertain: (on) => set({ shadeUncertain: on }),
      setIntakeExpanded: (expanded) => set({ intakeExpanded: expanded }),
    }),
    {
      name: 'deepgram-desk.reading',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // The intake starts compact each time a transcript is opened after a restart.
      partialize: (state) => ({ shadeUncertain: state.shadeUncertain }),
      merge: (persisted, current) => {
        const stored = (persisted ?? {}) as Persisted;
        return { ...current, shadeUncertain: stored.shadeUncertain === true };
      },
    },
  ),
);
