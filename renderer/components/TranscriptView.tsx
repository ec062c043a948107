import { memo, useEffect, useMemo, useRef, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import { formatTimestamp, toParagraphs } from '../../common/transcript/paragraphs';
import { formatDateTime } from '../lib/format';
import type { TranscriptDocument } from '../stores/transcripts-store';
import { ErrorMessage } from './ErrorMessage';
import { CloseIcon } from './icons';

export interface TranscriptViewProps {
  document: TranscriptDocument | null;
  loading: boolean;
  error: AppErrorValue | null;
  onRetry: () => void;
  onClose: () => void;
  onExport: () => void;
  /** A paragraph to bring into view (a search hit); `seq` changes for each request. */
  moment: { paragraph: number; seq: number } | null;
}

const speakerColors = 6;

/** The reading pane: the open transcript, or what to do when none is open. */
export const TranscriptView = memo(function TranscriptView({ document, loading, error, onRetry, onClose, onExport, moment }: TranscriptViewProps): ReactElement {
  if (error) {
    return (
      <div className="reader reader-placeholder">
        <ErrorMessage error={error} onRetry={onRetry} />
      </div>
    );
  }
  if (!document) {
    return (
      <div className="reader reader-placeholder">
        <p className="placeholder-text">{loading ? 'Opening transcript…' : 'Choose a transcript from the library, or add a file to transcribe it.'}</p>
      </div>
    );
  }
  // Keyed so that another transcript starts at its top rather than at the old scroll position.
  return <TranscriptArticle key={document.summary.id} document={document} onClose={onClose} onExport={onExport} moment={moment} />;
});

interface TranscriptArticleProps {
  document: TranscriptDocument;
  onClose: () => void;
  onExport: () => void;
  moment: TranscriptViewProps['moment'];
}

function TranscriptArticle({ document, onClose, onExport, moment }: TranscriptArticleProps): ReactElement {
  const { summary, response } = document;
  const paragraphs = useMemo(() => toParagraphs(response), [response]);
  const bodyRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!moment) return;
    const target = bodyRef.current?.querySelector<HTMLElement>(`[data-paragraph="${moment.paragraph}"]`);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  }, [moment]);
  const requestId = summary.requestId ?? response.metadata.request_id ?? null;

  return (
    // Focusable so the scrolling pane can be read with the keyboard.
    <article className="reader transcript" aria-label="Transcript" tabIndex={0}>
      <div className="transcript-inner">
        <header className="transcript-header">
          <div className="transcript-heading">
            <h2 className="transcript-title selectable">{summary.title}</h2>
            <button type="button" className="button button-small" onClick={onExport}>
              Export…
            </button>
            <button type="button" className="button button-small button-quiet button-icon" aria-label="Close transcript" title="Close transcript" onClick={onClose}>
              <CloseIcon width={16} height={16} />
            </button>
          </div>
          <p className="transcript-meta">
            <span>{formatDateTime(summary.createdAt)}</span>
            <span>Duration {formatTimestamp(summary.durationSec)}</span>
            <span>Model {summary.options.model}</span>
            {summary.profileName ? <span>Profile {summary.profileName}</span> : null}
            {requestId ? (
              <span>
                Request ID <span className="mono selectable">{requestId}</span>
              </span>
            ) : null}
          </p>
        </header>
        {paragraphs.length === 0 ? (
          <p className="transcript-empty">No speech was found in this file.</p>
        ) : (
          <div className="transcript-body" ref={bodyRef}>
            {paragraphs.map((p, index) => (
              <div className="paragraph" key={`${p.start}-${index}`} data-paragraph={index} tabIndex={-1}>
                <div className="paragraph-meta">
                  {p.speaker !== null ? <span className={`speaker speaker-${p.speaker % speakerColors}`}>Speaker {p.speaker + 1}</span> : null}
                  <time className="timestamp" dateTime={`PT${Math.floor(Math.max(0, p.start))}S`}>
                    {formatTimestamp(p.start)}
                  </time>
                </div>
                <p className="paragraph-text selectable">{p.text}</p>
              </div>
            ))}
          </div>
        )}
      </div>
    </article>
  );
}
