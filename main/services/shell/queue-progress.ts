import { capText } from '../../../common/text';
import { isTerminal, shellCommandSchema } from '../../../common/domain';
import type { Job, ShellCommand } from '../../../common/domain';

/** What the taskbar or dock shows for the queue; `value` and `mode` go to `setProgressBar`. */
export type QueueProgress =
  | { mode: 'none'; value: -1 }
  | { mode: 'normal'; value: number }
  | { mode: 'indeterminate'; value: 2 };

/** An OS notification about a finished batch, and what clicking it asks the window to do. */
export interface BatchNotification {
  title: string;
  body: string;
  /** Absent when the click should only bring the window forward. */
  onClick?: ShellCommand;
}

/**
 * What the shell remembers between two looks at the job list. A batch is every job that ran
 * since the queue was last idle; it ends when no job is queued, uploading or processing.
 */
export interface QueueWatch {
  /** Every job id looked at so far. */
  readonly seen: ReadonlySet<string>;
  /** The jobs of the batch in progress. */
  readonly batch: ReadonlySet<string>;
}

const none: QueueProgress = { mode: 'none', value: -1 };
const maxNames = 3;
const maxLine = 120;

/** Starts watching a queue: jobs that already ended are history; running ones form the current batch. */
export function startQueueWatch(jobs: readonly Job[]): QueueWatch {
  return {
    seen: new Set(jobs.map((job) => job.id)),
    batch: new Set(jobs.filter((job) => !isTerminal(job.state)).map((job) => job.id)),
  };
}

/**
 * Folds a fresh job list into the watch. A job joins the batch while it runs, or when it first
 * appears already ended (a job can fail before it ever reports running). Returns the progress
 * to show and, once, the notification of a batch that just ended.
 */
export function observeQueue(
  watch: QueueWatch,
  jobs: readonly Job[],
): { watch: QueueWatch; progress: QueueProgress; notification: BatchNotification | null } {
  const seen = new Set(watch.seen);
  const batch = new Set(watch.batch);
  for (const job of jobs) {
    if (!seen.has(job.id) || !isTerminal(job.state)) batch.add(job.id);
    seen.add(job.id);
  }
  const batchJobs = jobs.filter((job) => batch.has(job.id));
  if (batchJobs.some((job) => !isTerminal(job.state))) {
    return { watch: { seen, batch }, progress: queueProgress(batchJobs), notification: null };
  }
  return { watch: { seen, batch: new Set() }, progress: none, notification: batchNotification(batchJobs) };
}

/**
 * Progress of a batch by bytes: finished and processing jobs count in full, uploads by what was
 * sent; failed and canceled jobs drop out. Indeterminate when only Deepgram's processing is left.
 */
export function queueProgress(batchJobs: readonly Job[]): QueueProgress {
  const active = batchJobs.filter((job) => !isTerminal(job.state));
  if (active.length === 0) return none;
  if (active.every((job) => job.state === 'processing')) return { mode: 'indeterminate', value: 2 };
  let total = 0;
  let sent = 0;
  for (const job of batchJobs) {
    if (job.state === 'failed' || job.state === 'canceled') continue;
    total += job.sizeBytes;
    sent += job.state === 'done' || job.state === 'processing' ? job.sizeBytes : Math.min(job.bytesSent, job.sizeBytes);
  }
  if (total <= 0) return { mode: 'indeterminate', value: 2 };
  return { mode: 'normal', value: Math.max(0, Math.min(1, sent / total)) };
}

function nameList(jobs: readonly Job[]): string {
  const names = jobs.slice(0, maxNames).map((job) => capText(job.fileName, 60));
  const more = jobs.length - names.length;
  return capText(more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', '), maxLine * 2);
}

/** A command survives only if it would pass the contract (ids from elsewhere may not). */
function command(candidate: ShellCommand): ShellCommand | undefined {
  const parsed = shellCommandSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

function withClick(notification: Omit<BatchNotification, 'onClick'>, onClick: ShellCommand | undefined): BatchNotification {
  return onClick ? { ...notification, onClick } : notification;
}

/**
 * The notification for a batch that ended: one transcript ready opens it on click; any failure
 * is reported (clicking shows the first failed job); a batch that was only canceled says nothing.
 */
export function batchNotification(batchJobs: readonly Job[]): BatchNotification | null {
  const done = batchJobs.filter((job) => job.state === 'done');
  const failed = batchJobs.filter((job) => job.state === 'failed');
  const [firstFailed] = failed;
  if (firstFailed) {
    const total = done.length + failed.length;
    const title = total === 1 ? 'Transcription failed' : `${failed.length} of ${total} transcriptions failed`;
    const body =
      failed.length === 1
        ? capText(`${capText(firstFailed.fileName, 60)}: ${firstFailed.error?.message ?? 'It could not be transcribed.'}`, maxLine * 2)
        : nameList(failed);
    return withClick({ title, body }, command({ command: 'show-job', jobId: firstFailed.id }));
  }
  const [onlyDone] = done;
  if (!onlyDone) return null;
  if (done.length === 1) {
    const open = onlyDone.transcriptId ? command({ command: 'open-transcript', transcriptId: onlyDone.transcriptId }) : undefined;
    return withClick({ title: 'Transcript ready', body: capText(onlyDone.fileName, maxLine) }, open);
  }
  return { title: `${done.length} transcripts ready`, body: nameList(done) };
}
