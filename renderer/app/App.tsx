import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { LogoIcon } from '../components/icons';
import { useJobsStore } from '../stores/jobs-store';
import { useKeyStore } from '../stores/key-store';
import { useTranscriptsStore } from '../stores/transcripts-store';
import { Home } from './Home';
import { Onboarding } from './Onboarding';
import { Settings } from './Settings';
import { useWindowFileDrop } from './use-window-file-drop';

/** Chooses the screen from what is known about the key, and owns the app-wide wiring. */
export function App(): ReactElement {
  const status = useKeyStore((s) => s.status);
  const keyError = useKeyStore((s) => s.error);
  const loadKey = useKeyStore((s) => s.load);
  const drop = useJobsStore((s) => s.drop);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const configured = status?.configured === true;

  useEffect(() => {
    void loadKey();
  }, [loadKey]);

  useEffect(() => {
    const jobs = useJobsStore.getState();
    const transcripts = useTranscriptsStore.getState();
    const unsubscribe = [jobs.subscribe(), transcripts.subscribe()];
    void transcripts.load();
    void jobs.load();
    return () => unsubscribe.forEach((off) => off());
  }, []);

  useEffect(() => {
    if (!configured) setSettingsOpen(false);
  }, [configured]);

  const onFiles = useCallback((files: File[]) => void drop(files), [drop]);
  const dragging = useWindowFileDrop(configured ? onFiles : null);

  if (!status) {
    return (
      <main className="splash" aria-busy={keyError ? undefined : true}>
        <div className="brand brand-large">
          <LogoIcon width={28} height={28} />
          <span>Deepgram Desk</span>
        </div>
        {keyError ? <ErrorMessage error={keyError} onRetry={() => void loadKey()} /> : null}
      </main>
    );
  }

  if (!configured) return <Onboarding status={status} />;

  return (
    <>
      <Home status={status} settingsOpen={settingsOpen} onOpenSettings={() => setSettingsOpen(true)} />
      {settingsOpen ? <Settings status={status} onClose={() => setSettingsOpen(false)} /> : null}
      {dragging ? (
        <div className="drag-overlay" aria-hidden="true">
          <div className="drag-overlay-card">Drop to transcribe</div>
        </div>
      ) : null}
    </>
  );
}
