import type { ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import type { RecordingSummary } from '../../common/recording';
import { formatDateTime } from '../lib/format';
import { formatElapsed } from './RecordingPanel';

export interface RecoveredRecordingsProps {
  recovered: RecordingSummary[];
  unrecoverable: { id: string; error: AppErrorValue }[];
  onTranscribe: (id: string) => void;
  onDismiss: (id: string) => void;
}

/** Recordings a crash or power loss interrupted, finished from what was on disk: offered for transcription. */
export function RecoveredRecordings({ recovered, unrecoverable, onTranscribe, onDismiss }: RecoveredRecordingsProps): ReactElement | null {
  if (recovered.length === 0 && unrecoverable.length === 0) return null;
  return (
    <section className="recovered" aria-label="Recovered recordings">
      {recovered.map((r) => (
        <div key={r.id} className="recovered-item" role="status">
          <p>
            A recording from {formatDateTime(r.startedAt)} was interrupted. Everything on disk was saved: {formatElapsed(r.durationSec * 1000)}.
          </p>
          <div className="form-actions">
            <button type="button" className="button button-primary button-small" onClick={() => onTranscribe(r.id)}>
              Transcribe it
            </button>
            <button type="button" className="button button-small" onClick={() => onDismiss(r.id)}>
              Not now
            </button>
          </div>
        </div>
      ))}
      {unrecoverable.map((f) => (
        <p key={f.id} className="recording-warning" role="alert">
          An interrupted recording could not be finished yet: {f.error.message}
        </p>
      ))}
    </section>
  );
}
