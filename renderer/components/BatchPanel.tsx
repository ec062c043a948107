import { useEffect, useId, useRef, type ReactElement } from 'react';
import type { TranscribeOptions } from '../../common/domain';
import { estimateCostUsd } from '../../common/presets';
import { summarizeBatch } from '../lib/batch-summary';
import { formatDuration, formatUsd } from '../lib/format';
import { languageLabel } from '../lib/languages';
import type { Batch } from '../stores/batch-store';
import { ErrorMessage } from './ErrorMessage';
import { RefusalList } from './RefusalList';

export interface BatchPanelProps {
  batch: Batch;
  /** The options Start will use. */
  options: TranscribeOptions;
  /** The preset they came from, if any, and whether they were changed since. */
  presetName: string | null;
  edited: boolean;
  pricesPerMinute: Readonly<Record<string, number>>;
  /** Why the options cannot be sent as they are; Start waits until there is none. */
  optionsBlocked: boolean;
  /** Paths of duplicates being queued again. */
  repeating: Record<string, true>;
  onStart: () => void;
  onDiscard: () => void;
  onOpenTranscript: (transcriptId: string) => void;
  onTranscribeAgain: (paths: string[]) => void;
}

function files(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}

function costText(options: TranscribeOptions, knownSeconds: number, count: number, unknownCount: number, prices: Readonly<Record<string, number>>): string {
  if (count > 0 && unknownCount === count) return 'Unknown: no file’s duration could be read';
  const cost = estimateCostUsd(knownSeconds, options.model, prices, options.language);
  if (cost === null) return `Unknown: no price per minute is set for ${options.model} (Settings → Transcription)`;
  const basis = unknownCount > 0 ? ` for the ${files(count - unknownCount)} of known duration` : '';
  return `About ${formatUsd(cost)} with ${options.model}${basis}`;
}

/** Files checked and waiting for Start: how many, how long, what it may cost, what was refused. */
export function BatchPanel({
  batch,
  options,
  presetName,
  edited,
  pricesPerMinute,
  optionsBlocked,
  repeating,
  onStart,
  onDiscard,
  onOpenTranscript,
  onTranscribeAgain,
}: BatchPanelProps): ReactElement {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summary = summarizeBatch(batch.files);
  const started = batch.phase === 'started';
  const inspecting = batch.phase === 'inspecting';
  const starting = batch.phase === 'starting';

  // The outcome replaces the buttons that had focus; put the user at its top.
  useEffect(() => {
    if (started) headingRef.current?.focus();
  }, [started]);

  let title: string;
  if (started) title = batch.queued > 0 ? `Added ${files(batch.queued)} to the queue` : 'Nothing was added to the queue';
  else if (inspecting && summary.count === 0) title = 'Checking files…';
  else if (summary.count === 0) title = 'No file can be transcribed';
  else title = `${files(summary.count)} ready to transcribe`;

  const duration =
    summary.unknownCount === 0
      ? formatDuration(summary.knownSeconds)
      : summary.unknownCount === summary.count
        ? `Unknown for all ${files(summary.count)}`
        : `${formatDuration(summary.knownSeconds)}, plus ${files(summary.unknownCount)} of unknown duration`;

  const pending = batch.duplicates.filter((d) => !repeating[d.path]);

  return (
    <section className="batch" aria-labelledby={`${id}-title`} aria-busy={inspecting || starting ? true : undefined}>
      <h2 ref={headingRef} id={`${id}-title`} className="batch-title" tabIndex={-1}>
        {title}
      </h2>

      {inspecting ? (
        <p className="batch-checking" role="status">
          Checking {batch.checking === 1 ? '1 item' : `${batch.checking} items`}; folders are searched for audio and video files.
        </p>
      ) : null}

      {!started && summary.count > 0 ? (
        <dl className="facts batch-facts">
          <dt>Files</dt>
          <dd>{summary.count}</dd>
          <dt>Duration</dt>
          <dd>{duration}</dd>
          <dt>Estimated cost</dt>
          <dd>{costText(options, summary.knownSeconds, summary.count, summary.unknownCount, pricesPerMinute)}</dd>
          <dt>Options</dt>
          <dd>
            {presetName ? `${presetName}${edited ? ' (changed)' : ''}` : 'Custom'} · {options.model} · {languageLabel(options.language)}
          </dd>
        </dl>
      ) : null}

      {started && batch.duplicates.length > 0 ? (
        <div className="duplicates">
          <h3 className="duplicates-title">Already transcribed with these options</h3>
          <ul className="duplicate-list">
            {batch.duplicates.map((d) => (
              <li key={d.path} className="duplicate">
                <span className="duplicate-name" title={d.path}>
                  {d.fileName}
                </span>
                <span className="duplicate-actions">
                  <button type="button" className="button button-small" aria-label={`Open the transcript of ${d.fileName}`} onClick={() => onOpenTranscript(d.transcriptId)}>
                    Open
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Transcribe ${d.fileName} again`}
                    disabled={repeating[d.path] === true}
                    onClick={() => onTranscribeAgain([d.path])}
                  >
                    {repeating[d.path] ? 'Adding…' : 'Transcribe again'}
                  </button>
                </span>
              </li>
            ))}
          </ul>
          {pending.length > 1 ? (
            <button type="button" className="button button-small" onClick={() => onTranscribeAgain(pending.map((d) => d.path))}>
              Transcribe all {pending.length} again
            </button>
          ) : null}
        </div>
      ) : null}

      {batch.rejected.length > 0 ? <RefusalList items={batch.rejected} noun="file" announce /> : null}
      {batch.error ? <ErrorMessage error={batch.error} /> : null}

      <div className="batch-actions">
        {started ? (
          <button type="button" className="button" onClick={onDiscard}>
            Close
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button-primary"
              disabled={inspecting || starting || summary.count === 0 || optionsBlocked}
              aria-describedby={optionsBlocked ? `${id}-blocked` : undefined}
              onClick={onStart}
            >
              {starting ? 'Starting…' : 'Start'}
            </button>
            <button type="button" className="button" disabled={starting} onClick={onDiscard}>
              Discard
            </button>
            {optionsBlocked ? (
              <p className="field-problem" id={`${id}-blocked`}>
                Change the options above first: some of them cannot be used together.
              </p>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}
