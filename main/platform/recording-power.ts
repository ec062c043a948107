import type { PowerMonitor, PowerSaveBlocker } from 'electron';
import type { RecordingService } from '../services/recordings/recording-service';
import type { RecordingIndicator } from '../services/shell/recording-indicator';
import type { Logger } from '../services/logging/logger';

/** Keeps the system from suspending the app while a recording runs (the display may still sleep). */
export function keepAwakeWhileRecording(recording: Pick<RecordingIndicator, 'onChange'>, blocker: Pick<PowerSaveBlocker, 'start' | 'stop'>): () => void {
  let id: number | undefined;
  return recording.onChange((on) => {
    if (on && id === undefined) id = blocker.start('prevent-app-suspension');
    else if (!on && id !== undefined) {
      blocker.stop(id);
      id = undefined;
    }
  });
}

/**
 * After `graceMs`, ends a recording the window was asked to stop but did not (its page hung or
 * crashed): the gap is marked and what main already holds is finished and kept.
 */
export function stopRecordingIfStuck(recordings: Pick<RecordingService, 'current' | 'markGap' | 'stop'>, logger: Logger, graceMs: number): void {
  const asked = recordings.current()?.id;
  if (!asked) return;
  setTimeout(() => {
    if (recordings.current()?.id !== asked) return;
    logger.warn('The window did not stop the recording; main finishes it with what it holds');
    void recordings
      .markGap(asked, 'capture-error')
      .then(() => recordings.stop(asked))
      .catch((error: unknown) => logger.error('The recording could not be finished; it is recovered at the next start', error));
  }, graceMs).unref();
}

/** Marks the span a sleep took out of a running recording: capture stops while the system sleeps. */
export function markSleepGaps(power: Pick<PowerMonitor, 'on'>, recordings: Pick<RecordingService, 'current' | 'markGap'>, logger: Logger): void {
  power.on('resume', () => {
    const current = recordings.current();
    if (!current) return;
    void recordings.markGap(current.id, 'system-sleep').catch((error: unknown) => logger.warn('Could not mark the sleep in the recording', error));
  });
}
