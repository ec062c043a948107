import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import { transcribeOptionsSchema, type DuplicateFile, type Job, type RejectedFile, type TranscribeOptions } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { app } from '../ipc/app-client';
import { frameBatch } from '../lib/frame-batch';
import { useOptionsStore } from './options-store';
import { useTranscriptsStore } from './transcripts-store';

/** A job action waiting for main's answer; the row's buttons stay disabled meanwhile. */
export type JobAction = 'cancel' | 'retry' | 'remove' | 'saveAgain';

/** What a start asked of main came back as. */
export interface StartOutcome {
  jobs: Job[];
  rejected: RejectedFile[];
  duplicates: DuplicateFile[];
  /** The options the jobs were queued with. */
  options: TranscribeOptions;
}

export interface JobsState {
  /** Job ids, newest first. */
  order: string[];
  byId: Record<string, Job>;
  /** The last failure to start a job or act on one. */
  error: AppErrorValue | null;
  starting: boolean;
  clearing: boolean;
  busy: Record<string, JobAction>;
  /** Every job main's queue keeps (it survives restarts). */
  load: () => Promise<void>;
  /** Queues files (folders are walked by main) with these options, or the current ones; null when nothing could be asked. */
  start: (paths: string[], options?: TranscribeOptions, allowDuplicates?: boolean) => Promise<StartOutcome | null>;
  /** Queues links for Deepgram to fetch. */
  startUrls: (urls: string[], options: TranscribeOptions) => Promise<{ jobs: Job[]; rejected: RejectedFile[] } | null>;
  /** Queues a finished recording; its transcript opens when done. Resolves to whether it was queued. */
  transcribeRecording: (id: string, options: TranscribeOptions) => Promise<boolean>;
  cancel: (id: string) => Promise<void>;
  retry: (id: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  saveAgain: (id: string) => Promise<void>;
  clearFinished: () => Promise<void>;
  dismissError: () => void;
  /** Follows job progress, batched per frame; returns the unsubscribe function. */
  subscribe: () => Unsubscribe;
  /** Follows jobs removed in main (cleared, removed elsewhere); returns the unsubscribe function. */
  subscribeRemoved: () => Unsubscribe;
}

/** The jobs, newest first. */
export function selectJobs(state: JobsState): Job[] {
  return state.order.flatMap((id) => state.byId[id] ?? []);
}

type Change = { kind: 'job'; job: Job } | { kind: 'removed'; ids: string[] };

// Jobs started alone from this window open their transcript when done (not every file of a
// batch): id -> when the start was asked, to tell whether the user opened another one since.
const opensWhenDone = new Map<string, number>();

function newestFirst(jobs: Job[]): Job[] {
  // Main answers oldest first; equal times keep that order reversed.
  return jobs
    .map((job, index) => ({ job, index, at: Date.parse(job.createdAt) || 0 }))
    .sort((a, b) => b.at - a.at || b.index - a.index)
    .map(({ job }) => job);
}

export const useJobsStore = create<JobsState>()((set, get) => {
  const apply = (changes: Change[]): void => {
    const before = get().byId;
    const byId = { ...before };
    const added: Job[] = [];
    const touched = new Set<string>();
    const removed = new Set<string>();
    for (const change of changes) {
      if (change.kind === 'job') {
        if (!(change.job.id in byId)) added.push(change.job);
        byId[change.job.id] = change.job;
        touched.add(change.job.id);
        removed.delete(change.job.id);
      } else {
        for (const id of change.ids) {
          delete byId[id];
          removed.add(id);
          opensWhenDone.delete(id);
        }
      }
    }
    const fresh = newestFirst(added.filter((job) => job.id in byId)).map((job) => job.id);
    let order = removed.size > 0 ? get().order.filter((id) => !removed.has(id)) : get().order;
    if (fresh.length > 0) {
      const freshIds = new Set(fresh);
      order = [...fresh, ...order.filter((id) => !freshIds.has(id))];
    }
    set({ byId, order });
    for (const id of touched) {
      const job = byId[id];
      if (job?.state === 'done' && job.transcriptId && before[id]?.state !== 'done') finished(job);
    }
  };

  const finished = (job: Job): void => {
    const since = opensWhenDone.get(job.id);
    if (since === undefined || !job.transcriptId) return;
    opensWhenDone.delete(job.id);
    useTranscriptsStore.getState().showFinished(job.transcriptId, since);
  };

  /** Lists jobs main just queued for this window; a single one opens its transcript when done. */
  const follow = (jobs: Job[], requestedAt: number): void => {
    changes.flush();
    const known = get().byId;
    apply(jobs.filter((job) => !(job.id in known)).map((job) => ({ kind: 'job', job })));
    if (jobs.length === 1) opensWhenDone.set(jobs[0]!.id, requestedAt);
    openIfAlreadyDone(jobs);
  };

  // A job can finish before the answer that queued it arrives: its transcript opens then.
  const openIfAlreadyDone = (jobs: Job[]): void => {
    for (const job of jobs) {
      const current = get().byId[job.id];
      if (current?.state === 'done') finished(current);
    }
  };

  const changes = frameBatch(apply);

  const putNow = (jobs: Job[]): void => {
    changes.flush();
    apply(jobs.map((job) => ({ kind: 'job', job })));
  };

  const act = async (id: string, action: JobAction, call: () => Promise<{ ok: true; value: Job | null } | { ok: false; error: AppErrorValue }>): Promise<void> => {
    if (get().busy[id]) return;
    set((state) => ({ busy: { ...state.busy, [id]: action }, error: null }));
    const result = await call();
    set((state) => {
      const busy = { ...state.busy };
      delete busy[id];
      return { busy };
    });
    if (!result.ok) {
      set({ error: result.error });
      return;
    }
    // Main's events for this job arrived before its answer; the answer is the newest state.
    if (result.value) putNow([result.value]);
    else {
      changes.flush();
      apply([{ kind: 'removed', ids: [id] }]);
    }
  };

  return {
    order: [],
    byId: {},
    error: null,
    starting: false,
    clearing: false,
    busy: {},

    load: async () => {
      const result = await app.jobs.list();
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      changes.flush();
      const known = get().byId;
      apply(result.value.filter((job) => !(job.id in known)).map((job) => ({ kind: 'job', job })));
    },

    start: async (paths, options, allowDuplicates = false) => {
      if (paths.length === 0) return null;
      const parsed = transcribeOptionsSchema.safeParse(options ?? useOptionsStore.getState().options);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'Check the transcription options.';
        set({ error: { code: 'INVALID_ARGUMENT', message } });
        return null;
      }
      const requestedAt = performance.now();
      set({ starting: true, error: null });
      const result = await app.transcribe.start({ paths, options: parsed.data, allowDuplicates });
      set({ starting: false });
      if (!result.ok) {
        set({ error: result.error });
        return null;
      }
      const { jobs, rejected } = result.value;
      // An older main answers without the field.
      const duplicates = result.value.duplicates ?? [];
      changes.flush();
      const known = get().byId;
      // Events may already have brought a newer state of these jobs.
      apply(jobs.filter((job) => !(job.id in known)).map((job) => ({ kind: 'job', job })));
      if (jobs.length === 1) opensWhenDone.set(jobs[0]!.id, requestedAt);
      openIfAlreadyDone(jobs);
      return { jobs, rejected, duplicates, options: parsed.data };
    },

    startUrls: async (urls, options) => {
      if (urls.length === 0) return null;
      const requestedAt = performance.now();
      set({ starting: true, error: null });
      const result = await app.transcribe.startUrls({ urls, options });
      set({ starting: false });
      if (!result.ok) {
        set({ error: result.error });
        return null;
      }
      follow(result.value.jobs, requestedAt);
      return result.value;
    },

    transcribeRecording: async (id, options) => {
      const requestedAt = performance.now();
      const result = await app.recordings.transcribe({ id, options });
      if (!result.ok) {
        set({ error: result.error });
        return false;
      }
      follow(result.value.jobs, requestedAt);
      return true;
    },

    cancel: (id) => act(id, 'cancel', () => app.transcribe.cancel({ jobId: id })),
    retry: (id) => act(id, 'retry', () => app.jobs.retry({ jobId: id })),
    remove: (id) => act(id, 'remove', () => app.jobs.remove({ jobId: id })),
    saveAgain: (id) => act(id, 'saveAgain', () => app.jobs.saveAgain({ jobId: id })),

    clearFinished: async () => {
      if (get().clearing) return;
      set({ clearing: true, error: null });
      const result = await app.jobs.clearFinished();
      set({ clearing: false });
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      changes.flush();
      apply([{ kind: 'removed', ids: result.value }]);
    },

    dismissError: () => set({ error: null }),

    subscribe: () => app.jobs.onUpdated((job) => changes.add({ kind: 'job', job })),
    subscribeRemoved: () => app.jobs.onRemoved(({ ids }) => changes.add({ kind: 'removed', ids })),
  };
});
