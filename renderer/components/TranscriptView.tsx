import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { countTermMatchesIn, findTermMatchesIn, parseSearchQuery, prepareSearchText } from '../../common/search/search-text';
import type { PreparedText, TextMark } from '../../common/search/search-text';
import type { EditedParagraph, EditedTranscript } from '../../common/transcript/edit-layer';
import type { AppErrorValue } from '../../common/errors';
import { formatTimestamp } from '../../common/transcript/paragraphs';
import { formatDateTime } from '../lib/format';
import type { TranscriptDocument } from '../stores/transcripts-store';
import { useEditorStore } from '../stores/editor-store';
import { useReadingStore } from '../stores/reading-store';
import { useViewStore } from '../stores/view-store';
import { lowConfidenceBelow, mediumConfidenceBelow } from '../lib/word-confidence';
import { ErrorMessage } from './ErrorMessage';
import { ParagraphRow } from './ParagraphRow';
import { MediaPlayer } from './MediaPlayer';
import { transcriptMediaPath } from '../../common/transcript-media';
import type { RecordingMark } from '../../common/recording';
import type { Insights } from '../../common/transcript/insights';
import { InsightsPanel } from './InsightsPanel';
import { app } from '../ipc/app-client';
import { CloseIcon } from './icons';

export interface TranscriptViewProps {
  document: TranscriptDocument | null;
  loading: boolean;
  error: AppErrorValue | null;
  onRetry: () => void;
  onClose: () => void;
  onExport: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
  /** Changes each time the find bar should open and take focus (Ctrl+F, Edit → Find); null before the first. */
  findRequest: number | null;
  /** A paragraph to bring into view (a search hit); `seq` changes for each request. */
  moment: { paragraph: number; seq: number } | null;
}

const speakerColors = 6;

/** The reading pane: the open transcript, or what to do when none is open. */
export const TranscriptView = memo(function TranscriptView({ document, loading, error, onRetry, onClose, onExport, onRename, onDelete, findRequest, moment }: TranscriptViewProps): ReactElement {
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
  return (
    <TranscriptArticle
      key={document.summary.id}
      document={document}
      onClose={onClose}
      onExport={onExport}
      onRename={onRename}
      onDelete={onDelete}
      findRequest={findRequest}
      moment={moment}
    />
  );
});

interface TranscriptArticleProps {
  document: TranscriptDocument;
  onClose: () => void;
  onExport: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
  findRequest: number | null;
  moment: TranscriptViewProps['moment'];
}

/** A word with its times, as the window gets it to seek by word. */
interface TimedWordView {
  text: string;
  start: number;
  end: number;
  confidence?: number | undefined;
}

interface FoundMark {
  paragraph: number;
  mark: TextMark;
}

/** The matches of a find, by paragraph; `before[i]` counts the matches ahead of `hits[i]`. */
interface FoundMarks {
  hits: { paragraph: number; count: number }[];
  before: number[];
  total: number;
  /** A paragraph's marks, made when first asked for. */
  marks: (paragraph: number) => TextMark[] | undefined;
}

/**
 * Each paragraph folded and split into words once, not once per keystroke of a find; kept with the
 * paragraph object, which an edit replaces.
 */
const preparedTexts = new WeakMap<EditedParagraph, PreparedText>();
function preparedText(paragraph: EditedParagraph): PreparedText {
  let prepared = preparedTexts.get(paragraph);
  if (!prepared) {
    prepared = prepareSearchText(paragraph.text);
    preparedTexts.set(paragraph, prepared);
  }
  return prepared;
}

/** The n-th match of a find, counted from the top. */
function foundAt(found: FoundMarks, n: number): FoundMark | undefined {
  let low = 0;
  let high = found.hits.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (found.before[mid]! <= n) low = mid;
    else high = mid - 1;
  }
  const hit = found.hits[low];
  const mark = hit ? found.marks(hit.paragraph)?.[n - found.before[low]!] : undefined;
  return hit && mark ? { paragraph: hit.paragraph, mark } : undefined;
}

/** Colour slots per speaker key, in order of first appearance. */
function speakerColours(edited: EditedTranscript | null): Map<string, number> {
  const colours = new Map<string, number>();
  edited?.speakers.forEach((speaker, i) => colours.set(speaker.key, i % speakerColors));
  return colours;
}

function TranscriptArticle({ document, onClose, onExport, onRename, onDelete, findRequest, moment }: TranscriptArticleProps): ReactElement {
  const [renaming, setRenaming] = useState(false);
  const { summary } = document;
  const requestId = summary.requestId;
  const articleRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const edited = useEditorStore((s) => (s.transcriptId === summary.id ? s.edited : null));
  const editorError = useEditorStore((s) => (s.transcriptId === summary.id ? s.error : null));
  const damaged = useEditorStore((s) => (s.transcriptId === summary.id ? s.damaged : null));
  const complete = useEditorStore((s) => s.transcriptId === summary.id && s.complete);
  const canUndo = useEditorStore((s) => s.transcriptId === summary.id && s.canUndo);
  const canRedo = useEditorStore((s) => s.transcriptId === summary.id && s.canRedo);
  const paragraphs = useMemo(() => edited?.paragraphs ?? [], [edited]);
  const colours = useMemo(() => speakerColours(edited), [edited]);
  const [finding, setFinding] = useState(false);
  const [findText, setFindText] = useState('');
  const [current, setCurrent] = useState(0);
  const findRef = useRef<HTMLInputElement>(null);
  const prepared = useMemo(() => (finding ? paragraphs.map(preparedText) : []), [finding, paragraphs]);
  const found = useMemo<FoundMarks>(() => {
    const terms = parseSearchQuery(findText);
    const hits: FoundMarks['hits'] = [];
    const before: number[] = [];
    let total = 0;
    if (!finding || terms.length === 0) return { hits, before, total, marks: () => undefined };
    // Counted everywhere, marked only where shown: a first letter typed can match every word.
    prepared.forEach((text, paragraph) => {
      const count = countTermMatchesIn(text, terms);
      if (count === 0) return;
      hits.push({ paragraph, count });
      before.push(total);
      total += count;
    });
    const marked = new Map<number, TextMark[]>();
    const marks = (paragraph: number): TextMark[] | undefined => {
      let known = marked.get(paragraph);
      if (!known && prepared[paragraph]) {
        known = findTermMatchesIn(prepared[paragraph], terms);
        marked.set(paragraph, known);
      }
      return known && known.length > 0 ? known : undefined;
    };
    return { hits, before, total, marks };
  }, [finding, findText, prepared]);
  const currentFound = found.total > 0 ? foundAt(found, Math.min(current, found.total - 1)) : undefined;
  const playerRef = useRef<HTMLVideoElement>(null);
  const [media, setMedia] = useState<{ src: string } | { message: string } | null>(null);
  const [playing, setPlaying] = useState<number | null>(null);
  const [time, setTime] = useState(0);
  // Timed words of the paragraphs on screen, asked of main as they come into view (to seek by word).
  const [words, setWords] = useState<Map<string, { text: string; words: TimedWordView[] }>>(() => new Map());
  const userScrolledAt = useRef(0);
  const shade = useReadingStore((s) => s.shadeUncertain);

  const [insights, setInsights] = useState<Insights | null>(null);
  useEffect(() => {
    let live = true;
    void app.transcripts.insights({ id: summary.id }).then((result) => {
      if (live && result.ok) setInsights(result.value);
    });
    return () => {
      live = false;
    };
  }, [summary.id]);
  const [recordingMarks, setRecordingMarks] = useState<RecordingMark[]>([]);
  useEffect(() => {
    let live = true;
    void app.transcripts.recordingMarks({ id: summary.id }).then((result) => {
      if (live && result.ok) setRecordingMarks(result.value);
    });
    return () => {
      live = false;
    };
  }, [summary.id]);
  /** Each pause or gap of the recording shown before the first paragraph that follows it. */
  const marksBefore = useMemo(() => {
    const map = new Map<number, RecordingMark[]>();
    for (const mark of recordingMarks) {
      const index = paragraphs.findIndex((p) => p.start >= mark.atSec - 0.05);
      if (index >= 0) map.set(index, [...(map.get(index) ?? []), mark]);
    }
    return map;
  }, [recordingMarks, paragraphs]);

  useEffect(() => {
    let live = true;
    void app.transcripts.media({ id: summary.id }).then((result) => {
      if (!live || !result.ok) return;
      setMedia(result.value.available ? { src: transcriptMediaPath(summary.id) } : { message: result.value.message });
    });
    return () => {
      live = false;
    };
  }, [summary.id]);

  /** The paragraph being heard: the last one that started at or before `seconds`. */
  const onTime = useCallback(
    (seconds: number) => {
      let low = 0;
      let high = paragraphs.length - 1;
      let found = -1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (paragraphs[mid]!.start <= seconds + 0.05) {
          found = mid;
          low = mid + 1;
        } else high = mid - 1;
      }
      setPlaying(found < 0 ? null : found);
      setTime(seconds);
    },
    [paragraphs],
  );

  const seek = useCallback((seconds: number) => {
    const player = playerRef.current;
    if (!player) return;
    player.currentTime = seconds;
    void player.play().catch(() => undefined);
  }, []);

  useEffect(() => {
    void useEditorStore.getState().load(summary.id);
  }, [summary.id]);

  // The app does not use the React Compiler, so nothing memoizes the virtualizer's functions across renders.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: paragraphs.length,
    getScrollElement: () => articleRef.current,
    estimateSize: () => 96,
    overscan: 8,
    scrollMargin: bodyRef.current?.offsetTop ?? 0,
    getItemKey: (index) => paragraphs[index]?.key ?? index,
  });

  useEffect(() => {
    // Follows playback, unless the user scrolled in the last few seconds to read elsewhere.
    if (playing === null || Date.now() - userScrolledAt.current < 4000) return;
    virtualizer.scrollToIndex(playing, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing]);

  // A moment is acted on once, when its paragraph is there (it may be past the first screen's paragraphs).
  const handledMoment = useRef<number | null>(null);
  useEffect(() => {
    if (!moment || paragraphs.length === 0 || handledMoment.current === moment.seq) return;
    if (moment.paragraph >= paragraphs.length && !complete) return;
    handledMoment.current = moment.seq;
    virtualizer.scrollToIndex(Math.min(moment.paragraph, paragraphs.length - 1), { align: 'center' });
    // The row exists once the list has rendered around it.
    let tries = 0;
    const focus = (): void => {
      const row = bodyRef.current?.querySelector<HTMLElement>(`[data-paragraph="${moment.paragraph}"]`);
      if (row) row.focus();
      else if (tries++ < 20) requestAnimationFrame(focus);
    };
    requestAnimationFrame(focus);
    // Only a new request moves the view; edits to the list must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [moment, paragraphs.length > 0, complete]);

  // A request made before this transcript opened is not for it.
  const handledFind = useRef(findRequest);
  useEffect(() => {
    if (findRequest === null || findRequest === handledFind.current) return;
    handledFind.current = findRequest;
    setFinding(true);
    // Already open: take focus again (a new bar focuses itself as it mounts).
    findRef.current?.focus();
    findRef.current?.select();
  }, [findRequest]);

  const goTo = (index: number): void => {
    if (found.total === 0) return;
    const next = (index + found.total) % found.total;
    setCurrent(next);
    virtualizer.scrollToIndex(foundAt(found, next)!.paragraph, { align: 'center' });
  };

  const speakers = useMemo(() => edited?.speakers ?? [], [edited]);
  // Naming a speaker like another one merges the two: that is how a diarization split is fixed.
  const visibleKeys = virtualizer
    .getVirtualItems()
    .map((item) => paragraphs[item.index])
    .filter((p): p is NonNullable<typeof p> => p !== undefined && words.get(p.key)?.text !== p.text)
    .map((p) => p.key)
    .join(' ');
  const hasMedia = media !== null && 'src' in media;
  // Words are needed to seek by word and to shade the uncertain ones.
  const needWords = hasMedia || shade;
  useEffect(() => {
    if (!needWords || visibleKeys === '') return;
    let live = true;
    const keys = visibleKeys.split(' ');
    void app.edits.words({ id: summary.id, paragraphs: keys }).then((result) => {
      if (!live || !result.ok) return;
      setWords((known) => {
        const next = new Map(known);
        for (const entry of result.value) {
          const text = paragraphs.find((p) => p.key === entry.key)?.text;
          if (text !== undefined) next.set(entry.key, { text, words: entry.words });
        }
        return next;
      });
    });
    return () => {
      live = false;
    };
    // The keys string stands for the paragraphs it names.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visibleKeys, needWords, summary.id]);

  const reveal = useCallback(
    (what: 'transcript' | 'source') => {
      void app.transcripts.reveal({ id: summary.id, what }).then((result) => {
        const { showNotice } = useViewStore.getState();
        if (!result.ok) showNotice(result.error.message);
        else if (!result.value) showNotice(what === 'source' ? 'The audio file is no longer on this computer.' : 'The transcript file is missing on disk.');
      });
    },
    [summary.id],
  );

  const rename = useCallback(
    (speaker: string, name: string) => {
      const same = speakers.find((s) => s.key !== speaker && s.name.toLocaleLowerCase() === name.toLocaleLowerCase());
      void useEditorStore.getState().apply(same ? { type: 'mergeSpeakers', from: speaker, into: same.key } : { type: 'renameSpeaker', speaker, name });
    },
    [speakers],
  );
  const reassign = useCallback((paragraph: string, speaker: string | null) => void useEditorStore.getState().apply({ type: 'reassignParagraph', paragraph, speaker }), []);
  const editText = useCallback((paragraph: string, text: string) => void useEditorStore.getState().apply({ type: 'editParagraphText', paragraph, text }), []);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    const target = event.target as HTMLElement;
    const player = playerRef.current;
    const typing = target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'BUTTON' || target.tagName === 'VIDEO';
    if (player && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (event.key === ' ') {
        event.preventDefault();
        if (player.paused) void player.play().catch(() => undefined);
        else player.pause();
        return;
      }
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        event.preventDefault();
        player.currentTime = Math.max(0, player.currentTime + (event.key === 'ArrowLeft' ? -5 : 5));
        return;
      }
    }
    if (event.key === 'F3' || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'g')) {
      event.preventDefault();
      goTo(current + (event.shiftKey ? -1 : 1));
      return;
    }
    if (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT') return;
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      void useEditorStore.getState().undo();
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      void useEditorStore.getState().redo();
    }
  };

  return (
    // Focusable so the scrolling pane can be read with the keyboard.
    <article
      ref={articleRef}
      className="reader transcript"
      aria-label="Transcript"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onWheel={() => (userScrolledAt.current = Date.now())}
      onTouchMove={() => (userScrolledAt.current = Date.now())}
    >
      <div className="transcript-inner">
        <header className="transcript-header">
          <div className="transcript-heading">
            {renaming ? (
              <input
                className="transcript-title-input"
                aria-label="Transcript title"
                defaultValue={summary.title}
                maxLength={200}
                autoFocus
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && e.currentTarget.value.trim()) {
                    onRename(e.currentTarget.value.trim());
                    setRenaming(false);
                  } else if (e.key === 'Escape') {
                    e.stopPropagation();
                    setRenaming(false);
                  }
                }}
                onBlur={() => setRenaming(false)}
              />
            ) : (
              <h2 className="transcript-title selectable">{summary.title}</h2>
            )}
            <button type="button" className="button button-small" onClick={() => setRenaming(true)}>
              Rename
            </button>
            <button type="button" className="button button-small" disabled={!canUndo} onClick={() => void useEditorStore.getState().undo()} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" className="button button-small" disabled={!canRedo} onClick={() => void useEditorStore.getState().redo()} title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
            <button type="button" className="button button-small" onClick={onExport}>
              Export…
            </button>
            <button
              type="button"
              className="button button-small"
              aria-pressed={shade}
              title="Mark the words Deepgram was unsure of"
              onClick={() => useReadingStore.getState().setShadeUncertain(!shade)}
            >
              Shade uncertain words
            </button>
            <button type="button" className="button button-small button-danger-quiet" onClick={onDelete}>
              Delete
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
          <p className="transcript-files">
            <span>Show in folder:</span>
            <button type="button" className="button button-small button-quiet" aria-label="Show the transcript file in its folder" onClick={() => reveal('transcript')}>
              Transcript file
            </button>
            {hasMedia ? (
              <button type="button" className="button button-small button-quiet" aria-label="Show the audio file in its folder" onClick={() => reveal('source')}>
                Audio file
              </button>
            ) : null}
          </p>
          {damaged ? (
            <p className="recording-warning" role="status">
              Your earlier corrections to this transcript could not be read ({damaged.reason}); it opened without them.
              {damaged.keptAt ? ' The unreadable file was kept next to the transcript.' : ''}
            </p>
          ) : null}
          {editorError ? <ErrorMessage error={editorError} /> : null}
          {shade ? (
            <p className="confidence-legend">
              <span className="word-uncertain word-uncertain-medium">dotted</span>: confidence under {mediumConfidenceBelow * 100} %;{' '}
              <span className="word-uncertain word-uncertain-low">wavy, tinted</span>: under {lowConfidenceBelow * 100} %. Point at a word for its confidence.
            </p>
          ) : null}
          {insights && (insights.summary || insights.topics.length || insights.intents.length || insights.sentiment) ? <InsightsPanel insights={insights} /> : null}
          {media && 'src' in media ? <MediaPlayer ref={playerRef} src={media.src} onTime={onTime} /> : null}
          {media && 'message' in media ? <p className="muted player-missing">{media.message}</p> : null}
          {finding ? (
            <div className="find-bar" role="search" aria-label="Find in transcript">
              <input
                ref={findRef}
                autoFocus
                type="search"
                aria-label="Find in transcript"
                placeholder="Find in transcript"
                value={findText}
                onChange={(e) => {
                  setFindText(e.target.value);
                  setCurrent(0);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    goTo(current + (e.shiftKey ? -1 : 1));
                  } else if (e.key === 'Escape') {
                    e.preventDefault();
                    e.stopPropagation();
                    setFinding(false);
                    setFindText('');
                    articleRef.current?.focus();
                  }
                }}
              />
              <span className="find-count" role="status">
                {findText.trim() === '' ? '' : found.total === 0 ? 'No matches' : `${Math.min(current, found.total - 1) + 1} of ${found.total}`}
              </span>
              <button type="button" className="button button-small" disabled={found.total === 0} onClick={() => goTo(current - 1)} aria-label="Previous match">
                ↑
              </button>
              <button type="button" className="button button-small" disabled={found.total === 0} onClick={() => goTo(current + 1)} aria-label="Next match">
                ↓
              </button>
              <button
                type="button"
                className="button button-small button-quiet"
                onClick={() => {
                  setFinding(false);
                  setFindText('');
                }}
              >
                Done
              </button>
            </div>
          ) : null}
        </header>
        {edited === null ? (
          editorError ? null : <p className="transcript-empty">Opening…</p>
        ) : paragraphs.length === 0 ? (
          <p className="transcript-empty">No speech was found in this file.</p>
        ) : (
          <div className="transcript-body" ref={bodyRef} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const p = paragraphs[item.index]!;
              return (
                <div
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  className="paragraph-slot"
                  style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
                >
                  <ParagraphRow
                    paragraph={p}
                    index={item.index}
                    colour={p.speaker ? (colours.get(p.speaker) ?? 0) : 0}
                    marks={found.marks(item.index)}
                    currentMark={currentFound?.paragraph === item.index ? currentFound.mark : undefined}
                    playing={playing === item.index}
                    words={words.get(p.key)?.text === p.text ? words.get(p.key)!.words : undefined}
                    time={playing === item.index ? time : undefined}
                    recordingMarks={marksBefore.get(item.index)}
                    onSeek={media && 'src' in media ? seek : undefined}
                    shade={shade}
                    speakers={speakers}
                    onRenameSpeaker={rename}
                    onReassign={reassign}
                    onEditText={editText}
                  />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </article>
  );
}
