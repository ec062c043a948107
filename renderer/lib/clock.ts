import { useSyncExternalStore } from 'react';

// One timer for every label that counts seconds, running only while one of them is shown.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const noop = (): (() => void) => () => undefined;
const snapshot = (): number => now;

/** The time in ms, updated every second while `ticking` (otherwise it may be stale). */
export function useNow(ticking: boolean): number {
  return useSyncExternalStore(ticking ? subscribe : noop, snapshot);
}
