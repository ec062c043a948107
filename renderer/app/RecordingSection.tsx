import { useEffect, useId, type ReactElement } from 'react';
import { streamingPricesPerMinute } from '../../common/live';
import { pricePerMinute } from '../../common/presets';
import { LiveCaptions } from '../components/LiveCaptions';
import { RecordingPanel } from '../components/RecordingPanel';
import { RecoveredRecordings } from '../components/RecoveredRecordings';
import { useNow } from '../lib/clock';
import { useLiveStore } from '../stores/live-store';
import { useTranscriptsStore } from '../stores/transcripts-store';
import { useOptionsStore } from '../stores/options-store';
import { recordedMs, useRecordingStore } from '../stores/recording-store';

/** "≈ $0.46 per hour" for streaming with the model in use, per channel; null when the model has no known price. */
export function liveCostPerHour(model: string, language: string | undefined, channels: number): string | null {
  const perMinute = pricePerMinute(model, streamingPricesPerMinute, language);
  return perMinute === null ? null : `≈ $${(perMinute * 60 * channels).toFixed(2)} per hour`;
}

/** Turn live captions on or off for the next recording, with what they cost. */
function LiveCaptionsChoice({ disabled, channels }: { disabled: boolean; channels: number }): ReactElement {
  const id = useId();
  const enabled = useLiveStore((s) => s.enabled);
  const setEnabled = useLiveStore((s) => s.setEnabled);
  const model = useOptionsStore((s) => s.options.model);
  const language = useOptionsStore((s) => s.options.language);
  const cost = liveCostPerHour(model, language, channels);
  return (
    <div className="live-choice">
      <label className="check">
        <input type="checkbox" checked={enabled} disabled={disabled} onChange={(e) => setEnabled(e.target.checked)} aria-describedby={`${id}-cost`} />
        Live captions while recording
      </label>
      <p id={`${id}-cost`} className="field-hint">
        {cost
          ? `Streaming is billed on top of the final transcript: ${cost} with ${model}${channels === 2 ? ' (two channels)' : ''}, at list prices.`
          : `Streaming is billed on top of the final transcript; ${model} has no known streaming price.`}
      </p>
    </div>
  );
}

/** Screen-share loopback for system audio exists only in the desktop app. */
const displayAudio = navigator.userAgent.includes('Electron');

/** The recording panel over the recording store; the capture itself lives in the store, not here. */
export function RecordingSection(): ReactElement {
  const state = useRecordingStore();
  const live = useLiveStore();
  const recordingActive = state.phase !== 'idle';
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
      <LiveCaptionsChoice disabled={recordingActive} channels={state.system.kind === 'none' ? 1 : 2} />
      {live.draft ? (
        <LiveCaptions
          draft={live.draft}
          interim={live.interim}
          status={live.status}
          ended={live.ended}
          error={live.error}
          onRename={(who, name) => void live.rename(who, name)}
          onDismiss={live.dismiss}
          onOpenFinal={(transcriptId) => void useTranscriptsStore.getState().select(transcriptId)}
        />
      ) : null}
    </>
  );
}
