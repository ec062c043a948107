import { memo, type ReactElement } from 'react';
import { isTerminal, type Job } from '../../common/domain';
import { formatBytes, jobStatusText } from '../lib/format';
import { ErrorMessage } from './ErrorMessage';
import { FileAudioIcon } from './icons';

export interface JobRowProps {
  job: Job;
  cancelling: boolean;
  /** Whether this job's transcript is the one on screen. */
  showing: boolean;
  onCancel: (id: string) => void;
  onOpenTranscript: (transcriptId: string) => void;
}

export const JobRow = memo(function JobRow({ job, cancelling, showing, onCancel, onOpenTranscript }: JobRowProps): ReactElement {
  const terminal = isTerminal(job.state);
  const max = job.sizeBytes > 0 ? job.sizeBytes : 1;
  const value = job.sizeBytes > 0 ? Math.min(job.bytesSent, job.sizeBytes) : job.state === 'done' ? 1 : 0;

  return (
    // Focusable from code only: a notification about this job brings the user here.
    <li className={`job job-${job.state}${showing ? ' job-showing' : ''}`} data-job-id={job.id} tabIndex={-1}>
      <span className="job-icon">
        <FileAudioIcon />
      </span>
      <div className="job-main">
        <div className="job-head">
          <span className="job-name" title={job.fileName}>
            {job.fileName}
          </span>
          <span className="job-size">{formatBytes(job.sizeBytes)}</span>
        </div>
        <progress className="job-progress" aria-label={`Upload progress for ${job.fileName}`} value={value} max={max} />
        <p className="job-status">{jobStatusText(job)}</p>
        {job.state === 'failed' && job.error ? <ErrorMessage error={job.error} /> : null}
      </div>
      <div className="job-actions">
        {!terminal ? (
          <button
            type="button"
            className="button button-small"
            aria-label={`Cancel ${job.fileName}`}
            disabled={cancelling}
            onClick={() => onCancel(job.id)}
          >
            Cancel
          </button>
        ) : null}
        {job.state === 'done' && job.transcriptId ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              if (job.transcriptId) onOpenTranscript(job.transcriptId);
            }}
          >
            Open transcript
          </button>
        ) : null}
      </div>
    </li>
  );
});
