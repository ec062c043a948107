import type { ReactElement } from 'react';
import type { MarkedText, SearchResult } from '../../common/search/search-schemas';
import { formatTimestamp } from '../../common/transcript/paragraphs';

export interface TextSearchHitsProps {
  result: SearchResult;
  onOpen: (transcriptId: string, paragraph: number) => void;
}

/** A snippet with the matching words marked. */
function Snippet({ snippet }: { snippet: MarkedText }): ReactElement {
  const parts: ReactElement[] = [];
  let at = 0;
  snippet.marks.forEach((mark, i) => {
    if (mark.start > at) parts.push(<span key={`t${i}`}>{snippet.text.slice(at, mark.start)}</span>);
    parts.push(<mark key={`m${i}`}>{snippet.text.slice(mark.start, mark.end)}</mark>);
    at = mark.end;
  });
  if (at < snippet.text.length) parts.push(<span key="end">{snippet.text.slice(at)}</span>);
  return (
    <>
      {snippet.cutStart ? '… ' : ''}
      {parts}
      {snippet.cutEnd ? ' …' : ''}
    </>
  );
}

/** Where the words occur in the library's transcripts; each moment opens its transcript there. */
export function TextSearchHits({ result, onOpen }: TextSearchHitsProps): ReactElement {
  const moments = result.hits.flatMap((hit) => hit.moments.map((moment) => ({ hit, moment })));
  return (
    <section className="text-hits" aria-label="Found in transcripts">
      <h3 className="library-heading">In the text{result.indexing ? ' (still indexing)' : ''}</h3>
      {moments.length === 0 ? (
        <p className="library-empty">No transcript says “{result.query.trim()}”.</p>
      ) : (
        <ul className="library-list">
          {moments.map(({ hit, moment }) => (
            <li key={`${hit.id}-${moment.segmentIndex}`}>
              <button type="button" className="library-item" onClick={() => onOpen(hit.id, moment.segmentIndex)}>
                <span className="library-title">{hit.title}</span>
                <span className="library-meta">
                  {formatTimestamp(moment.start)} · {moment.speakerName}
                </span>
                <span className="text-hit-snippet">
                  <Snippet snippet={moment.snippet} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
