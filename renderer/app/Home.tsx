import { useCallback, useEffect, useRef, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { KeyStatus } from '../../common/domain';
import { DropZone } from '../components/DropZone';
import { ErrorMessage } from '../components/ErrorMessage';
import { GearIcon, LogoIcon } from '../components/icons';
import { JobList } from '../components/JobList';
import { OptionsBar } from '../components/OptionsBar';
import { RejectedFiles } from '../components/RejectedFiles';
import { TranscriptList } from '../components/TranscriptList';
import { TranscriptView } from '../components/TranscriptView';
import { usesCommandKey } from '../lib/format';
import { selectJobs, useJobsStore } from '../stores/jobs-store';
import { useOptionsStore } from '../stores/options-store';
import { useTranscriptsStore } from '../stores/transcripts-store';
import { useViewStore } from '../stores/view-store';

export interface HomeProps {
  status: KeyStatus;
  /** While true, the window's own shortcuts stay quiet. */
  settingsOpen: boolean;
  onOpenSettings: () => void;
}

const shortcut = usesCommandKey ? '⌘O' : 'Ctrl+O';

/** The main window: library on the side, intake and the open transcript in the middle. */
export function Home({ status, settingsOpen, onOpenSettings }: HomeProps): ReactElement {
  const headingRef = useRef<HTMLHeadingElement>(null);

  const options = useOptionsStore((s) => s.options);
  const setOptions = useOptionsStore((s) => s.setOptions);

  const jobs = useJobsStore(useShallow(selectJobs));
  const rejected = useJobsStore((s) => s.rejected);
  const jobsError = useJobsStore((s) => s.error);
  const picking = useJobsStore((s) => s.picking);
  const cancelling = useJobsStore((s) => s.cancelling);
  const pick = useJobsStore((s) => s.pick);
  const cancel = useJobsStore((s) => s.cancel);
  const dismissRejected = useJobsStore((s) => s.dismissRejected);
  const dismissError = useJobsStore((s) => s.dismissError);

  const list = useTranscriptsStore((s) => s.list);
  const listLoading = useTranscriptsStore((s) => s.loading);
  const listError = useTranscriptsStore((s) => s.error);
  const selectedId = useTranscriptsStore((s) => s.selectedId);
  const selected = useTranscriptsStore((s) => s.selected);
  const selectedLoading = useTranscriptsStore((s) => s.selectedLoading);
  const selectedError = useTranscriptsStore((s) => s.selectedError);
  const loadList = useTranscriptsStore((s) => s.load);
  const select = useTranscriptsStore((s) => s.select);
  const closeTranscript = useTranscriptsStore((s) => s.close);

  const focusRequest = useViewStore((s) => s.focusRequest);
  const focusFind = useViewStore((s) => s.focusFind);
  const findRequest = focusRequest?.target === 'find' ? focusRequest.seq : null;
  const spotlight = focusRequest?.target === 'job' ? focusRequest : null;

  useEffect(() => {
    // Arriving from onboarding leaves focus nowhere; give it a starting point.
    if (document.activeElement === null || document.activeElement === document.body) headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (settingsOpen) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === 'o') {
        event.preventDefault();
        if (!event.repeat) void pick();
      } else if (key === 'f') {
        event.preventDefault();
        focusFind();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [settingsOpen, pick, focusFind]);

  const openTranscript = useCallback((id: string) => void select(id), [select]);
  const cancelJob = useCallback((id: string) => void cancel(id), [cancel]);
  const retryList = useCallback(() => void loadList(), [loadList]);
  const retryTranscript = useCallback(() => {
    if (selectedId) void select(selectedId);
  }, [select, selectedId]);
  const onCloseTranscript = useCallback(() => {
    closeTranscript();
    // The close button is gone with the transcript; start again from the top of the window.
    headingRef.current?.focus();
  }, [closeTranscript]);

  const project = status.canListProjects ? (status.projectName ?? '(unnamed project)') : '(name hidden by key role)';

  return (
    <div className="home">
      <header className="app-header">
        <div className="brand">
          <LogoIcon width={22} height={22} />
          <h1 ref={headingRef} tabIndex={-1}>
            Deepgram Desk
          </h1>
        </div>
        <p className="project" title={`Deepgram project: ${project}`}>
          Project: {project}
        </p>
        <button type="button" className="button button-quiet" aria-haspopup="dialog" onClick={onOpenSettings}>
          <GearIcon width={18} height={18} />
          Settings
        </button>
      </header>

      <div className="home-body">
        <TranscriptList
          transcripts={list}
          selectedId={selectedId}
          loading={listLoading}
          error={listError}
          findRequest={findRequest}
          onSelect={openTranscript}
          onRetry={retryList}
        />

        <main className="workspace">
          <div className="intake">
            <DropZone onChoose={() => void pick()} busy={picking} shortcut={shortcut} />
            <OptionsBar options={options} onChange={setOptions} />
            {jobsError ? <ErrorMessage error={jobsError} onDismiss={dismissError} /> : null}
            {rejected.length > 0 ? <RejectedFiles files={rejected} onDismiss={dismissRejected} /> : null}
            {jobs.length > 0 ? (
              <JobList
                jobs={jobs}
                cancelling={cancelling}
                shownTranscriptId={selectedId}
                spotlight={spotlight}
                onCancel={cancelJob}
                onOpenTranscript={openTranscript}
              />
            ) : null}
          </div>
          <TranscriptView
            document={selected}
            loading={selectedLoading}
            error={selectedError}
            onRetry={retryTranscript}
            onClose={onCloseTranscript}
          />
        </main>
      </div>
    </div>
  );
}
