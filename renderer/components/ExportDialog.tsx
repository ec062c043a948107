import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import { defaultExportOptions } from '../../common/transcript/export-formats';
import type { ExportFormat, ExportOptions } from '../../common/transcript/export-formats';
import { ErrorMessage } from './ErrorMessage';

const formatChoices: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'txt', label: 'Plain text', hint: '.txt' },
  { format: 'md', label: 'Markdown', hint: '.md, with the summary when there is one' },
  { format: 'docx', label: 'Word document', hint: '.docx' },
  { format: 'srt', label: 'SubRip subtitles', hint: '.srt' },
  { format: 'vtt', label: 'WebVTT captions', hint: '.vtt' },
  { format: 'json', label: 'Transcript as JSON', hint: '.json, with speakers and times' },
  { format: 'deepgram-json', label: 'Deepgram’s response', hint: '.deepgram.json, exactly as Deepgram answered' },
];

const captionFormats = new Set<ExportFormat>(['srt', 'vtt']);
const copyableFormats = new Set<ExportFormat>(['txt', 'md', 'srt', 'vtt']);

export interface ExportDialogProps {
  title: string;
  busy: boolean;
  error: AppErrorValue | null;
  onExport: (format: ExportFormat, options: ExportOptions) => void;
  /** Copies the transcript in a text format to the clipboard; absent when exporting several. */
  onCopy?: (format: ExportFormat, options: ExportOptions) => void;
  onClose: () => void;
}

/** Export the open transcript: the format, what to include, then save (native dialog) or copy. */
export function ExportDialog({ title, busy, error, onExport, onCopy, onClose }: ExportDialogProps): ReactElement {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormat>('txt');
  const [options, setOptions] = useState<ExportOptions>(defaultExportOptions);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  const captions = captionFormats.has(format);
  const json = format === 'json' || format === 'deepgram-json';

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onClose={() => {
        if (!dialogRef.current?.open) onClose();
      }}
    >
      <h2 id={`${id}-title`} className="dialog-title">
        Export “{title}”
      </h2>
      <fieldset className="endpoint-choices">
        <legend>Format</legend>
        {formatChoices.map((choice) => (
          <label key={choice.format} className="check">
            <input type="radio" name={`${id}-format`} checked={format === choice.format} onChange={() => setFormat(choice.format)} />
            {choice.label} <span className="muted">— {choice.hint}</span>
          </label>
        ))}
      </fieldset>
      {!json ? (
        <fieldset className="endpoint-choices">
          <legend>Include</legend>
          <label className="check">
            <input type="checkbox" checked={options.speakerLabels} onChange={(e) => setOptions({ ...options, speakerLabels: e.target.checked })} />
            Speaker names
          </label>
          {!captions ? (
            <label className="check">
              <input type="checkbox" checked={options.timestamps} onChange={(e) => setOptions({ ...options, timestamps: e.target.checked })} />
              Timestamps
            </label>
          ) : (
            <label className="field-inline">
              <span>Characters per line</span>
              <input
                type="number"
                min={10}
                max={200}
                value={options.maxLineLength}
                onChange={(e) => setOptions({ ...options, maxLineLength: Math.min(200, Math.max(10, Number(e.target.value) || 42)) })}
              />
            </label>
          )}
        </fieldset>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      <div className="dialog-footer form-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => onExport(format, options)}>
          {busy ? 'Saving…' : 'Save…'}
        </button>
        {onCopy && copyableFormats.has(format) ? (
          <button type="button" className="button" onClick={() => onCopy(format, options)}>
            Copy to clipboard
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
