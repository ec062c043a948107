import type { ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';

export interface ErrorMessageProps {
  error: AppErrorValue;
  /** Offers a way to hide the message when given. */
  onDismiss?: () => void;
  /** Offers "Try again" when given. */
  onRetry?: () => void;
  id?: string;
}

/** A failure as the user should read it: the message, and Deepgram's request id to quote to support. */
export function ErrorMessage({ error, onDismiss, onRetry, id }: ErrorMessageProps): ReactElement {
  return (
    <div role="alert" className="error-message" id={id}>
      <div className="error-body">
        <p className="error-text">{error.message}</p>
        {error.requestId ? (
          <p className="error-request">
            Request ID: <span className="mono selectable">{error.requestId}</span>
          </p>
        ) : null}
      </div>
      {onRetry || onDismiss ? (
        <div className="error-actions">
          {onRetry ? (
            <button type="button" className="button button-small" onClick={onRetry}>
              Try again
            </button>
          ) : null}
          {onDismiss ? (
            <button type="button" className="button button-small button-quiet" aria-label="Dismiss error" onClick={onDismiss}>
              Dismiss
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
