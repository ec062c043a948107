import { create } from 'zustand';
import type { AppErrorValue } from '../../common/errors';
import type { SearchResult } from '../../common/search/search-schemas';
import { app } from '../ipc/app-client';

/** Typing pauses this long before the library is searched. */
const debounceMs = 200;

export interface SearchState {
  query: string;
  /** The answer to the latest query that was sent; null when the query is too short to search. */
  result: SearchResult | null;
  error: AppErrorValue | null;
  /** Searches the library's text for `query` once typing pauses; a newer query wins over an older answer. */
  search: (query: string) => void;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let latest = 0;

/** Full-text search across the library (titles, text, speaker names), run by main's index. */
export const useSearchStore = create<SearchState>()((set) => ({
  query: '',
  result: null,
  error: null,
  search: (query) => {
    clearTimeout(timer);
    const ticket = ++latest;
    set({ query });
    if (query.trim().length < 2) {
      set({ result: null, error: null });
      return;
    }
    timer = setTimeout(() => {
      void app.library.search({ query, limit: 20, perTranscript: 3 }).then((answer) => {
        if (ticket !== latest) return;
        set(answer.ok ? { result: answer.value, error: null } : { result: null, error: answer.error });
      });
    }, debounceMs);
  },
}));
