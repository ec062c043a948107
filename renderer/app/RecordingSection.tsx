import { useEffect, type ReactElement } from 'react';
import { RecordingPanel } from '../components/RecordingPanel';
import { RecoveredRecordings } from '../components/RecoveredRecordings';
import { useNow } from '../lib/clock';
import { recordedMs, useRecordingStore } from '../stores/recording-store';

/** Screen-share loopback for system audio exists only in the desktop app. */
const displayAudio = navigator.userAgent.includes('Electron');

/** The recording panel over the recording store; the capture itself lives in the store, not here. */
export function RecordingSection(): ReactElement {
  const state = useRecordingStore();
  const now = useNow(state.phase === 'recording');
  const refreshDevices = state.refreshDevices;

  useEffect(() => {
    void useRecordingStore.getState().loadRecovered();
  }, []);

  useEffect(() => {
    void refreshDevices();
    const onChange = (): void => void refreshDevices();
    navigator.mediaDevices.addEventListener('devicechange', onChange);
    return () => navigator.mediaDevices.removeEventListener('devicechange', onChange);
  }, [refreshDevices]);

  return (
    <>
      <RecoveredRecordings
        recovered={state.recovered}
        unrecoverable={state.unrecoverable}
        onTranscribe={(id) => void state.transcribeRecovered(id)}
        onDismiss={state.dismissRecovered}
      />
      <RecordingPanel
        phase={state.phase}
        elapsedMs={recordedMs(state, Math.max(now, state.runningSince ?? 0))}
        microphones={state.microphones}
        microphoneId={state.microphoneId}
        system={state.system}
        displayAudio={displayAudio}
        processing={state.processing}
        onProcessing={state.setProcessing}
        microphoneLevel={state.microphoneLevel}
        systemLevel={state.systemLevel}
        silent={state.silent}
        forgotten={state.forgotten}
        forgottenAfterMin={state.forgottenAfterMin}
        onForgottenAfter={state.setForgottenAfter}
        interruption={state.interruption}
        error={state.error}
        onChooseMicrophone={state.chooseMicrophone}
        onChooseSystem={state.chooseSystem}
        onStart={() => void state.start()}
        onPause={() => void state.pause()}
        onResume={() => void state.resume()}
        onStop={() => void state.stop()}
        onKeepRecording={state.keepRecording}
        onDismiss={state.dismiss}
        onOpenPrivacySettings={(pane) => void state.openPrivacySettings(pane)}
      />
    </>
  );
}
