import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import type { RejectedFile } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { ErrorMessage } from './ErrorMessage';
import { RefusalList } from './RefusalList';

export interface LinksFormProps {
  text: string;
  sending: boolean;
  rejected: RejectedFile[];
  error: AppErrorValue | null;
  /** Changes each time the field should take focus (a paste elsewhere in the window); 0 for never. */
  focusRequest: number;
  /** Why the current options cannot be sent, if they cannot. */
  blocked: boolean;
  onTextChange: (text: string) => void;
  onSubmit: () => void;
  onDismiss: () => void;
}

/** Links for Deepgram to fetch itself: one per line or separated by spaces. */
export function LinksForm({ text, sending, rejected, error, focusRequest, blocked, onTextChange, onSubmit, onDismiss }: LinksFormProps): ReactElement {
  const id = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    fieldRef.current?.focus();
    fieldRef.current?.scrollIntoView({ block: 'nearest' });
  }, [focusRequest]);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!sending && !blocked) onSubmit();
  };

  // Enter sends, as in a single-line field; Shift+Enter starts another line.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  return (
    <form className="links" onSubmit={submit} aria-label="Transcribe links">
      <label htmlFor={`${id}-links`} className="links-label">
        Links to transcribe
      </label>
      <textarea
        ref={fieldRef}
        id={`${id}-links`}
        className="links-input"
        rows={Math.min(4, Math.max(2, text.split('\n').length))}
        value={text}
        placeholder="https://… one link per line, or separated by spaces"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onTextChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="links-foot">
        <p className="field-hint" id={`${id}-hint`}>
          https:// only; Deepgram fetches each one itself. Enter sends, Shift+Enter adds a line.
        </p>
        <button type="submit" className="button button-small" disabled={sending || blocked || text.trim() === ''}>
          {sending ? 'Adding…' : 'Transcribe links'}
        </button>
      </div>
      {error ? <ErrorMessage error={error} onDismiss={onDismiss} /> : null}
      {rejected.length > 0 ? (
        <div role="alert" className="rejected">
          <div className="rejected-body">
            <RefusalList items={rejected} noun="link" />
          </div>
          <button type="button" className="button button-small button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </form>
  );
}
