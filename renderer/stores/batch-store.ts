import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { ChannelResult } from '../../common/contract';
import type { DuplicateFile, RejectedFile, TranscribeOptions } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';
import { useJobsStore, type StartOutcome } from './jobs-store';
import { useOptionsStore } from './options-store';
import { useTranscriptionSettingsStore } from './transcription-settings-store';
import { useViewStore } from './view-store';

export type InspectedFile = ChannelResult<'files.inspect'>['files'][number];

/** Most paths one request may carry (the contract's limit). */
const pathsPerRequest = 1000;

/** Files checked but not yet queued, or what their start came back with. */
export interface Batch {
  /** Changes for every new batch, so that a late answer for a discarded one is ignored. */
  id: number;
  /** `inspecting`: main is checking; `ready`: waiting for Start; `starting`; `started`: showing duplicates or refusals. */
  phase: 'inspecting' | 'ready' | 'starting' | 'started';
  files: InspectedFile[];
  rejected: RejectedFile[];
  /** Paths main is still checking. */
  checking: number;
  error: AppErrorValue | null;
  /** After Start: how many jobs were queued. */
  queued: number;
  /** After Start: files already transcribed with the same options, not queued. */
  duplicates: DuplicateFile[];
  /** The options the batch was started with, for "Transcribe again". */
  startedWith: TranscribeOptions | null;
}

export interface BatchState {
  batch: Batch | null;
  picking: boolean;
  /** Paths of duplicates being queued again. */
  repeating: Record<string, true>;
  /** The last failure to pick or read dropped files. */
  error: AppErrorValue | null;
  /** Checks files and folders (main walks folders) and adds them to the batch. */
  inspect: (paths: string[]) => Promise<void>;
  /** Opens the native file dialog and checks what was chosen. */
  pick: () => Promise<void>;
  /** Checks files and folders dropped onto the window. */
  drop: (files: File[]) => Promise<void>;
  /** Queues the batch's files with the current options. */
  start: () => Promise<void>;
  /** Queues again files already transcribed with these options. */
  transcribeAgain: (paths: string[]) => Promise<void>;
  /** Forgets the batch (nothing is queued) or closes what its start came back with. */
  discard: () => void;
  /** Queues at once the files the OS handed to the app (double-click, command line, dock). */
  takeOpened: () => Promise<void>;
  /** Takes files as the OS hands them over; returns the unsubscribe function. */
  subscribeOpened: () => Unsubscribe;
  dismissError: () => void;
}

let nextId = 1;

function byPath<T extends { path: string }>(items: T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(item.path, item);
  return [...seen.values()];
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function emptyBatch(phase: Batch['phase']): Batch {
  return { id: nextId++, phase, files: [], rejected: [], checking: 0, error: null, queued: 0, duplicates: [], startedWith: null };
}

function addedNotice(count: number): string {
  return count === 1 ? 'Added 1 file to the queue.' : `Added ${count} files to the queue.`;
}

export const useBatchStore = create<BatchState>()((set, get) => {
  const update = (id: number, change: (batch: Batch) => Partial<Batch>): void =>
    set((state) => (state.batch?.id === id ? { batch: { ...state.batch, ...change(state.batch) } } : state));

  /** Shows what a start came back with; closes the panel when there is nothing to say. */
  const showOutcome = (id: number, outcomes: StartOutcome[], options: TranscribeOptions): void => {
    const queued = outcomes.reduce((n, o) => n + o.jobs.length, 0);
    const duplicates = outcomes.flatMap((o) => o.duplicates);
    const rejected = outcomes.flatMap((o) => o.rejected);
    if (queued > 0) useViewStore.getState().showNotice(addedNotice(queued));
    if (duplicates.length === 0 && rejected.length === 0) {
      if (get().batch?.id === id) set({ batch: null });
      return;
    }
    update(id, () => ({ phase: 'started', files: [], queued, duplicates, rejected, startedWith: options, error: null }));
  };

  const inspect = async (paths: string[]): Promise<void> => {
    if (paths.length === 0) return;
    let batch = get().batch;
    if (!batch || batch.phase === 'started' || batch.phase === 'starting') {
      batch = emptyBatch('inspecting');
    }
    const id = batch.id;
    set({ batch: { ...batch, phase: 'inspecting', checking: batch.checking + paths.length, error: null }, error: null });
    const found: InspectedFile[] = [];
    const refused: RejectedFile[] = [];
    let failure: AppErrorValue | null = null;
    for (const part of chunks(paths, pathsPerRequest)) {
      const result = await app.files.inspect({ paths: part });
      if (!result.ok) {
        failure = result.error;
        break;
      }
      found.push(...result.value.files);
      refused.push(...result.value.rejected);
    }
    update(id, (current) => {
      const checking = Math.max(0, current.checking - paths.length);
      return {
        files: byPath([...current.files, ...found]),
        rejected: byPath([...current.rejected, ...refused]),
        checking,
        phase: checking > 0 ? 'inspecting' : 'ready',
        error: failure ?? current.error,
      };
    });
  };

  const queueNow = async (paths: string[]): Promise<void> => {
    const pending = get().batch;
    // A batch being put together takes them in, to be started with the rest.
    if (pending && (pending.phase === 'inspecting' || pending.phase === 'ready')) {
      await inspect(paths);
      return;
    }
    // The default preset must be known before anything is sent with "the current options".
    const settings = useTranscriptionSettingsStore.getState();
    if (!settings.settings) await settings.load();
    const options = useOptionsStore.getState().options;
    const outcome = await useJobsStore.getState().start(paths, options);
    if (!outcome) return;
    if (outcome.duplicates.length === 0 && outcome.rejected.length === 0) {
      showOutcome(-1, [outcome], outcome.options);
      return;
    }
    const batch = emptyBatch('started');
    set({ batch });
    showOutcome(batch.id, [outcome], outcome.options);
  };

  return {
    batch: null,
    picking: false,
    repeating: {},
    error: null,

    inspect,

    pick: async () => {
      if (get().picking) return;
      set({ picking: true, error: null });
      const result = await app.files.pick();
      set({ picking: false });
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      await inspect(result.value);
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
        set({ error: { code: 'FILE_REJECTED', message: 'Only files and folders from your computer can be added. Save the item as a file first.' } });
        return;
      }
      await inspect(usable);
    },

    start: async () => {
      const batch = get().batch;
      if (!batch || batch.phase !== 'ready' || batch.files.length === 0) return;
      const id = batch.id;
      const options = useOptionsStore.getState().options;
      update(id, () => ({ phase: 'starting', error: null }));
      const outcomes: StartOutcome[] = [];
      let sent = 0;
      for (const part of chunks(batch.files.map((file) => file.path), pathsPerRequest)) {
        const outcome = await useJobsStore.getState().start(part, options);
        if (!outcome) {
          const error = useJobsStore.getState().error;
          useJobsStore.getState().dismissError();
          // What was queued stays queued; the rest can be started again.
          const rest = new Set(batch.files.slice(sent).map((file) => file.path));
          update(id, (current) => ({ phase: 'ready', error, files: current.files.filter((f) => rest.has(f.path)) }));
          return;
        }
        sent += part.length;
        outcomes.push(outcome);
      }
      showOutcome(id, outcomes, options);
    },

    transcribeAgain: async (paths) => {
      const batch = get().batch;
      if (!batch?.startedWith || paths.length === 0) return;
      const id = batch.id;
      set((state) => ({ repeating: { ...state.repeating, ...Object.fromEntries(paths.map((p) => [p, true] as const)) } }));
      const outcome = await useJobsStore.getState().start(paths, batch.startedWith, true);
      set((state) => {
        const repeating = { ...state.repeating };
        for (const path of paths) delete repeating[path];
        return { repeating };
      });
      if (!outcome) {
        const error = useJobsStore.getState().error;
        useJobsStore.getState().dismissError();
        update(id, () => ({ error }));
        return;
      }
      if (outcome.jobs.length > 0) useViewStore.getState().showNotice(addedNotice(outcome.jobs.length));
      const again = new Set(paths);
      update(id, (current) => ({ duplicates: current.duplicates.filter((d) => !again.has(d.path)), rejected: [...current.rejected, ...outcome.rejected] }));
      const current = get().batch;
      if (current?.id === id && current.duplicates.length === 0 && current.rejected.length === 0) set({ batch: null });
    },

    discard: () => set({ batch: null }),

    takeOpened: async () => {
      const result = await app.shell.takeOpenedFiles();
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      if (result.value.length === 0) return;
      await queueNow(result.value);
    },

    subscribeOpened: () => app.shell.onFilesOpened(() => void get().takeOpened()),

    dismissError: () => set({ error: null }),
  };
});
