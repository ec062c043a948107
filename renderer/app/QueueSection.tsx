import { useCallback, useMemo, type ReactElement, type Ref } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { JobList } from '../components/JobList';
import { summarizeQueue } from '../lib/queue-strip';
import { selectJobs, useJobsStore } from '../stores/jobs-store';
import { useRecordingStore } from '../stores/recording-store';
import { useTranscriptsStore } from '../stores/transcripts-store';

export interface QueueSectionProps {
  /** The job to scroll to and focus (a notification about it); null for none. */
  spotlight: { jobId: string; seq: number } | null;
  titleRef: Ref<HTMLHeadingElement>;
}

/**
 * The queue wired to its store. It alone follows job progress, so a burst of updates re-renders
 * the list, not the rest of the window.
 */
export function QueueSection({ spotlight, titleRef }: QueueSectionProps): ReactElement | null {
  const jobs = useJobsStore(useShallow(selectJobs));
  const busy = useJobsStore((s) => s.busy);
  const clearing = useJobsStore((s) => s.clearing);
  const cancel = useJobsStore((s) => s.cancel);
  const retry = useJobsStore((s) => s.retry);
  const remove = useJobsStore((s) => s.remove);
  const saveAgain = useJobsStore((s) => s.saveAgain);
  const clearFinished = useJobsStore((s) => s.clearFinished);
  const selectedId = useTranscriptsStore((s) => s.selectedId);
  const select = useTranscriptsStore((s) => s.select);

  const openTranscript = useCallback((transcriptId: string) => void select(transcriptId), [select]);
  const cancelJob = useCallback((jobId: string) => void cancel(jobId), [cancel]);
  const retryJob = useCallback((jobId: string) => void retry(jobId), [retry]);
  const removeJob = useCallback((jobId: string) => void remove(jobId), [remove]);
  const saveJobAgain = useCallback((jobId: string) => void saveAgain(jobId), [saveAgain]);
  const clear = useCallback(() => void clearFinished(), [clearFinished]);

  if (jobs.length === 0) return null;
  return (
    <JobList
      jobs={jobs}
      busy={busy}
      clearing={clearing}
      shownTranscriptId={selectedId}
      spotlight={spotlight}
      onCancel={cancelJob}
      onRetry={retryJob}
      onRemove={removeJob}
      onSaveAgain={saveJobAgain}
      onClearFinished={clear}
      onOpenTranscript={openTranscript}
      titleRef={titleRef}
    />
  );
}

export interface QueueStripProps {
  /** The queue, drop zone and options are shown below the strip. */
  expanded: boolean;
  /** The id of what the button shows and hides. */
  controls: string;
  /** Null while the panel must stay open (files waiting to start, an error to read). */
  onToggle: (() => void) | null;
  /** Shows or folds the library; the button is there in narrow windows only, where the library would sit above the transcript. */
  library: { shown: boolean; controls: string; onToggle: () => void };
}

/**
 * The intake folded into one line while a transcript is read: what the queue is doing, and a
 * button that shows or hides the full panel. Like the queue, it alone follows job progress.
 */
export function QueueStrip({ expanded, controls, onToggle, library }: QueueStripProps): ReactElement {
  const jobs = useJobsStore(useShallow(selectJobs));
  const recording = useRecordingStore((s) => s.phase !== 'idle');
  const summary = useMemo(() => summarizeQueue(jobs, recording), [jobs, recording]);
  return (
    <div className="intake-strip" role="region" aria-label="Queue and intake">
      <button type="button" className="button button-small intake-strip-library" aria-expanded={library.shown} aria-controls={library.controls} onClick={library.onToggle}>
        Library
      </button>
      <p className="intake-strip-text">{summary.text}</p>
      {onToggle ? (
        <button type="button" className="button button-small" aria-expanded={expanded} aria-controls={controls} onClick={onToggle}>
          {expanded ? 'Hide queue & options' : 'Show queue & options'}
        </button>
      ) : null}
    </div>
  );
}
