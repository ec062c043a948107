import { memo, useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { TextMark } from '../../common/search/search-text';
import type { RecordingMark } from '../../common/recording';
import type { EditedParagraph, EditedSpeaker } from '../../common/transcript/edit-layer';
import { formatTimestamp } from '../../common/transcript/paragraphs';
import { confidenceLevel, describeConfidence } from '../lib/word-confidence';

export interface ParagraphRowProps {
  paragraph: EditedParagraph;
  index: number;
  /** A stable colour slot per speaker. */
  colour: number;
  /** Matches of the find bar in this paragraph's text, and the one that is current. */
  marks?: readonly TextMark[] | undefined;
  currentMark?: TextMark | undefined;
  /** Pauses and gaps of the recording just before this paragraph. */
  recordingMarks?: readonly RecordingMark[] | undefined;
  /** The paragraph's timed words, when loaded: each word then seeks the player. */
  words?: readonly TimedWord[] | undefined;
  /** The player's time while this paragraph is heard: its current word is highlighted. */
  time?: number | undefined;
  /** This paragraph is being heard. */
  playing?: boolean;
  /** Plays the source from a time; absent when there is no media to play. */
  onSeek?: ((seconds: number) => void) | undefined;
  /** Words Deepgram was unsure of are marked (needs `words`). */
  shade?: boolean;
  /** Everyone who speaks in the transcript, to give this paragraph to another. */
  speakers: readonly EditedSpeaker[];
  onRenameSpeaker: (speaker: string, name: string) => void;
  onReassign: (paragraph: string, speaker: string | null) => void;
  onEditText: (paragraph: string, text: string) => void;
}

interface TimedWord {
  text: string;
  start: number;
  end: number;
  confidence?: number | undefined;
}

const gapReasons: Record<NonNullable<RecordingMark['reason']>, string> = {
  'microphone-lost': 'the microphone went away',
  'system-audio-lost': 'system audio stopped',
  'system-audio-silent': 'system audio was silent',
  'capture-error': 'the capture stopped',
  'system-sleep': 'the computer slept',
};

/** A pause or a gap of the recording, as a line in the transcript. */
export function describeMark(mark: RecordingMark): string {
  if (mark.kind === 'pause') return `Recording paused here${mark.pausedSec ? ` for ${formatTimestamp(mark.pausedSec)}` : ''}`;
  return `Audio missing here: ${mark.reason ? gapReasons[mark.reason] : 'the capture was interrupted'}`;
}

/** Text with the find bar's matches marked; the current one stands out. */
function MarkedText({ text, marks, current }: { text: string; marks: readonly TextMark[]; current: TextMark | undefined }): ReactElement {
  const parts: ReactElement[] = [];
  let at = 0;
  marks.forEach((mark, i) => {
    if (mark.start > at) parts.push(<span key={`t${i}`}>{text.slice(at, mark.start)}</span>);
    const isCurrent = current !== undefined && current.start === mark.start && current.end === mark.end;
    parts.push(
      <mark key={`m${i}`} className={isCurrent ? 'find-current' : undefined} aria-current={isCurrent ? 'true' : undefined}>
        {text.slice(mark.start, mark.end)}
      </mark>,
    );
    at = mark.end;
  });
  if (at < text.length) parts.push(<span key="end">{text.slice(at)}</span>);
  return <>{parts}</>;
}

interface TimedWordsProps {
  words: readonly TimedWord[];
  time: number | undefined;
  /** Each word plays from its start; absent without media. */
  onSeek: ((seconds: number) => void) | undefined;
  shade: boolean;
}

/** The words of a paragraph, each a place to play from; the one being heard is marked, and when asked, the uncertain ones. */
function TimedWords({ words, time, onSeek, shade }: TimedWordsProps): ReactElement {
  return (
    <>
      {words.map((w, i) => {
        const current = time !== undefined && time >= w.start && (time < w.end || time < (words[i + 1]?.start ?? w.end));
        const level = shade ? confidenceLevel(w.confidence) : null;
        const classes = [onSeek ? 'word' : null, current ? 'word-current' : null, level ? `word-uncertain word-uncertain-${level}` : null].filter(Boolean).join(' ');
        return (
          <span key={i}>
            {i > 0 ? ' ' : ''}
            <span
              className={classes || undefined}
              data-start={w.start}
              data-confidence={level ? w.confidence : undefined}
              title={level && w.confidence !== undefined ? describeConfidence(w.confidence, level) : undefined}
              aria-current={current ? 'true' : undefined}
              onClick={onSeek ? () => onSeek(w.start) : undefined}
            >
              {w.text}
            </span>
          </span>
        );
      })}
    </>
  );
}

/** Typing pauses this long before the text goes to main (which keeps keystrokes as one undo step). */
const typingPauseMs = 400;

/** One paragraph: its speaker (click to rename everywhere), its time, its text (Edit to correct it). */
export const ParagraphRow = memo(function ParagraphRow({
  paragraph,
  index,
  colour,
  marks,
  currentMark,
  recordingMarks,
  playing,
  words,
  time,
  onSeek,
  shade = false,
  speakers,
  onRenameSpeaker,
  onReassign,
  onEditText,
}: ParagraphRowProps): ReactElement {
  const [naming, setNaming] = useState(false);
  const [editing, setEditing] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const name = paragraph.speakerName;

  useEffect(() => () => clearTimeout(pending.current), []);

  const sendText = (text: string): void => {
    clearTimeout(pending.current);
    if (text !== paragraph.text) onEditText(paragraph.key, text);
  };

  const finishNaming = (value: string | null): void => {
    setNaming(false);
    if (value !== null && paragraph.speaker && value.trim() !== name) onRenameSpeaker(paragraph.speaker, value.trim());
  };

  const onNameKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') finishNaming(event.currentTarget.value);
    if (event.key === 'Escape') {
      event.stopPropagation();
      finishNaming(null);
    }
  };

  const onTextKey = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      event.stopPropagation();
      sendText(event.currentTarget.value);
      setEditing(false);
    }
  };

  return (
    <div className={playing ? 'paragraph paragraph-playing' : 'paragraph'} data-paragraph={index} tabIndex={-1} aria-current={playing ? 'time' : undefined}>
      {recordingMarks?.map((mark, i) => (
        <p key={i} className="recording-mark" role="note">
          {describeMark(mark)}
        </p>
      ))}
      <div className="paragraph-meta">
        {name !== null && paragraph.speaker ? (
          naming ? (
            <input
              className="speaker-name-input"
              aria-label="Speaker name"
              defaultValue={name}
              autoFocus
              maxLength={80}
              onKeyDown={onNameKey}
              onBlur={(e) => finishNaming(e.currentTarget.value)}
            />
          ) : (
            <button type="button" className={`speaker speaker-button speaker-${colour}`} title="Rename this speaker everywhere" onClick={() => setNaming(true)}>
              {name}
            </button>
          )
        ) : name !== null ? (
          <span className={`speaker speaker-${colour}`}>{name}</span>
        ) : null}
        {onSeek ? (
          <button type="button" className="timestamp timestamp-button" aria-label={`Play from ${formatTimestamp(paragraph.start)}`} onClick={() => onSeek(paragraph.start)}>
            {formatTimestamp(paragraph.start)}
          </button>
        ) : (
          <time className="timestamp" dateTime={`PT${Math.floor(Math.max(0, paragraph.start))}S`}>
            {formatTimestamp(paragraph.start)}
          </time>
        )}
        {paragraph.edited ? <span className="muted paragraph-edited">edited</span> : null}
        {!editing ? (
          <button type="button" className="button button-small button-quiet paragraph-edit" aria-label={`Edit the paragraph at ${formatTimestamp(paragraph.start)}`} onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
      </div>
      {editing && speakers.length > 1 ? (
        <label className="field-inline paragraph-speaker">
          <span>Spoken by</span>
          <select
            value={paragraph.speaker ?? ''}
            onChange={(e) => onReassign(paragraph.key, e.target.value || null)}
            onBlur={(e) => {
              if (!e.currentTarget.closest('.paragraph')?.contains(e.relatedTarget as Node | null)) setEditing(false);
            }}
          >
            {speakers.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {editing ? (
        <textarea
          ref={textRef}
          className="paragraph-textarea"
          aria-label="Paragraph text"
          defaultValue={paragraph.text}
          autoFocus
          rows={Math.max(2, Math.ceil(paragraph.text.length / 90))}
          onChange={(e) => {
            const text = e.currentTarget.value;
            clearTimeout(pending.current);
            pending.current = setTimeout(() => sendText(text), typingPauseMs);
          }}
          onKeyDown={onTextKey}
          onBlur={(e) => {
            sendText(e.currentTarget.value);
            // Moving to the speaker choice of the same paragraph keeps it open.
            if (!e.currentTarget.closest('.paragraph')?.contains(e.relatedTarget as Node | null)) setEditing(false);
          }}
        />
      ) : (
        <p className="paragraph-text selectable">
          {marks?.length ? (
            <MarkedText text={paragraph.text} marks={marks} current={currentMark} />
          ) : words && (onSeek || shade) && words.map((w) => w.text).join(' ') === paragraph.text ? (
            <TimedWords words={words} time={time} onSeek={onSeek} shade={shade} />
          ) : (
            paragraph.text
          )}
        </p>
      )}
    </div>
  );
});
