import { defaultRangeExtractor, measureElement, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement, type RefObject } from 'react';
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

function byCharacters(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The library in the order the user chose; titles compare as people read them (numbers by value, any script). */
export function sortLibrary<T extends LibraryEntry>(list: readonly T[], order: LibraryOrder): T[] {
  const sorted = [...list];
  switch (order) {
    // ISO times sort by their characters; no locale rules needed (nor their cost over a thousand entries).
    case 'newest':
      return sorted.sort((a, b) => byCharacters(b.createdAt, a.createdAt));
    case 'oldest':
      return sorted.sort((a, b) => byCharacters(a.createdAt, b.createdAt));
    case 'longest':
      return sorted.sort((a, b) => b.durationSec - a.durationSec);
    case 'title':
      return sorted.sort((a, b) => a.title.localeCompare(b.title, undefined, { numeric: true, sensitivity: 'base' }) || a.title.localeCompare(b.title, undefined, { numeric: true }));
  }
}

/** Space between two rows of the list, as `.library-list` spaces them. */
const rowGap = 2;
const countFormat = new Intl.NumberFormat();

/**
 * Where `list` starts inside the scroll content of `scroller`, kept current as what lies above it
 * changes size (a wrapping row of selects, a larger font, zoom, an error shown). `layout` names
 * what decides which elements lie above the list; the observer starts again when it changes.
 */
function useOffsetInside(scroller: RefObject<HTMLElement | null>, list: RefObject<HTMLElement | null>, layout: string): number {
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const outer = scroller.current;
    const inner = list.current;
    if (!outer || !inner) return;
    const measure = (): void => {
      const top = inner.getBoundingClientRect().top - outer.getBoundingClientRect().top - outer.clientTop + outer.scrollTop;
      setOffset((before) => (Math.abs(before - top) < 0.5 ? before : top));
    };
    // An observer reports each element once as it starts, so this measures at once too.
    const observer = new ResizeObserver(measure);
    observer.observe(outer);
    for (let above = inner.previousElementSibling; above; above = above.previousElementSibling) observer.observe(above);
    return () => observer.disconnect();
  }, [scroller, list, layout]);
  return offset;
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
  const listRef = useRef<HTMLUListElement>(null);
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

  // Roving focus: the list is one tab stop. Within it, the row that has focus is the one to come back to;
  // entering it from outside lands on the open transcript's row, else the first.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusedIndex = focusedId === null ? -1 : shown.findIndex((t) => t.id === focusedId);
  const selectedIndex = selectedId === null ? -1 : shown.findIndex((t) => t.id === selectedId);
  const tabIndexRow = focusedIndex >= 0 ? focusedIndex : Math.max(selectedIndex, 0);
  // The tab stop is always rendered, even out of view, so Tab can reach it and focus is never dropped with it.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (tabIndexRow >= range.count || indexes.includes(tabIndexRow)) return indexes;
      return [...indexes, tabIndexRow].sort((a, b) => a - b);
    },
    [tabIndexRow],
  );
  const listOffset = useOffsetInside(navRef, listRef, `${shown.length > 0} ${error !== null}`);
  // The app does not use the React Compiler, so nothing memoizes the virtualizer's functions across renders.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => navRef.current,
    // A row at 100 % zoom with the default font: two lines, padding and border.
    estimateSize: () => 58,
    gap: rowGap,
    // Exact sizes: rounded ones (57.75 px to 58) would space the rows a fraction of a pixel wider than the gap.
    measureElement: (element, entry, instance) => entry?.borderBoxSize[0]?.blockSize ?? measureElement(element, entry, instance),
    overscan: 6,
    scrollMargin: listOffset,
    getItemKey: (index) => shown[index]?.id ?? index,
    rangeExtractor,
  });

  // A transcript opened from elsewhere (a finished job, a text hit, the last one reopened) is shown in the list too.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    // Only a new selection or a changed library moves the list; a new sort or filter does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId, transcripts]);

  // A row moved to with the keyboard takes focus once it is rendered.
  const focusWanted = useRef<string | null>(null);
  useEffect(() => {
    const wanted = focusWanted.current;
    if (wanted === null) return;
    const index = shown.findIndex((t) => t.id === wanted);
    const button = listRef.current?.querySelector<HTMLButtonElement>(`li[data-index="${index}"] > button`);
    if (!button) return;
    focusWanted.current = null;
    button.focus({ preventScroll: true });
  });

  const moveFocus = (index: number): void => {
    const entry = shown[index];
    if (!entry) return;
    focusWanted.current = entry.id;
    setFocusedId(entry.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const row = (event.target as HTMLElement).closest<HTMLLIElement>('li[data-index]');
    if (!row) return;
    const from = Number(row.dataset['index']);
    const screenful = Math.max(1, Math.floor((navRef.current?.clientHeight ?? 0) / (row.offsetHeight + rowGap)) - 1);
    const last = shown.length - 1;
    const to = {
      ArrowDown: Math.min(from + 1, last),
      ArrowUp: Math.max(from - 1, 0),
      Home: 0,
      End: last,
      PageDown: Math.min(from + screenful, last),
      PageUp: Math.max(from - screenful, 0),
    }[event.key];
    if (to === undefined) return;
    // The keys move between rows; they must not also scroll the library as they would by default.
    event.preventDefault();
    moveFocus(to);
  };

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

  // The rows in view lie in the flow after a padding as tall as the rows above them, so they lay out and paint
  // exactly as the whole list would; a tab stop kept away from them is placed on its own.
  const rows = virtualizer.getVirtualItems();
  const others = rows.filter((item) => item.index !== tabIndexRow);
  const apart = others.length > 0 && (tabIndexRow < others[0]!.index - 1 || tabIndexRow > others[others.length - 1]!.index + 1);
  const margin = virtualizer.options.scrollMargin;
  const flowStart = (apart ? others[0] : rows[0])?.start ?? margin;

  return (
    <nav ref={navRef} id={elementId} className="library" aria-label="Transcripts">
      <div className="library-head">
        <h2 className="library-heading">Library</h2>
        {transcripts.length > 0 ? (
          <span className="library-total">
            <span aria-hidden="true">{countFormat.format(transcripts.length)}</span>
            <span className="visually-hidden">{transcripts.length === 1 ? '1 transcript' : `${countFormat.format(transcripts.length)} transcripts`}</span>
          </span>
        ) : null}
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
        <ul
          ref={listRef}
          className="library-list library-window"
          style={{ height: virtualizer.getTotalSize(), paddingTop: flowStart - margin }}
          onKeyDown={onListKeyDown}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) setFocusedId(null);
          }}
        >
          {rows.map((item) => {
            const t = shown[item.index]!;
            const away = apart && item.index === tabIndexRow;
            const selected = t.id === selectedId;
            return (
              <li
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                aria-setsize={shown.length}
                aria-posinset={item.index + 1}
                className={away ? 'library-row-apart' : undefined}
                style={away ? { top: item.start - margin } : undefined}
              >
                <button
                  type="button"
                  className="library-item"
                  tabIndex={item.index === tabIndexRow ? 0 : -1}
                  aria-current={selected ? 'true' : undefined}
                  onClick={() => onSelect(t.id)}
                  onFocus={() => setFocusedId(t.id)}
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
