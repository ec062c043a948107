import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { KeyStatus } from '../../common/domain';
import { ErrorMessage } from '../components/ErrorMessage';
import { ThemeChoice } from '../components/ThemeChoice';
import { TranscriptionSettingsForm } from '../components/TranscriptionSettingsForm';
import { formatDateTime } from '../lib/format';
import { useKeyStore } from '../stores/key-store';
import { usePrefsStore } from '../stores/prefs-store';
import { useTranscriptionSettingsStore } from '../stores/transcription-settings-store';

export interface SettingsProps {
  status: KeyStatus;
  onClose: () => void;
}

/** A modal dialog: the native one traps focus, makes the rest inert and closes on Escape. */
export function Settings({ status, onClose }: SettingsProps): ReactElement {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const removing = useKeyStore((s) => s.removing);
  const error = useKeyStore((s) => s.error);
  const remove = useKeyStore((s) => s.remove);
  const clearError = useKeyStore((s) => s.clearError);
  const theme = usePrefsStore((s) => s.prefs?.theme ?? 'system');
  const prefsError = usePrefsStore((s) => s.error);
  const setTheme = usePrefsStore((s) => s.setTheme);
  const transcription = useTranscriptionSettingsStore((s) => s.settings);
  const catalog = useTranscriptionSettingsStore((s) => s.catalog);
  const savingTranscription = useTranscriptionSettingsStore((s) => s.saving);
  const transcriptionError = useTranscriptionSettingsStore((s) => s.error);
  const saveTranscription = useTranscriptionSettingsStore((s) => s.save);
  const loadTranscription = useTranscriptionSettingsStore((s) => s.load);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() would focus the first button, which is "Remove key"; start on the title instead.
    titleRef.current?.focus();
    clearError();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, [clearError]);

  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);

  // Closing the dialog before unmounting it lets the browser return focus to where it was.
  const close = (): void => dialogRef.current?.close();

  const keep = (): void => {
    setConfirming(false);
    // The confirmation buttons are gone; put focus back where the user started.
    requestAnimationFrame(() => removeRef.current?.focus());
  };

  const project = status.canListProjects ? (status.projectName ?? '(unnamed project)') : '(name hidden by key role)';

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${id}-title`}
      // Escape closes the native dialog by itself; every way out ends here. The close event is
      // queued, so one from a dialog that was reopened since (StrictMode remount) is stale.
      onClose={() => {
        if (!dialogRef.current?.open) onClose();
      }}
    >
      <h2 ref={titleRef} id={`${id}-title`} className="dialog-title" tabIndex={-1}>
        Settings
      </h2>

      <section className="settings-section" aria-labelledby={`${id}-deepgram`}>
        <h3 id={`${id}-deepgram`}>Deepgram</h3>
        <dl className="facts">
          <dt>Project</dt>
          <dd>{project}</dd>
          <dt>Server</dt>
          <dd className="mono selectable">{status.baseUrl}</dd>
          <dt>Key</dt>
          <dd>
            Stored in your system keychain
            {status.checkedAt ? <span className="muted"> · Checked {formatDateTime(status.checkedAt)}</span> : null}
          </dd>
        </dl>

        {error ? <ErrorMessage error={error} /> : null}

        {confirming ? (
          <div className="confirm" role="group" aria-labelledby={`${id}-confirm`}>
            <p id={`${id}-confirm`}>
              Remove the key from this computer? You will need to paste it again before you can transcribe. Saved transcripts stay.
            </p>
            <div className="confirm-actions">
              <button type="button" className="button button-danger" disabled={removing} onClick={() => void remove()}>
                {removing ? 'Removing…' : 'Yes, remove key'}
              </button>
              <button ref={keepRef} type="button" className="button" disabled={removing} onClick={keep}>
                Keep key
              </button>
            </div>
          </div>
        ) : (
          <button ref={removeRef} type="button" className="button button-danger-quiet" onClick={() => setConfirming(true)}>
            Remove key
          </button>
        )}
      </section>

      <section className="settings-section" aria-labelledby={`${id}-transcription`}>
        <h3 id={`${id}-transcription`}>Transcription</h3>
        {transcription ? (
          <TranscriptionSettingsForm
            settings={transcription}
            catalog={catalog}
            saving={savingTranscription}
            error={transcriptionError}
            onSave={saveTranscription}
          />
        ) : transcriptionError ? (
          <ErrorMessage error={transcriptionError} onRetry={() => void loadTranscription()} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>

      <section className="settings-section" aria-labelledby={`${id}-appearance`}>
        <h3 id={`${id}-appearance`}>Appearance</h3>
        <ThemeChoice value={theme} onChange={(next) => void setTheme(next)} />
        {prefsError ? <ErrorMessage error={prefsError} /> : null}
      </section>

      <div className="dialog-footer">
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}
