import { useCallback, type ReactElement, type Ref } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { JobList } from '../components/JobList';
import { selectJobs, useJobsStore } from '../stores/jobs-store';
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
