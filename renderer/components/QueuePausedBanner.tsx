import type { ReactElement } from 'react';
import type { QueueStatus } from '../../common/domain';
import type { AppErrorValue } from '../../common/errors';
import { PauseIcon } from './icons';

export interface QueuePausedBannerProps {
  paused: NonNullable<QueueStatus['paused']>;
  resuming: boolean;
  /** Why the last Resume did not work. */
  error: AppErrorValue | null;
  onResume: () => void;
}

const titles: Record<NonNullable<QueueStatus['paused']>['reason'], string> = {
  auth: 'Transcriptions are paused: Deepgram refused the key',
  payment: 'Transcriptions are paused: the Deepgram project needs credit',
  offline: 'Transcriptions are paused: Deepgram cannot be reached',
};

const ways: Record<NonNullable<QueueStatus['paused']>['reason'], string> = {
  auth: 'Fix the key in Settings, then resume. Waiting files keep their place.',
  payment: 'Add credit or a payment method in the Deepgram console, then resume. Waiting files keep their place.',
  offline: 'They start again by themselves when the connection is back, or resume now.',
};

/** Why the whole queue stopped starting jobs, and the way to start it again. */
export function QueuePausedBanner({ paused, resuming, error, onResume }: QueuePausedBannerProps): ReactElement {
  return (
    <div className={`queue-paused queue-paused-${paused.reason}`} role="alert">
      <span className="queue-paused-icon">
        <PauseIcon />
      </span>
      <div className="queue-paused-body">
        <p className="queue-paused-title">{titles[paused.reason]}</p>
        <p className="queue-paused-message">{paused.message}</p>
        <p className="queue-paused-way">{ways[paused.reason]}</p>
        {error ? <p className="queue-paused-error">Could not resume: {error.message}</p> : null}
      </div>
      <button type="button" className="button button-small" disabled={resuming} onClick={onResume}>
        {resuming ? 'Resuming…' : 'Resume'}
      </button>
    </div>
  );
}
