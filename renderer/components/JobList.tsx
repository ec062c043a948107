import { useEffect, useRef, type ReactElement } from 'react';
import type { Job } from '../../common/domain';
import { JobRow } from './JobRow';

export interface JobListProps {
  jobs: Job[];
  cancelling: Record<string, boolean>;
  shownTranscriptId: string | null;
  /** The job to scroll to and focus, with a count that changes on each request; null for none. */
  spotlight: { jobId: string; seq: number } | null;
  onCancel: (id: string) => void;
  onOpenTranscript: (transcriptId: string) => void;
}

/** This session's transcriptions, oldest first. */
export function JobList({ jobs, cancelling, shownTranscriptId, spotlight, onCancel, onOpenTranscript }: JobListProps): ReactElement {
  const listRef = useRef<HTMLUListElement>(null);
  const spotJobId = spotlight?.jobId;
  const spotSeq = spotlight?.seq;

  useEffect(() => {
    if (spotJobId === undefined) return;
    const row = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-job-id]') ?? [])].find((el) => el.dataset.jobId === spotJobId);
    row?.scrollIntoView({ block: 'nearest' });
    row?.focus({ preventScroll: true });
  }, [spotJobId, spotSeq]);

  return (
    <section className="jobs" aria-label="Transcriptions">
      <ul ref={listRef} className="job-list">
        {jobs.map((job) => (
          <JobRow
            key={job.id}
            job={job}
            cancelling={cancelling[job.id] ?? false}
            showing={job.transcriptId !== undefined && job.transcriptId === shownTranscriptId}
            onCancel={onCancel}
            onOpenTranscript={onOpenTranscript}
          />
        ))}
      </ul>
    </section>
  );
}
