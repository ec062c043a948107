import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { QueueStatus } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';

export interface QueueState {
  /** Whether main's queue is paused and why; null until known. */
  status: QueueStatus | null;
  resuming: boolean;
  /** The last failure to resume. */
  error: AppErrorValue | null;
  load: () => Promise<void>;
  /** Asks main to start jobs again after the user fixed what paused the queue. */
  resume: () => Promise<void>;
  /** Follows pauses and resumptions; returns the unsubscribe function. */
  subscribe: () => Unsubscribe;
}

export const useQueueStore = create<QueueState>()((set, get) => ({
  status: null,
  resuming: false,
  error: null,

  load: async () => {
    const result = await app.queue.status();
    if (result.ok) set({ status: result.value });
  },

  resume: async () => {
    if (get().resuming) return;
    set({ resuming: true, error: null });
    const result = await app.queue.resume();
    set(result.ok ? { resuming: false, status: result.value } : { resuming: false, error: result.error });
  },

  subscribe: () => app.queue.onUpdated((status) => set({ status, error: null })),
}));
