import { useCallback, useEffect, type ReactElement } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { LogoIcon } from '../components/icons';
import { StatusNotice } from '../components/StatusNotice';
import { app } from '../ipc/app-client';
import { useBatchStore } from '../stores/batch-store';
import { useJobsStore } from '../stores/jobs-store';
import { useLiveStore } from '../stores/live-store';
import { useEditorStore } from '../stores/editor-store';
import { isConfigured, useProfilesStore } from '../stores/profiles-store';
import { usePrefsStore } from '../stores/prefs-store';
import { useQueueStore } from '../stores/queue-store';
import { useTranscriptionSettingsStore } from '../stores/transcription-settings-store';
import { useTranscriptsStore } from '../stores/transcripts-store';
import { useViewStore } from '../stores/view-store';
import { Home } from './Home';
import { Onboarding } from './Onboarding';
import { ExportSection } from './ExportSection';
import { Settings } from './Settings';
import { useAppliedTheme } from './use-applied-theme';
import { useShellIntegration } from './use-shell-integration';
import { useWindowFileDrop } from './use-window-file-drop';

/** Chooses the screen from what is known about the key, and owns the app-wide wiring. */
export function App(): ReactElement {
  const status = useProfilesStore((s) => s.status);
  const keyError = useProfilesStore((s) => (s.status ? null : s.error));
  const loadKey = useProfilesStore((s) => s.load);
  const drop = useBatchStore((s) => s.drop);
  const settingsOpen = useViewStore((s) => s.settingsOpen);
  const openSettings = useViewStore((s) => s.openSettings);
  const closeSettings = useViewStore((s) => s.closeSettings);
  const notice = useViewStore((s) => s.notice);
  const dismissNotice = useViewStore((s) => s.dismissNotice);
  const configured = isConfigured(status);
  const activeProfileId = status?.activeProfileId ?? null;

  useAppliedTheme();
  useShellIntegration(configured);

  useEffect(() => {
    void loadKey();
  }, [loadKey]);

  useEffect(() => {
    const jobs = useJobsStore.getState();
    const transcripts = useTranscriptsStore.getState();
    const prefs = usePrefsStore.getState();
    const queue = useQueueStore.getState();
    const settings = useTranscriptionSettingsStore.getState();
    const unsubscribe = [
      useProfilesStore.getState().subscribe(),
      useEditorStore.getState().subscribe(),
      useLiveStore.getState().subscribe(),
      jobs.subscribe(),
      jobs.subscribeRemoved(),
      queue.subscribe(),
      settings.subscribe(),
      transcripts.subscribe(),
      prefs.subscribe(),
      app.storage.onCopyFailed(({ fileName, reason }) =>
        useViewStore.getState().showNotice(`“${fileName}” was not copied into the data folder: ${reason}. Its transcript links to the original file.`),
      ),
    ];
    // The list first: the damaged-entry check reads every entry again and would compete with it.
    void transcripts.load().then(() => transcripts.loadDamaged());
    void jobs.load();
    void queue.load();
    void settings.load();
    void prefs.load().then((loaded) => {
      if (loaded?.lastTranscriptId) void useTranscriptsStore.getState().restore(loaded.lastTranscriptId);
    });
    return () => unsubscribe.forEach((off) => off());
  }, []);

  useEffect(() => {
    if (!configured) closeSettings();
  }, [configured, closeSettings]);

  useEffect(() => {
    // The models the key can use; until then (or without an answer) the built-in list.
    if (configured) void useTranscriptionSettingsStore.getState().loadModels();
  }, [configured, activeProfileId]);

  const onFiles = useCallback((files: File[]) => void drop(files), [drop]);
  const dragging = useWindowFileDrop(configured ? onFiles : null);

  let screen: ReactElement;
  if (!status) {
    screen = (
      <main className="splash" aria-busy={keyError ? undefined : true}>
        <div className="brand brand-large">
          <LogoIcon width={28} height={28} />
          <span>Deepgram Desk</span>
        </div>
        {keyError ? <ErrorMessage error={keyError} onRetry={() => void loadKey()} /> : null}
      </main>
    );
  } else if (!configured) {
    screen = <Onboarding status={status} />;
  } else {
    screen = (
      <>
        <Home status={status} settingsOpen={settingsOpen} onOpenSettings={openSettings} />
        {settingsOpen ? <Settings status={status} onClose={closeSettings} /> : null}
        <ExportSection />
        {dragging ? (
          <div className="drag-overlay" aria-hidden="true">
            <div className="drag-overlay-card">Drop to transcribe</div>
          </div>
        ) : null}
      </>
    );
  }

  return (
    <>
      {screen}
      <StatusNotice notice={notice} onDismiss={dismissNotice} />
    </>
  );
}
