// The renderer's rule for which transcript is on screen: a finished job opens its transcript
// unless the user opened another one since the job was started. Runs the real stores against a
// fake `window.app`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Job, TranscriptSummary } from '../../common/domain';
import { defaultTranscribeOptions } from '../../common/domain';

type Listener<T> = (payload: T) => void;

function summary(id: string): TranscriptSummary {
  return { id, title: `${id}.wav`, createdAt: '2025-05-01T10:00:00Z', durationSec: 3, sizeBytes: 10, requestId: null, options: defaultTranscribeOptions, profileName: null };
}

function job(id: string, patch: Partial<Job> = {}): Job {
  return { id, fileName: `${id}.wav`, sizeBytes: 100, bytesSent: 0, state: 'queued', createdAt: '', options: defaultTranscribeOptions, source: { kind: 'file' }, durationSec: null, attempt: 1, ...patch };
}


function fakeApp() {
  const jobListeners = new Set<Listener<Job>>();
  const addedListeners = new Set<Listener<TranscriptSummary>>();
  const gets: string[] = [];
  let startReply: () => Promise<unknown> = async () => ({ ok: true, value: { jobs: [], rejected: [] } });
  const delays = new Map<string, Promise<void>>();
  const api = {
    keys: {},
    files: {},
    prefs: {
      get: async () => ({ ok: true, value: { theme: 'system', lastTranscriptId: null } }),
      set: async (change: object) => ({ ok: true, value: { theme: 'system', lastTranscriptId: null, ...change } }),
    },
    jobs: {
      list: async () => ({ ok: true, value: [] }),
      onUpdated: (listener: Listener<Job>) => {
        jobListeners.add(listener);
        return () => jobListeners.delete(listener);
      },
    },
    transcribe: { start: () => startReply(), cancel: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'no' } }) },
    transcripts: {
      list: async () => ({ ok: true, value: [] }),
      summary: async ({ id }: { id: string }) => {
        gets.push(id);
        await delays.get(id);
        return { ok: true, value: summary(id) };
      },
      onAdded: (listener: Listener<TranscriptSummary>) => {
        addedListeners.add(listener);
        return () => addedListeners.delete(listener);
      },
      onRemoved: () => () => undefined,
    },
  };
  return {
    api,
    gets,
    delays,
    emitJob: (value: Job) => jobListeners.forEach((l) => l(value)),
    emitAdded: (value: TranscriptSummary) => addedListeners.forEach((l) => l(value)),
    replyToStart: (fn: () => Promise<unknown>) => {
      startReply = fn;
    },
  };
}

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

async function loadStores() {
  const jobs = await import('../../renderer/stores/jobs-store');
  const transcripts = await import('../../renderer/stores/transcripts-store');
  return { jobs: jobs.useJobsStore, transcripts: transcripts.useTranscriptsStore, selectJobs: jobs.selectJobs };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let fake: ReturnType<typeof fakeApp>;

beforeEach(() => {
  vi.resetModules();
  fake = fakeApp();
  vi.stubGlobal('window', { app: fake.api });
  vi.stubGlobal('localStorage', memoryStorage());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('transcript selection', () => {
  it('opens the transcript of a job that finishes', async () => {
    const { jobs, transcripts } = await loadStores();
    const off = jobs.getState().subscribe();
    fake.replyToStart(async () => ({ ok: true, value: { jobs: [job('j1')], rejected: [] } }));
    await jobs.getState().start(['/a.wav']);
    fake.emitJob(job('j1', { state: 'done', bytesSent: 100, transcriptId: 't1' }));
    await settle();
    expect(transcripts.getState().selectedId).toBe('t1');
    expect(transcripts.getState().selected?.summary.id).toBe('t1');
    // The library learns of it even before onAdded arrives.
    expect(transcripts.getState().list.map((t) => t.id)).toEqual(['t1']);
    off();
  });

  it('leaves alone a transcript the user opened after the job started', async () => {
    const { jobs, transcripts } = await loadStores();
    jobs.getState().subscribe();
    fake.replyToStart(async () => ({ ok: true, value: { jobs: [job('j1')], rejected: [] } }));
    await jobs.getState().start(['/a.wav']);
    await transcripts.getState().select('mine');
    fake.emitJob(job('j1', { state: 'done', transcriptId: 't1' }));
    await settle();
    expect(transcripts.getState().selectedId).toBe('mine');
  });

  it('still opens a finished job when the user chose a transcript before starting it', async () => {
    const { jobs, transcripts } = await loadStores();
    jobs.getState().subscribe();
    await transcripts.getState().select('older');
    await new Promise((resolve) => setTimeout(resolve, 2));
    fake.replyToStart(async () => ({ ok: true, value: { jobs: [job('j1')], rejected: [] } }));
    await jobs.getState().start(['/a.wav']);
    fake.emitJob(job('j1', { state: 'done', transcriptId: 't1' }));
    await settle();
    expect(transcripts.getState().selectedId).toBe('t1');
  });

  it('counts a job from the moment start was asked when its updates overtake the reply', async () => {
    const { jobs, transcripts, selectJobs } = await loadStores();
    jobs.getState().subscribe();
    let reply: (value: unknown) => void = () => {};
    fake.replyToStart(() => new Promise((resolve) => (reply = resolve)));
    const started = jobs.getState().start(['/a.wav']);
    await transcripts.getState().select('mine');
    fake.emitJob(job('j1', { state: 'uploading', bytesSent: 50 }));
    reply({ ok: true, value: { jobs: [job('j1')], rejected: [] } });
    await started;
    // The reply is older than the update and must not roll the job back.
    expect(selectJobs(jobs.getState()).map((j) => [j.id, j.state])).toEqual([['j1', 'uploading']]);
    fake.emitJob(job('j1', { state: 'done', transcriptId: 't1' }));
    await settle();
    expect(transcripts.getState().selectedId).toBe('mine');
  });

  it('does not reopen a transcript for repeated done updates', async () => {
    const { jobs } = await loadStores();
    jobs.getState().subscribe();
    fake.replyToStart(async () => ({ ok: true, value: { jobs: [job('j1')], rejected: [] } }));
    await jobs.getState().start(['/a.wav']);
    fake.emitJob(job('j1', { state: 'done', transcriptId: 't1' }));
    await settle();
    fake.emitJob(job('j1', { state: 'done', transcriptId: 't1' }));
    await settle();
    expect(fake.gets).toEqual(['t1']);
  });

  it('shows the last transcript chosen when an earlier one loads more slowly', async () => {
    const { transcripts } = await loadStores();
    let release: () => void = () => {};
    fake.delays.set('slow', new Promise<void>((resolve) => (release = resolve)));
    const slow = transcripts.getState().select('slow');
    await transcripts.getState().select('fast');
    release();
    await slow;
    expect(transcripts.getState().selectedId).toBe('fast');
    expect(transcripts.getState().selected?.summary.id).toBe('fast');
  });

  it('puts added transcripts first and replaces known ones, a burst in one update', async () => {
    const { transcripts } = await loadStores();
    transcripts.getState().subscribe();
    const updates = vi.fn();
    transcripts.subscribe(updates);
    fake.emitAdded(summary('a'));
    fake.emitAdded(summary('b'));
    fake.emitAdded({ ...summary('a'), title: 'renamed' });
    await vi.waitFor(() => expect(transcripts.getState().list).toHaveLength(2));
    expect(updates).toHaveBeenCalledTimes(1);
    expect(transcripts.getState().list.map((t) => [t.id, t.title])).toEqual([
      ['b', 'b.wav'],
      ['a', 'renamed'],
    ]);
  });

  it('refuses to start with a language code Deepgram would not accept', async () => {
    const { jobs } = await loadStores();
    const { useOptionsStore } = await import('../../renderer/stores/options-store');
    const start = vi.spyOn(fake.api.transcribe, 'start');
    useOptionsStore.getState().setOptions({ language: 'not a code' });
    await jobs.getState().start(['/a.wav']);
    expect(start).not.toHaveBeenCalled();
    expect(jobs.getState().error?.code).toBe('INVALID_ARGUMENT');
  });
});
