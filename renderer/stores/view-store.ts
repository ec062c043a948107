import { create } from 'zustand';

/** A short message for the status line; `id` tells two equal messages apart. */
export interface Notice {
  id: number;
  text: string;
  /** A way to take the change back, e.g. Undo after a delete. */
  action?: { label: string; run: () => void };
}

/** Something a command asked to bring into view and focus; `seq` makes a repeat count. */
export type FocusRequest = { target: 'find'; seq: number } | { target: 'find-in-transcript'; seq: number } | { target: 'job'; jobId: string; seq: number };

export interface ViewState {
  settingsOpen: boolean;
  /** The export dialog for the open transcript. */
  exportOpen: boolean;
  /** The export dialog for several transcripts (the library as listed). */
  exportMany: string[] | null;
  /** A moment the open transcript should scroll to (a search hit): paragraph index; `seq` makes a repeat count. */
  moment: { transcriptId: string; paragraph: number; seq: number } | null;
  notice: Notice | null;
  focusRequest: FocusRequest | null;
  openSettings: () => void;
  closeSettings: () => void;
  openExport: () => void;
  openExportMany: (ids: string[]) => void;
  closeExport: () => void;
  showMoment: (transcriptId: string, paragraph: number) => void;
  /** Shows a polite status message until it is dismissed or replaced. */
  showNotice: (text: string, action?: Notice['action']) => void;
  dismissNotice: () => void;
  /** Asks the home screen to focus the library filter. */
  focusFind: () => void;
  /** Asks the open transcript to show its find bar. */
  focusFindInTranscript: () => void;
  /** Asks the home screen to scroll to a job's row and focus it. */
  focusJob: (jobId: string) => void;
}

let seq = 0;

/** What the window shows beyond the data: the dialog, the status line, where focus should go. */
export const useViewStore = create<ViewState>()((set) => ({
  settingsOpen: false,
  exportOpen: false,
  exportMany: null,
  moment: null,
  notice: null,
  focusRequest: null,
  openSettings: () => set({ settingsOpen: true }),
  closeSettings: () => set({ settingsOpen: false }),
  openExport: () => set({ exportOpen: true, exportMany: null }),
  openExportMany: (ids) => set({ exportOpen: false, exportMany: ids }),
  closeExport: () => set({ exportOpen: false, exportMany: null }),
  showMoment: (transcriptId, paragraph) => set({ moment: { transcriptId, paragraph, seq: ++seq } }),
  showNotice: (text, action) => set({ notice: { id: ++seq, text, ...(action ? { action } : {}) } }),
  dismissNotice: () => set({ notice: null }),
  focusFind: () => set({ focusRequest: { target: 'find', seq: ++seq } }),
  focusFindInTranscript: () => set({ focusRequest: { target: 'find-in-transcript', seq: ++seq } }),
  focusJob: (jobId) => set({ focusRequest: { target: 'job', jobId, seq: ++seq } }),
}));
