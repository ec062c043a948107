import { useState, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import type { ExportFormat, ExportOptions } from '../../common/transcript/export-formats';
import { ExportDialog } from '../components/ExportDialog';
import { app } from '../ipc/app-client';
import { useTranscriptsStore } from '../stores/transcripts-store';
import { useViewStore } from '../stores/view-store';

/** The formats that are text a person can paste. */
function isCopyable(format: ExportFormat): format is 'txt' | 'md' | 'srt' | 'vtt' {
  return format === 'txt' || format === 'md' || format === 'srt' || format === 'vtt';
}

/** The export dialog over the open transcript: main writes the file where the user chooses. */
export function ExportSection(): ReactElement | null {
  const open = useViewStore((s) => s.exportOpen);
  const many = useViewStore((s) => s.exportMany);
  const close = useViewStore((s) => s.closeExport);
  const showNotice = useViewStore((s) => s.showNotice);
  const document = useTranscriptsStore((s) => s.selected);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorValue | null>(null);
  if (many) return <ExportManySection ids={many} />;
  if (!open || !document) return null;

  const save = async (format: ExportFormat, options: ExportOptions): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await app.transcripts.export({ id: document.summary.id, format, options });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    if (result.value === null) return;
    close();
    showNotice(`Saved ${result.value.fileName}.`);
  };

  const copy = async (format: ExportFormat, options: ExportOptions): Promise<void> => {
    if (!isCopyable(format)) return;
    // Main renders it, with the corrections and speaker names, as a saved export would be.
    const text = await app.transcripts.exportText({ id: document.summary.id, format, options });
    if (!text.ok) {
      setError(text.error);
      return;
    }
    try {
      await navigator.clipboard.writeText(text.value);
      close();
      showNotice('Copied to the clipboard.');
    } catch {
      setError({ code: 'UNSUPPORTED', message: 'The clipboard could not be written. Save the export to a file instead.' });
    }
  };

  return (
    <ExportDialog
      title={document.summary.title}
      busy={busy}
      error={error}
      onExport={(format, options) => void save(format, options)}
      onCopy={(format, options) => void copy(format, options)}
      onClose={() => {
        setError(null);
        close();
      }}
    />
  );
}

/** Export several transcripts in one format into a folder the user chooses; names never clash. */
function ExportManySection({ ids }: { ids: string[] }): ReactElement {
  const close = useViewStore((s) => s.closeExport);
  const showNotice = useViewStore((s) => s.showNotice);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorValue | null>(null);
  const save = async (format: ExportFormat, options: ExportOptions): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await app.transcripts.exportMany({ ids, formats: [format], options });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    if (result.value.length === 0) return;
    close();
    showNotice(`Saved ${result.value.length} ${result.value.length === 1 ? 'file' : 'files'} in the folder you chose.`);
  };
  return (
    <ExportDialog
      title={`${ids.length} ${ids.length === 1 ? 'transcript' : 'transcripts'}`}
      busy={busy}
      error={error}
      onExport={(format, options) => void save(format, options)}
      onClose={() => {
        setError(null);
        close();
      }}
    />
  );
}
