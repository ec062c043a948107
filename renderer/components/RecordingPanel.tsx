import { useId, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import type { SystemSource } from '../audio/meeting-recorder';
import type { InputDevice, RecordingPhase } from '../stores/recording-store';
import { ErrorMessage } from './ErrorMessage';

export interface RecordingPanelProps {
  phase: RecordingPhase;
  elapsedMs: number;
  microphones: InputDevice[];
  microphoneId: string | null;
  system: SystemSource;
  /** Whether the desktop app can offer the screen-share loopback for system audio. */
  displayAudio: boolean;
  /** Echo cancellation, noise suppression and automatic gain: off unless the user turns them on. */
  processing: { echoCancellation: boolean; noiseSuppression: boolean; autoGainControl: boolean };
  onProcessing: (change: Partial<RecordingPanelProps['processing']>) => void;
  microphoneLevel: number;
  systemLevel: number | null;
  silent: { microphone: boolean; system: boolean };
  forgotten: boolean;
  forgottenAfterMin: number;
  onForgottenAfter: (minutes: number) => void;
  interruption: string | null;
  error: AppErrorValue | null;
  onChooseMicrophone: (deviceId: string | null) => void;
  onChooseSystem: (source: SystemSource) => void;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
  onKeepRecording: () => void;
  onDismiss: () => void;
  onOpenPrivacySettings: (pane: 'microphone' | 'system-audio') => void;
}

/** Elapsed recording time as H:MM:SS or M:SS. */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function systemValue(source: SystemSource): string {
  return source.kind === 'device' ? `device:${source.deviceId}` : source.kind;
}

function parseSystem(value: string): SystemSource {
  if (value === 'display') return { kind: 'display' };
  if (value.startsWith('device:')) return { kind: 'device', deviceId: value.slice('device:'.length) };
  return { kind: 'none' };
}

/** Record a meeting: inputs, level meters, start/pause/stop and what needs the user's attention. */
export function RecordingPanel(props: RecordingPanelProps): ReactElement {
  const id = useId();
  const { phase } = props;
  const active = phase === 'recording' || phase === 'paused' || phase === 'stopping';
  const busy = phase === 'starting' || phase === 'stopping';
  const twoChannel = props.system.kind !== 'none';

  return (
    <section className={`recording${active ? ' recording-active' : ''}`} aria-labelledby={`${id}-title`}>
      <div className="recording-head">
        <h2 id={`${id}-title`} className="recording-title">
          {phase === 'recording' ? (
            <span className="recording-dot" aria-hidden="true" />
          ) : null}
          {phase === 'paused' ? 'Recording paused' : active ? 'Recording' : 'Record a meeting'}
        </h2>
        {active ? (
          <span className="recording-elapsed" role="timer" aria-label="Recorded time">
            {formatElapsed(props.elapsedMs)}
          </span>
        ) : null}
      </div>

      <div className="recording-inputs">
        <div className="field-inline">
          <label htmlFor={`${id}-mic`}>Microphone</label>
          <select id={`${id}-mic`} value={props.microphoneId ?? ''} disabled={active || busy} onChange={(e) => props.onChooseMicrophone(e.target.value || null)}>
            <option value="">System default</option>
            {props.microphones.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field-inline">
          <label htmlFor={`${id}-system`}>Other people</label>
          <select id={`${id}-system`} value={systemValue(props.system)} disabled={active || busy} onChange={(e) => props.onChooseSystem(parseSystem(e.target.value))}>
            <option value="none">Not recorded (microphone only)</option>
            {props.displayAudio ? <option value="display">System audio</option> : null}
            {props.microphones
              .filter((d) => d.deviceId !== props.microphoneId)
              .map((d) => (
                <option key={d.deviceId} value={`device:${d.deviceId}`}>
                  Input: {d.label}
                </option>
              ))}
          </select>
        </div>
      </div>
      <details className="recording-processing">
        <summary>Voice processing and reminders</summary>
        <p className="field-hint">Off by default: a faithful recording transcribes best. Turn one on for a noisy room or a speakerphone without headphones.</p>
        <label className="check">
          <input type="checkbox" disabled={active || busy} checked={props.processing.echoCancellation} onChange={(e) => props.onProcessing({ echoCancellation: e.target.checked })} />
          Echo cancellation
        </label>
        <label className="check">
          <input type="checkbox" disabled={active || busy} checked={props.processing.noiseSuppression} onChange={(e) => props.onProcessing({ noiseSuppression: e.target.checked })} />
          Noise suppression
        </label>
        <label className="check">
          <input type="checkbox" disabled={active || busy} checked={props.processing.autoGainControl} onChange={(e) => props.onProcessing({ autoGainControl: e.target.checked })} />
          Automatic gain
        </label>
        <label className="field-inline">
          <span>Ask whether the meeting is over after</span>
          <input
            type="number"
            min={1}
            max={240}
            value={props.forgottenAfterMin}
            aria-label="Minutes of silence before asking"
            onChange={(e) => props.onForgottenAfter(Number(e.target.value) || 15)}
            className="minutes-input"
          />
          <span>minutes without a sound</span>
        </label>
      </details>
      <p className="field-hint">
        {twoChannel
          ? 'Two channels: you on the left, the others on the right, so the transcript tells “You” from “Others”.'
          : 'To record the other people in a call, choose their audio under “Other people”. On Linux, a monitor of your speakers can be exposed as an input (see the README).'}
      </p>

      {active ? (
        <div className="recording-meters">
          <label className="meter-row">
            <span>Microphone</span>
            <meter min={0} max={1} low={0.25} high={0.9} optimum={0.6} value={props.microphoneLevel} aria-label="Microphone level" />
          </label>
          {props.systemLevel !== null ? (
            <label className="meter-row">
              <span>Others</span>
              <meter min={0} max={1} low={0.25} high={0.9} optimum={0.6} value={props.systemLevel} aria-label="Other people level" />
            </label>
          ) : null}
        </div>
      ) : null}

      {phase === 'recording' && props.silent.microphone ? (
        <p className="recording-warning" role="alert">
          Nothing is heard from the microphone. Is it muted, or is another input the right one? The recording goes on.
        </p>
      ) : null}
      {phase === 'recording' && props.silent.system ? (
        <p className="recording-warning" role="alert">
          System audio is completely silent: the app may not be allowed to capture it (on macOS: System Settings → Privacy &amp; Security → Screen &amp; System Audio
          Recording). The microphone is still recorded.{' '}
          <button type="button" className="button button-small" onClick={() => props.onOpenPrivacySettings('system-audio')}>
            Open privacy settings
          </button>
        </p>
      ) : null}
      {props.interruption ? (
        <p className="recording-warning" role="status">
          {props.interruption}
        </p>
      ) : null}
      {props.forgotten && phase === 'recording' ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-forgotten`}>
          <p id={`${id}-forgotten`}>Nothing has been heard for {props.forgottenAfterMin} minutes. Is the meeting over?</p>
          <div className="confirm-actions">
            <button type="button" className="button button-primary" onClick={props.onStop}>
              Stop recording
            </button>
            <button type="button" className="button" onClick={props.onKeepRecording}>
              Keep recording
            </button>
          </div>
        </div>
      ) : null}
      {props.error ? <ErrorMessage error={props.error} onDismiss={props.onDismiss} /> : null}
      {props.error?.code === 'PERMISSION_DENIED' ? (
        <div className="form-actions">
          <button type="button" className="button button-small" onClick={() => props.onOpenPrivacySettings('microphone')}>
            Open privacy settings
          </button>
        </div>
      ) : null}

      <div className="form-actions">
        {!active ? (
          <button type="button" className="button button-primary" disabled={busy} onClick={props.onStart}>
            {phase === 'starting' ? 'Starting…' : 'Start recording'}
          </button>
        ) : (
          <>
            {phase === 'paused' ? (
              <button type="button" className="button" onClick={props.onResume}>
                Resume
              </button>
            ) : (
              <button type="button" className="button" disabled={busy} onClick={props.onPause}>
                Pause
              </button>
            )}
            <button type="button" className="button button-danger" disabled={busy} onClick={props.onStop}>
              {phase === 'stopping' ? 'Saving…' : 'Stop recording'}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
