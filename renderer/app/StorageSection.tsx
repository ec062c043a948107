import { useEffect, useId, useState, type FormEvent, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import type { StorageMoveProgress, StorageMoveResult, StorageStatus } from '../../common/storage';
import { ErrorMessage } from '../components/ErrorMessage';
import { app } from '../ipc/app-client';

const phaseLabels: Record<StorageMoveProgress['phase'], string> = {
  copying: 'Copying',
  verifying: 'Checking the copy',
  switching: 'Switching to the new folder',
  removing: 'Removing the old folder',
};

function percent(progress: StorageMoveProgress): number {
  return progress.bytesTotal > 0 ? Math.floor((progress.bytesDone / progress.bytesTotal) * 100) : 0;
}

/** Settings → Storage: where the data lives, copies or links for sources, and moving the folder safely. */
export function StorageSection(): ReactElement {
  const id = useId();
  const [status, setStatus] = useState<StorageStatus | null>(null);
  const [error, setError] = useState<AppErrorValue | null>(null);
  const [moving, setMoving] = useState(false);
  const [progress, setProgress] = useState<StorageMoveProgress | null>(null);
  const [result, setResult] = useState<StorageMoveResult | null>(null);
  /** Shown where there is no folder dialog (the browser host): the folder is typed instead. */
  const [typing, setTyping] = useState(false);
  const [typed, setTyped] = useState('');

  useEffect(() => {
    let live = true;
    void app.storage.status().then((answer) => {
      if (!live) return;
      if (answer.ok) setStatus(answer.value);
      else setError(answer.error);
    });
    const off = app.storage.onMoveProgress((next) => setProgress(next));
    return () => {
      live = false;
      off();
    };
  }, []);

  const setKeep = async (keep: boolean): Promise<void> => {
    // The box follows the click at once; a refused save puts it back and says why.
    setStatus((current) => (current ? { ...current, keepSourceCopies: keep } : current));
    const answer = await app.storage.setKeepSourceCopies({ keep });
    if (answer.ok) setStatus(answer.value);
    else {
      setStatus((current) => (current ? { ...current, keepSourceCopies: !keep } : current));
      setError(answer.error);
    }
  };

  const move = async (to: string): Promise<void> => {
    setError(null);
    setResult(null);
    setProgress(null);
    setMoving(true);
    const answer = await app.storage.move({ to });
    setMoving(false);
    if (answer.ok) {
      setResult(answer.value);
      setStatus((current) => (current ? { ...current, dataDir: answer.value.dataDir, moveBlocked: 'The data folder was moved; the app must start again to use it.' } : current));
    } else {
      setError(answer.error);
      setProgress(null);
    }
  };

  const choose = async (): Promise<void> => {
    setError(null);
    const answer = await app.storage.chooseFolder();
    if (answer.ok) {
      if (answer.value !== null) await move(answer.value);
    } else if (answer.error.code === 'UNSUPPORTED') {
      setTyping(true);
    } else {
      setError(answer.error);
    }
  };

  const submitTyped = (event: FormEvent): void => {
    event.preventDefault();
    if (typed.trim()) void move(typed.trim());
  };

  const blocked = status?.moveBlocked ?? null;
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Storage</h3>
      {status ? (
        <>
          <p>
            Data folder: <span className="mono selectable" data-testid="data-folder">{status.dataDir}</span>
          </p>
          <label className="check">
            <input type="checkbox" checked={status.keepSourceCopies} disabled={moving} onChange={(e) => void setKeep(e.target.checked)} aria-describedby={`${id}-keep-help`} />
            Keep a copy of source files
          </label>
          <p id={`${id}-keep-help`} className="field-hint">
            {status.keepSourceCopies
              ? 'Each file you transcribe is copied into the data folder, so it plays even if the original moves. Uses disk space.'
              : 'Transcripts link to your files where they are. If a file moves or is deleted, its transcript stays but cannot be played.'}
          </p>
          <div className="form-actions">
            <button type="button" className="button" disabled={moving || blocked !== null} onClick={() => void choose()} aria-describedby={blocked ? `${id}-blocked` : undefined}>
              Move…
            </button>
            {moving ? (
              <button type="button" className="button button-quiet" onClick={() => void app.storage.cancelMove()}>
                Stop moving
              </button>
            ) : null}
          </div>
          {blocked && !result ? (
            <p id={`${id}-blocked`} className="muted">
              {blocked}
            </p>
          ) : null}
          {typing && !result ? (
            <form onSubmit={submitTyped} className="field field-inline">
              <label htmlFor={`${id}-typed`}>New data folder</label>
              <input id={`${id}-typed`} type="text" value={typed} disabled={moving} spellCheck={false} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
              <button type="submit" className="button" disabled={moving || typed.trim() === ''}>
                Move here
              </button>
            </form>
          ) : null}
        </>
      ) : error ? null : (
        <p className="muted">Loading…</p>
      )}
      {moving && progress ? (
        <div>
          <label htmlFor={`${id}-progress`}>
            {phaseLabels[progress.phase]} — {percent(progress)}%
          </label>{' '}
          <progress id={`${id}-progress`} max={100} value={percent(progress)} />
        </div>
      ) : null}
      <p role="status" className="muted">
        {result
          ? `Moved ${result.files} files to ${result.dataDir}. ${result.restarting ? 'The app restarts now to use it.' : 'Start the app again to use it.'}`
          : ''}
      </p>
      {result?.leftBehind ? <ErrorMessage error={{ code: 'SAVE_FAILED', message: result.leftBehind }} /> : null}
      {error ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
    </section>
  );
}
