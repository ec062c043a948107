import { memo, type ReactElement } from 'react';
import { isTerminal, type Job } from '../../common/domain';
import { useNow } from '../lib/clock';
import { formatBytes, jobStateLabel, labelTicks } from '../lib/format';
import type { JobAction } from '../stores/jobs-store';
import { ErrorMessage } from './ErrorMessage';
import { FileAudioIcon, LinkIcon } from './icons';

export interface JobRowProps {
  job: Job;
  /** The action waiting for main's answer, if any. */
  busy: JobAction | undefined;
  /** Whether this job's transcript is the one on screen. */
  showing: boolean;
  onCancel: (id: string) => void;
  onRetry: (id: string) => void;
  onRemove: (id: string) => void;
  onSaveAgain: (id: string) => void;
  onOpenTranscript: (transcriptId: string) => void;
}

/** One job of the queue: what it is, what it is doing, and what can be done with it. */
export const JobRow = memo(function JobRow({ job, busy, showing, onCancel, onRetry, onRemove, onSaveAgain, onOpenTranscript }: JobRowProps): ReactElement {
  const now = useNow(labelTicks(job));
  const terminal = isTerminal(job.state);
  const name = job.fileName;
  const max = job.sizeBytes > 0 ? job.sizeBytes : 1;
  const value = job.state === 'done' ? max : job.sizeBytes > 0 ? Math.min(job.bytesSent, job.sizeBytes) : 0;
  // A waiting job keeps the error of its last attempt: why it is retried, or why the queue paused.
  const lastAttempt = job.state === 'queued' && job.error ? job.error : undefined;
  const disabled = busy !== undefined;

  return (
    // Focusable from code only: a notification about this job brings the user here.
    <li className={`job job-${job.state}${job.unsaved ? ' job-unsaved' : ''}${showing ? ' job-showing' : ''}`} data-job-id={job.id} tabIndex={-1}>
      <span className="job-icon">{job.source.kind === 'url' ? <LinkIcon /> : <FileAudioIcon />}</span>
      <div className="job-main">
        <div className="job-head">
          <span className="job-name" title={name}>
            {name}
          </span>
          {job.source.kind === 'url' ? (
            <span className="job-meta" title={`Fetched by Deepgram from ${job.source.host}`}>
              {job.source.host}
            </span>
          ) : (
            <span className="job-meta">{formatBytes(job.sizeBytes)}</span>
          )}
          {job.profileName ? (
            <span className="job-meta job-profile" title={`Sent with the profile ${job.profileName}`}>
              {job.profileName}
            </span>
          ) : null}
        </div>
        <progress className="job-progress" aria-label={`Upload progress for ${name}`} value={value} max={max} />
        <p className="job-status">{jobStateLabel(job, now)}</p>
        {lastAttempt ? (
          <p className="job-note">
            Last attempt: {lastAttempt.message}
            {lastAttempt.requestId ? (
              <>
                {' '}
                <span className="job-request">
                  Request ID: <span className="mono selectable">{lastAttempt.requestId}</span>
                </span>
              </>
            ) : null}
          </p>
        ) : null}
        {job.state === 'failed' && job.error ? <ErrorMessage error={job.error} /> : null}
      </div>
      <div className="job-actions">
        {!terminal ? (
          <button type="button" className="button button-small" aria-label={`Cancel ${name}`} disabled={disabled} onClick={() => onCancel(job.id)}>
            {busy === 'cancel' ? 'Canceling…' : 'Cancel'}
          </button>
        ) : null}
        {job.state === 'done' && job.transcriptId ? (
          <button
            type="button"
            className="button button-small"
            aria-label={`Open the transcript of ${name}`}
            onClick={() => {
              if (job.transcriptId) onOpenTranscript(job.transcriptId);
            }}
          >
            Open
          </button>
        ) : null}
        {job.unsaved ? (
          <button type="button" className="button button-small button-primary" aria-label={`Save ${name} again`} disabled={disabled} onClick={() => onSaveAgain(job.id)}>
            {busy === 'saveAgain' ? 'Saving…' : 'Save again'}
          </button>
        ) : null}
        {(job.state === 'failed' && !job.unsaved) || job.state === 'canceled' ? (
          <button type="button" className="button button-small" aria-label={`Retry ${name}`} disabled={disabled} onClick={() => onRetry(job.id)}>
            Retry
          </button>
        ) : null}
        {terminal && !job.unsaved ? (
          <button type="button" className="button button-small button-quiet" aria-label={`Remove ${name}`} disabled={disabled} onClick={() => onRemove(job.id)}>
            Remove
          </button>
        ) : null}
      </div>
    </li>
  );
});
