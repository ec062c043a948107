import { memo, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { LibraryEntry } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { formatTimestamp } from '../../common/transcript/paragraphs';
import { formatDateTime } from '../lib/format';
import { filterByTitle } from '../lib/title-filter';
import { dateRangeLabels, dateRanges, durationRangeLabels, durationRanges, filterLibrary, isFiltering, noLibraryFilter } from '../lib/library-filter';
import type { DateRange, DurationRange, LibraryFilter } from '../lib/library-filter';
import { DeleteAudioPrompt } from './DeleteAudioPrompt';
import { ErrorMessage } from './ErrorMessage';
import { TextSearchHits } from './TextSearchHits';
import type { SearchResult } from '../../common/search/search-schemas';

export interface TranscriptListProps {
  id?: string;
  transcripts: LibraryEntry[];
  selectedId: string | null;
  loading: boolean;
  error: AppErrorValue | null;
  /** Changes each time the filter box should take focus (the Find command); null before the first. */
  findRequest: number | null;
  onSelect: (id: string) => void;
  onRetry: () => void;
  /** What the words typed in the filter were found in, across the library's text. */
  textResult: SearchResult | null;
  onQueryChange: (query: string) => void;
  /** Opens a transcript at a paragraph (a text hit). */
  onOpenMoment: (id: string, paragraph: number) => void;
  /** Entries that could not be read; the rest of the library lists as usual. */
  damaged: { id: string; message: string }[];
  onRemoveDamaged: (id: string) => void;
  /** Exports the listed transcripts (as filtered) into a folder. */
  onExportAll?: (ids: string[]) => void;
}

export type LibraryOrder = 'newest' | 'oldest' | 'longest' | 'title';

/** The library in the order the user chose; titles compare as people read them (numbers by value, any script). */
export function sortLibrary<T extends LibraryEntry>(list: readonly T[], order: LibraryOrder): T[] {
  const sorted = [...list];
  switch (order) {
    case 'newest':
      return sorted.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    case 'oldest':
      return sorted.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    case 'longest':
      return sorted.sort((a, b) => b.durationSec - a.durationSec);
    case 'title':
      return sorted.sort((a, b) => a.title.localeCompare(b.title, undefined, { numeric: true, sensitivity: 'base' }) || a.title.localeCompare(b.title, undefined, { numeric: true }));
  }
}

/** The library of saved transcripts, newest first, with a filter by title, date and length. */
export const TranscriptList = memo(function TranscriptList({
  id: elementId,
  transcripts,
  selectedId,
  loading,
  error,
  findRequest,
  onSelect,
  onRetry,
  textResult,
  onQueryChange,
  onOpenMoment,
  damaged,
  onRemoveDamaged,
  onExportAll,
}: TranscriptListProps): ReactElement {
  const id = useId();
  const navRef = useRef<HTMLElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [order, setOrder] = useState<LibraryOrder>('newest');
  const [filter, setFilter] = useState<LibraryFilter>(noLibraryFilter);
  const inRanges = useMemo(() => filterLibrary(transcripts, filter, new Date()), [transcripts, filter]);
  const shown = useMemo(() => sortLibrary(filterByTitle(inRanges, query), order), [inRanges, query, order]);
  const searching = query.trim() !== '';
  const ranged = isFiltering(filter);
  const filtering = searching || ranged;
  // Text hits obey the date and length filters too.
  const hits = useMemo(() => {
    if (!textResult || !ranged) return textResult;
    const allowed = new Set(inRanges.map((t) => t.id));
    return { ...textResult, hits: textResult.hits.filter((hit) => allowed.has(hit.id)) };
  }, [textResult, ranged, inRanges]);

  // A transcript opened from elsewhere (a finished job) should be visible in the list too.
  useEffect(() => {
    navRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, transcripts]);

  useEffect(() => {
    if (findRequest === null) return;
    filterRef.current?.focus();
    filterRef.current?.select();
  }, [findRequest]);

  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      event.stopPropagation();
      setQuery('');
      onQueryChange('');
    }
  };

  return (
    <nav ref={navRef} id={elementId} className="library" aria-label="Transcripts">
      <div className="library-head">
        <h2 className="library-heading">Library</h2>
        {transcripts.length > 0 && onExportAll ? (
          <button type="button" className="button button-small button-quiet" onClick={() => onExportAll(shown.map((t) => t.id))}>
            Export all…
          </button>
        ) : null}
      </div>
      <div className="library-order-row">
        <label className="visually-hidden" htmlFor={`${id}-order`}>
          Sort the library
        </label>
        <select id={`${id}-order`} className="library-order" value={order} onChange={(e) => setOrder(e.target.value as LibraryOrder)}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="longest">Longest first</option>
          <option value="title">By title</option>
        </select>
        <label className="visually-hidden" htmlFor={`${id}-date`}>
          Show transcripts made
        </label>
        <select id={`${id}-date`} className="library-order" value={filter.date} onChange={(e) => setFilter({ ...filter, date: e.target.value as DateRange })}>
          {dateRanges.map((range) => (
            <option key={range} value={range}>
              {dateRangeLabels[range]}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={`${id}-duration`}>
          Show transcripts lasting
        </label>
        <select id={`${id}-duration`} className="library-order" value={filter.duration} onChange={(e) => setFilter({ ...filter, duration: e.target.value as DurationRange })}>
          {durationRanges.map((range) => (
            <option key={range} value={range}>
              {durationRangeLabels[range]}
            </option>
          ))}
        </select>
      </div>
      <div className="library-filter">
        <input
          ref={filterRef}
          type="search"
          className="library-filter-input"
          aria-label="Filter transcripts by title"
          aria-describedby={filtering ? `${id}-count` : undefined}
          placeholder="Search titles and text"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            onQueryChange(e.target.value);
          }}
          onKeyDown={onFilterKeyDown}
        />
      </div>
      <div className={filtering ? 'library-count' : 'visually-hidden'}>
        <p id={`${id}-count`} role="status">
          {filtering ? `${shown.length} of ${transcripts.length} transcripts` : ''}
        </p>
        {ranged ? (
          <button type="button" className="button button-small button-quiet" onClick={() => setFilter(noLibraryFilter)}>
            Clear filters
          </button>
        ) : null}
      </div>
      {error ? <ErrorMessage error={error} onRetry={onRetry} /> : null}
      {transcripts.length === 0 && !error ? (
        <p className="library-empty">{loading ? 'Loading…' : 'No transcripts yet. Files you transcribe are kept here.'}</p>
      ) : shown.length === 0 && searching ? (
        <p className="library-empty">No transcript titles match “{query.trim()}”. Press Escape to clear the filter.</p>
      ) : shown.length === 0 ? (
        <p className="library-empty">No transcript is in the chosen date and length. Clear the filters to see them all.</p>
      ) : (
        <ul className="library-list">
          {shown.map((t) => {
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
      {searching && hits ? <TextSearchHits result={hits} onOpen={onOpenMoment} /> : null}
      {damaged.length > 0 ? (
        <section className="library-damaged" aria-label="Damaged entries">
          <h3 className="library-heading">Could not be read</h3>
          <ul className="library-list">
            {damaged.map((d) => (
              <li key={d.id} className="library-damaged-item">
                <span className="mono">{d.id}</span>
                <span className="library-meta">{d.message}</span>
                <button type="button" className="button button-small button-danger-quiet" onClick={() => onRemoveDamaged(d.id)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {/* Deleting the open transcript asks here whether its kept audio goes too. */}
      <DeleteAudioPrompt />
    </nav>
  );
});
