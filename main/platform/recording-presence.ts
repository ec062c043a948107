import type { GlobalShortcut } from 'electron';
import type { Logger } from '../services/logging/logger';
import type { RecordingIndicator } from '../services/shell/recording-indicator';

/** The system-wide shortcut that starts or stops a recording from any app (a meeting is usually in another window). */
export const recordingShortcut = 'CommandOrControl+Alt+Shift+R';

export interface RecordingPresenceDeps {
  recording: Pick<RecordingIndicator, 'get' | 'onChange'>;
  globalShortcut: Pick<GlobalShortcut, 'register' | 'unregister'>;
  /** macOS's Dock icon; absent elsewhere, where the tray shows the state. */
  dock?: { setBadge(text: string): void };
  start: () => void;
  stop: () => void;
  logger: Logger;
}

/** Shows a running recording outside the window (Dock badge) and lets a global shortcut toggle it; returns the way to undo both. */
export function showRecordingOutside(deps: RecordingPresenceDeps): () => void {
  const registered = deps.globalShortcut.register(recordingShortcut, () => (deps.recording.get() ? deps.stop() : deps.start()));
  // Another app may own the combination; the menu's and tray's commands still work.
  if (!registered) deps.logger.warn(`The recording shortcut ${recordingShortcut} is taken by another app`);
  const off = deps.recording.onChange((on) => deps.dock?.setBadge(on ? 'REC' : ''));
  return () => {
    off();
    if (registered) deps.globalShortcut.unregister(recordingShortcut);
    deps.dock?.setBadge('');
  };
}
