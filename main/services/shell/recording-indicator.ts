/**
 * Whether a recording is running, for the parts of the app that must not act during one or
 * show it outside the window (the tray, the updater). The recording service sets it.
 */
export class RecordingIndicator {
  private recording = false;
  private readonly listeners = new Set<(recording: boolean) => void>();

  /** True while a recording is running. */
  get(): boolean {
    return this.recording;
  }

  /** Records the new state; listeners hear only actual changes. */
  set(recording: boolean): void {
    if (recording === this.recording) return;
    this.recording = recording;
    for (const listener of [...this.listeners]) listener(recording);
  }

  /** Calls `listener` on every change; returns the way to stop. */
  onChange(listener: (recording: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
