import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import { isTerminal, transcribeOptionsSchema, type Job, type RejectedFile } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';
import { useOptionsStore } from './options-store';
import { useTranscriptsStore } from './transcripts-store';

export interface JobsState {
  /** Job ids in the order they first appeared. */
  order: string[];
  byId: Record<string, Job>;
  /** Files the last start refused, with the reason. */
  rejected: RejectedFile[];
  /** The last failure to pick, start or cancel. */
  error: AppErrorValue | null;
  starting: boolean;
  picking: boolean;
  cancelling: Record<string, boolean>;
  /** Jobs already running in this session (e.g. after a reload of the window). */
  load: () => Promise<void>;
  /** Queues files with the current options. */
  start: (paths: string[]) => Promise<void>;
  /** Opens the native file dialog and starts what was chosen. */
  pick: () => Promise<void>;
  /** Starts files dropped onto the window. */
  drop: (files: File[]) => Promise<void>;
  /** Starts the files the OS handed to the app (double-click, command line, dock) that wait in main. */
  takeOpened: () => Promise<void>;
  cancel: (id: string) => Promise<void>;
  dismissRejected: () => void;
  dismissError: () => void;
  /** Follows job progress; returns the unsubscribe function. */
  subscribe: () => Unsubscribe;
  /** Starts files as the OS hands them over; returns the unsubscribe function. */
  subscribeOpened: () => Unsubscribe;
}

/** The jobs in arrival order. */
export function selectJobs(state: JobsState): Job[] {
  return state.order.flatMap((id) => state.byId[id] ?? []);
}

// When each job was started here, to tell whether the user opened another transcript since.
const startedAt = new Map<string, number>();
const pendingStarts = new Set<number>();

function noteStart(id: string, at: number): void {
  const known = startedAt.get(id);
  startedAt.set(id, known === undefined ? at : Math.min(known, at));
}

export const useJobsStore = create<JobsState>()((set, get) => {
  const put = (job: Job): void =>
    set((state) => ({
      byId: { ...state.byId, [job.id]: job },
      order: job.id in state.byId ? state.order : [...state.order, job.id],
    }));

  const onUpdate = (job: Job): void => {
    const previous = get().byId[job.id];
    // An update can overtake the reply to start(); that start then counts as the job's beginning.
    noteStart(job.id, Math.min(performance.now(), ...pendingStarts));
    put(job);
    if (job.state === 'done' && job.transcriptId && previous?.state !== 'done') {
      useTranscriptsStore.getState().showFinished(job.transcriptId, startedAt.get(job.id) ?? 0);
    }
  };

  const start = async (paths: string[]): Promise<void> => {
    if (paths.length === 0) return;
    const parsed = transcribeOptionsSchema.safeParse(useOptionsStore.getState().options);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'Check the transcription options.';
      set({ error: { code: 'INVALID_ARGUMENT', message } });
      return;
    }
    const requestedAt = performance.now();
    pendingStarts.add(requestedAt);
    set({ starting: true, error: null });
    const result = await app.transcribe.start({ paths, options: parsed.data });
    pendingStarts.delete(requestedAt);
    set({ starting: pendingStarts.size > 0 });
    if (!result.ok) {
      set({ error: result.error });
      return;
    }
    for (const job of result.value.jobs) {
      noteStart(job.id, requestedAt);
      // Events may already have brought a newer state of this job.
      if (!(job.id in get().byId)) put(job);
    }
    set({ rejected: result.value.rejected });
  };

  const takeOpened = async (): Promise<void> => {
    const result = await app.shell.takeOpenedFiles();
    if (!result.ok) {
      set({ error: result.error });
      return;
    }
    await start(result.value);
  };

  return {
    order: [],
    byId: {},
    rejected: [],
    error: null,
    starting: false,
    picking: false,
    cancelling: {},

    load: async () => {
      const result = await app.jobs.list();
      if (!result.ok) return;
      for (const job of result.value) {
        if (!(job.id in get().byId)) put(job);
      }
    },

    start,

    pick: async () => {
      if (get().picking) return;
      set({ picking: true, error: null });
      const result = await app.files.pick();
      set({ picking: false });
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      await start(result.value);
    },

    drop: async (files) => {
      if (files.length === 0) return;
      set({ error: null });
      let paths: string[];
      try {
        paths = await Promise.all(files.map((file) => app.files.pathForFile(file)));
      } catch {
        set({ error: { code: 'FILE_REJECTED', message: 'Deepgram Desk could not read the dropped files. Try Choose files… instead.' } });
        return;
      }
      // Items that are not files on disk (e.g. dragged from a web page) have no path.
      const usable = paths.filter((path) => path !== '');
      if (usable.length === 0) {
        set({ error: { code: 'FILE_REJECTED', message: 'Only files from your computer can be added. Save the item as a file first.' } });
        return;
      }
      await start(usable);
    },

    takeOpened,

    cancel: async (id) => {
      set((state) => ({ cancelling: { ...state.cancelling, [id]: true }, error: null }));
      const result = await app.transcribe.cancel({ jobId: id });
      set((state) => {
        const cancelling = { ...state.cancelling };
        delete cancelling[id];
        return { cancelling };
      });
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      const current = get().byId[id];
      if (!current || !isTerminal(current.state)) put(result.value);
    },

    dismissRejected: () => set({ rejected: [] }),
    dismissError: () => set({ error: null }),

    subscribe: () => app.jobs.onUpdated(onUpdate),
    subscribeOpened: () => app.shell.onFilesOpened(() => void takeOpened()),
  };
});
