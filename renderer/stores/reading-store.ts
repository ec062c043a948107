import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export interface ReadingState {
  /** Words Deepgram was unsure of are marked in the open transcript. */
  shadeUncertain: boolean;
  /** With a transcript open, the intake (drop zone, options, queue) is shown in full rather than as a strip. */
  intakeExpanded: boolean;
  /** In a narrow window with a transcript open, the library is shown above it rather than folded away. */
  libraryShown: boolean;
  setShadeUncertain: (on: boolean) => void;
  setIntakeExpanded: (expanded: boolean) => void;
  setLibraryShown: (shown: boolean) => void;
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
      libraryShown: false,
      setShadeUncertain: (on) => set({ shadeUncertain: on }),
      setIntakeExpanded: (expanded) => set({ intakeExpanded: expanded }),
      setLibraryShown: (shown) => set({ libraryShown: shown }),
    }),
    {
      name: 'deepgram-desk.reading',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // The intake and the library start folded each time a transcript is opened.
      partialize: (state) => ({ shadeUncertain: state.shadeUncertain }),
      merge: (persisted, current) => {
        const stored = (persisted ?? {}) as Persisted;
        return { ...current, shadeUncertain: stored.shadeUncertain === true };
      },
    },
  ),
);
