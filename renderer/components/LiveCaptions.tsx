import { useId, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import type { CaptionLine, LiveDraft, LiveGap, LiveStatus } from '../../common/live';
import { twoChannelSpeakers } from '../../common/recording';
import type { InterimText } from '../stores/live-store';
import { ErrorMessage } from './ErrorMessage';

export interface LiveCaptionsProps {
  draft: LiveDraft;
  interim: readonly [InterimText | null, InterimText | null];
  status: LiveStatus | null;
  /** The recording stopped; the final transcript is on its way. */
  ended: boolean;
  error: AppErrorValue | null;
  onRename: (who: string, name: string) => void;
  onDismiss: () => void;
  /** Opens the final transcript that replaced the draft. */
  onOpenFinal: (transcriptId: string) => void;
}

/** Lines kept on screen; the whole draft stays in main and goes to the final pass. */
const visibleLines = 300;

function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Who a line is, as `live.rename` names it. */
export function whoOf(line: Pick<CaptionLine, 'lane' | 'speaker'>, channels: 1 | 2): string {
  return channels === 1 && line.speaker !== undefined ? `speaker:${line.speaker}` : `lane:${line.lane}`;
}

/** The name shown for someone: the user's, else "You"/"Others" for two channels, else "Speaker n". */
export function nameOf(who: string, draft: Pick<LiveDraft, 'names' | 'channels'>): string {
  const given = draft.names[who];
  if (given) return given;
  const lane = /^lane:(\d)$/.exec(who);
  if (lane) return draft.channels === 2 ? (twoChannelSpeakers[Number(lane[1])] ?? 'Speaker') : 'Speaker';
  const speaker = /^speaker:(\d+)$/.exec(who);
  return speaker ? `Speaker ${Number(speaker[1]) + 1}` : who;
}

function statusText(status: LiveStatus | null, ended: boolean): string {
  if (!status) return ended ? 'Live draft' : 'Connecting live captions…';
  switch (status.state) {
    case 'connecting':
      return 'Connecting live captions…';
    case 'live':
      return status.behindSec >= 1 ? `Live · catching up (${Math.round(status.behindSec)} s behind)` : 'Live';
    case 'reconnecting':
      return `Reconnecting… (${Math.round(status.behindSec)} s of audio waiting)`;
    case 'finishing':
      return 'Finishing the live draft…';
    case 'ended':
      return 'Live draft complete';
    case 'failed':
      return 'Live captions stopped';
  }
}

type Row = { kind: 'line'; line: CaptionLine } | { kind: 'gap'; gap: LiveGap };

function rows(draft: LiveDraft): Row[] {
  const lines = draft.lines.slice(-visibleLines);
  const from = lines[0]?.start ?? 0;
  const gaps = draft.gaps.filter((g) => g.toSec >= from);
  const all: Row[] = [...lines.map((line): Row => ({ kind: 'line', line })), ...gaps.map((gap): Row => ({ kind: 'gap', gap }))];
  return all.sort((a, b) => (a.kind === 'line' ? a.line.start : a.gap.fromSec) - (b.kind === 'line' ? b.line.start : b.gap.fromSec));
}

function RenameWho({ who, draft, onRename }: { who: string; draft: LiveDraft; onRename: (who: string, name: string) => void }): ReactElement {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const name = nameOf(who, draft);
  if (!editing) {
    return (
      <button type="button" className="button button-small live-who" onClick={() => (setValue(name), setEditing(true))} aria-label={`Rename ${name}`}>
        {name}
      </button>
    );
  }
  const save = (): void => {
    setEditing(false);
    const trimmed = value.trim();
    if (trimmed && trimmed !== name) onRename(who, trimmed);
  };
  return (
    <input
      className="live-who-input"
      aria-label={`New name for ${name}`}
      value={value}
      maxLength={80}
      autoFocus
      onChange={(e) => setValue(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') save();
        if (e.key === 'Escape') setEditing(false);
      }}
    />
  );
}

/** The live transcript of the running (or last) recording: final lines, provisional text, gaps and state. */
export function LiveCaptions({ draft, interim, status, ended, error, onRename, onDismiss, onOpenFinal }: LiveCaptionsProps): ReactElement {
  const id = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const list = rows(draft);
  const lanes = draft.channels === 2 ? ['lane:0', 'lane:1'] : [...new Set(draft.lines.map((l) => whoOf(l, 1)))];
  const hidden = draft.lines.length - Math.min(draft.lines.length, visibleLines);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  });

  const openInterim = (lane: 0 | 1): InterimText | null => interim[lane] ?? null;
  const openLine = (lane: number): CaptionLine | undefined => draft.lines.findLast((l) => l.lane === lane && !l.closed);

  return (
    <section className="live" aria-labelledby={`${id}-title`}>
      <div className="live-head">
        <h3 id={`${id}-title`}>{ended ? 'Live draft' : 'Live captions'}</h3>
        <span className={`live-state live-state-${status?.state ?? 'connecting'}`} role="status">
          {statusText(status, ended)}
        </span>
        {ended ? (
          <button type="button" className="button button-small" onClick={onDismiss}>
            Close draft
          </button>
        ) : null}
      </div>
      {ended && draft.finalTranscriptId ? (
        <p className="field-hint">
          The final transcript is ready, with the names given here; this draft stays for comparing until you close it.{' '}
          <button type="button" className="button button-small" onClick={() => onOpenFinal(draft.finalTranscriptId!)}>
            Open the final transcript
          </button>
        </p>
      ) : ended ? (
        <p className="field-hint">The final transcript replaces this draft when it is ready, with the names given here. The draft stays until then.</p>
      ) : null}
      {status?.state === 'failed' && status.error ? <p className="live-problem">{status.error.message} The recording goes on; the full transcript is made when you stop.</p> : null}
      {status?.state === 'reconnecting' && status.error ? <p className="live-problem">{status.error.message}</p> : null}
      {error ? <ErrorMessage error={error} /> : null}
      {lanes.length > 0 ? (
        <p className="live-names">
          Names: {lanes.map((who) => <RenameWho key={who} who={who} draft={draft} onRename={onRename} />)}
        </p>
      ) : null}
      <div
        ref={scroller}
        className="live-lines"
        role="log"
        aria-label="Live transcript"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {hidden > 0 ? <p className="field-hint">{hidden} earlier lines are kept in the draft.</p> : null}
        {list.map((row) =>
          row.kind === 'gap' ? (
            <p key={`gap-${row.gap.fromSec}`} className="live-gap" data-testid="live-gap">
              No live text from {clock(row.gap.fromSec)} to {clock(row.gap.toSec)}: the connection was down too long to catch up. The final transcript covers it.
            </p>
          ) : (
            <p key={`${row.line.lane}-${row.line.start}`} className={`live-line live-lane-${row.line.lane}`} data-testid="live-line" data-start={row.line.start} data-end={row.line.end}>
              <span className="live-time">{clock(row.line.start)}</span> <strong className="live-speaker">{nameOf(whoOf(row.line, draft.channels), draft)}</strong>{' '}
              <span className="live-text">{row.line.text}</span>
              {!row.line.closed && openInterim(row.line.lane as 0 | 1) ? (
                <span className="live-interim" aria-hidden="true" data-testid="live-interim">
                  {' '}
                  {openInterim(row.line.lane as 0 | 1)?.text}
                </span>
              ) : null}
            </p>
          ),
        )}
        {([0, 1] as const).map((lane) => {
          const text = openInterim(lane);
          if (!text || openLine(lane)) return null;
          return (
            <p key={`interim-${lane}`} className={`live-line live-lane-${lane}`} aria-hidden="true">
              <span className="live-time">{clock(text.start)}</span> <strong className="live-speaker">{nameOf(`lane:${lane}`, draft)}</strong>{' '}
              <span className="live-interim" data-testid="live-interim">
                {text.text}
              </span>
            </p>
          );
        })}
      </div>
    </section>
  );
}
