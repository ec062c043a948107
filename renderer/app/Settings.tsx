import { useEffect, useId, useRef, type ReactElement } from 'react';
import type { KeysStatus } from '../../common/profiles';
import { ErrorMessage } from '../components/ErrorMessage';
import { ThemeChoice } from '../components/ThemeChoice';
import { TranscriptionSettingsForm } from '../components/TranscriptionSettingsForm';
import { useProfilesStore } from '../stores/profiles-store';
import { ProfilesSection } from './ProfilesSection';
import { StorageSection } from './StorageSection';
import { usePrefsStore } from '../stores/prefs-store';
import { useTranscriptionSettingsStore } from '../stores/transcription-settings-store';

export interface SettingsProps {
  status: KeysStatus;
  onClose: () => void;
}

/** A modal dialog: the native one traps focus, makes the rest inert and closes on Escape. */
export function Settings({ status, onClose }: SettingsProps): ReactElement {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const clearError = useProfilesStore((s) => s.clearError);
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
    // showModal() would focus the first button; start on the title instead.
    titleRef.current?.focus();
    clearError();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, [clearError]);

  // Closing the dialog before unmounting it lets the browser return focus to where it was.
  const close = (): void => dialogRef.current?.close();

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

      <ProfilesSection status={status} />

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

      <StorageSection />

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
