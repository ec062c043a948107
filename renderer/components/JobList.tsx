import { useEffect, useId, useRef, useState, type ReactElement, type Ref } from 'react';
import { isTerminal, type Job } from '../../common/domain';
import type { JobAction } from '../stores/jobs-store';
import { JobRow } from './JobRow';

/** Rows rendered at first and added by each "Show more": a long queue stays cheap to draw. */
export const rowsPerPage = 50;

export interface JobListProps {
  /** Newest first. */
  jobs: Job[];
  busy: Record<string, JobAction>;
  clearing: boolean;
  shownTranscriptId: string | null;
  /** The job to scroll to and focus, with a count that changes on each request; null for none. */
  spotlight: { jobId: string; seq: number } | null;
  onCancel: (id: string) => void;
  onRetry: (id: string) => void;
  onRemove: (id: string) => void;
  onSaveAgain: (id: string) => void;
  onClearFinished: () => void;
  onOpenTranscript: (transcriptId: string) => void;
  /** The list's heading, focusable from code (where focus goes when the batch panel closes). */
  titleRef?: Ref<HTMLHeadingElement>;
}

function countStates(jobs: Job[]): { running: number; waiting: number; done: number; failed: number; clearable: number } {
  const counts = { running: 0, waiting: 0, done: 0, failed: 0, clearable: 0 };
  for (const job of jobs) {
    if (job.state === 'uploading' || job.state === 'processing') counts.running += 1;
    else if (job.state === 'queued') counts.waiting += 1;
    else if (job.state === 'done') counts.done += 1;
    else if (job.state === 'failed') counts.failed += 1;
    if (isTerminal(job.state) && !job.unsaved) counts.clearable += 1;
  }
  return counts;
}

/** The queue, newest first; new work scrolls into view at the top. Shows the newest rows, more on request. */
export function JobList({
  jobs,
  busy,
  clearing,
  shownTranscriptId,
  spotlight,
  onCancel,
  onRetry,
  onRemove,
  onSaveAgain,
  onClearFinished,
  onOpenTranscript,
  titleRef,
}: JobListProps): ReactElement {
  const id = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const [limit, setLimit] = useState(rowsPerPage);
  const spotJobId = spotlight?.jobId;
  const spotSeq = spotlight?.seq;
  const spotIndex = spotJobId === undefined ? -1 : jobs.findIndex((job) => job.id === spotJobId);
  // A job asked for from a notification is shown even when it is further down than the rows drawn.
  const shown = Math.max(limit, spotIndex + 1);
  const visible = jobs.length > shown ? jobs.slice(0, shown) : jobs;
  const hidden = jobs.length - visible.length;
  const counts = countStates(jobs);
  const newest = jobs[0]?.id;

  useEffect(() => {
    if (newest !== undefined) listRef.current?.scrollTo({ top: 0 });
  }, [newest]);

  useEffect(() => {
    if (spotJobId === undefined) return;
    const row = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-job-id]') ?? [])].find((el) => el.dataset.jobId === spotJobId);
    row?.scrollIntoView({ block: 'nearest' });
    row?.focus({ preventScroll: true });
  }, [spotJobId, spotSeq]);

  const summary = [
    counts.running > 0 ? `${counts.running} running` : null,
    counts.waiting > 0 ? `${counts.waiting} waiting` : null,
    counts.done > 0 ? `${counts.done} done` : null,
    counts.failed > 0 ? `${counts.failed} failed` : null,
  ]
    .filter((part) => part !== null)
    .join(' · ');

  return (
    <section className="jobs" aria-labelledby={`${id}-title`}>
      <div className="jobs-head">
        <h2 ref={titleRef} className="jobs-title" id={`${id}-title`} tabIndex={-1}>
          Transcriptions
        </h2>
        <p className="jobs-counts">{summary}</p>
        <button type="button" className="button button-small button-quiet" disabled={clearing || counts.clearable === 0} onClick={onClearFinished}>
          Clear finished
        </button>
      </div>
      <ul ref={listRef} className="job-list">
        {visible.map((job) => (
          <JobRow
            key={job.id}
            job={job}
            busy={busy[job.id]}
            showing={job.transcriptId !== undefined && job.transcriptId === shownTranscriptId}
            onCancel={onCancel}
            onRetry={onRetry}
            onRemove={onRemove}
            onSaveAgain={onSaveAgain}
            onOpenTranscript={onOpenTranscript}
          />
        ))}
        {hidden > 0 ? (
          <li className="job-more">
            <button type="button" className="button button-small" onClick={() => setLimit(shown + rowsPerPage)}>
              Show {Math.min(rowsPerPage, hidden)} more ({hidden} not shown)
            </button>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
