import type { ReactElement } from 'react';
import type { Notice } from '../stores/view-store';

export interface StatusNoticeProps {
  notice: Notice | null;
  onDismiss: () => void;
}

/** A polite status line; the live region is always in the page so each message is announced. */
export function StatusNotice({ notice, onDismiss }: StatusNoticeProps): ReactElement {
  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice ? (
        <div className="notice" key={notice.id}>
          <p className="notice-text">{notice.text}</p>
          {notice.action ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                notice.action!.run();
                onDismiss();
              }}
            >
              {notice.action.label}
            </button>
          ) : null}
          <button type="button" className="button button-small button-quiet" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
