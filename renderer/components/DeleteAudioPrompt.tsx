import { useEffect, useId, useRef, type ReactElement } from 'react';
import { useTranscriptsStore } from '../stores/transcripts-store';

/**
 * Asks, when a transcript's audio is a file the app keeps (a recording, a kept copy), whether
 * deleting the transcript deletes the audio too. Undo brings back whatever was deleted.
 */
export function DeleteAudioPrompt(): ReactElement | null {
  const prompt = useTranscriptsStore((s) => s.deletePrompt);
  const answer = useTranscriptsStore((s) => s.answerDeletePrompt);
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (prompt && dialog && !dialog.open) dialog.showModal();
  }, [prompt]);

  if (!prompt) return null;
  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      // Escape and every other way out that is not a choice means "do not delete".
      onClose={() => {
        if (useTranscriptsStore.getState().deletePrompt?.id === prompt.id) answer(null);
      }}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        Delete “{prompt.title}”?
      </h2>
      <p id={`${id}-text`}>
        Its audio is a file the app keeps (a recording or a copy of the source). You can delete it with the transcript or keep it. Undo brings back
        whatever was deleted until the app starts again.
      </p>
      <div className="dialog-footer">
        <button type="button" className="button button-danger" onClick={() => answer('with-audio')}>
          Delete with audio
        </button>
        <button type="button" className="button" onClick={() => answer('transcript-only')}>
          Delete transcript only
        </button>
        <button type="button" className="button button-quiet" onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
