import { memo, useEffect, useRef, type ReactElement } from 'react';
import type { TranscriptSummary } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { formatTimestamp } from '../../common/transcript/paragraphs';
import { formatDateTime } from '../lib/format';
import { ErrorMessage } from './ErrorMessage';

export interface TranscriptListProps {
  transcripts: TranscriptSummary[];
  selectedId: string | null;
  loading: boolean;
  error: AppErrorValue | null;
  onSelect: (id: string) => void;
  onRetry: () => void;
}

/** The library of saved transcripts, newest first. */
export const TranscriptList = memo(function TranscriptList({
  transcripts,
  selectedId,
  loading,
  error,
  onSelect,
  onRetry,
}: TranscriptListProps): ReactElement {
  const navRef = useRef<HTMLElement>(null);

  // A transcript opened from elsewhere (a finished job) should be visible in the list too.
  useEffect(() => {
    navRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, transcripts]);

  return (
    <nav ref={navRef} className="library" aria-label="Transcripts">
      <h2 className="library-heading">Library</h2>
      {error ? <ErrorMessage error={error} onRetry={onRetry} /> : null}
      {transcripts.length === 0 && !error ? (
        <p className="library-empty">{loading ? 'Loading…' : 'No transcripts yet. Files you transcribe are kept here.'}</p>
      ) : (
        <ul className="library-list">
          {transcripts.map((t) => {
            const selected = t.id === selectedId;
            return (
              <li key={t.id}>
                <button
                  type="button"
                  className="library-item"
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => onSelect(t.id)}
                >
                  <span className="library-title">{t.title}</span>
                  <span className="library-meta">
                    <time dateTime={t.createdAt}>{formatDateTime(t.createdAt)}</time>
                    <span aria-hidden="true"> · </span>
                    <span>{formatTimestamp(t.durationSec)}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
});
