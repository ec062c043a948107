import type { ReactElement } from 'react';
import type { Job } from '../../common/domain';
import { JobRow } from './JobRow';

export interface JobListProps {
  jobs: Job[];
  cancelling: Record<string, boolean>;
  shownTranscriptId: string | null;
  onCancel: (id: string) => void;
  onOpenTranscript: (transcriptId: string) => void;
}

/** This session's transcriptions, oldest first. */
export function JobList({ jobs, cancelling, shownTranscriptId, onCancel, onOpenTranscript }: JobListProps): ReactElement {
  return (
    <section className="jobs" aria-label="Transcriptions">
      <ul className="job-list">
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
