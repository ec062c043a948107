import { create } from 'zustand';
import type { RejectedFile } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { maxLinksPerRequest, parseLinks } from '../lib/links';
import { useJobsStore } from './jobs-store';
import { useOptionsStore } from './options-store';
import { useViewStore } from './view-store';

export interface LinksState {
  /** What is in the links field. */
  text: string;
  sending: boolean;
  /** Links main refused, each with why. */
  rejected: RejectedFile[];
  error: AppErrorValue | null;
  /** Changes each time the links field should take focus; 0 before the first. */
  focusRequest: number;
  setText: (text: string) => void;
  /** Adds pasted links to the field and brings it into view. */
  receivePaste: (text: string) => void;
  /** Queues the links in the field with the current options; refused ones stay in the field. */
  submit: () => Promise<void>;
  dismissRejected: () => void;
}

export const useLinksStore = create<LinksState>()((set, get) => ({
  text: '',
  sending: false,
  rejected: [],
  error: null,
  focusRequest: 0,

  setText: (text) => set({ text }),

  receivePaste: (text) =>
    set((state) => ({
      text: state.text.trim() === '' ? text.trim() : `${state.text.trimEnd()}\n${text.trim()}`,
      focusRequest: state.focusRequest + 1,
    })),

  submit: async () => {
    if (get().sending) return;
    const links = parseLinks(get().text);
    if (links.length === 0) {
      set({ error: { code: 'INVALID_ARGUMENT', message: 'Paste one or more links that start with https://.' } });
      return;
    }
    if (links.length > maxLinksPerRequest) {
      set({ error: { code: 'INVALID_ARGUMENT', message: `Paste at most ${maxLinksPerRequest} links at once.` } });
      return;
    }
    set({ sending: true, error: null, rejected: [] });
    const jobs = useJobsStore.getState();
    const result = await jobs.startUrls(links, useOptionsStore.getState().options);
    if (!result) {
      const error = useJobsStore.getState().error;
      useJobsStore.getState().dismissError();
      set({ sending: false, error });
      return;
    }
    const refused = new Set(result.rejected.map((r) => r.path));
    set({ sending: false, rejected: result.rejected, text: links.filter((link) => refused.has(link)).join('\n') });
    const count = result.jobs.length;
    if (count > 0) useViewStore.getState().showNotice(count === 1 ? 'Added 1 link to the queue.' : `Added ${count} links to the queue.`);
  },

  dismissRejected: () => set({ rejected: [], error: null }),
}));
