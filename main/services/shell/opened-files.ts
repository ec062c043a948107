/**
 * Files the OS hands the app (double-click, command line, a second launch, the dock) wait here
 * until the window takes them, so none is lost while the window is still loading.
 */
export class OpenedFilesInbox {
  private pending: string[] = [];
  private readonly listeners = new Set<(count: number) => void>();

  /** Adds paths (duplicates of waiting ones are dropped) and tells listeners how many wait. */
  add(paths: readonly string[]): void {
    const fresh = paths.filter((path) => !this.pending.includes(path));
    if (fresh.length === 0) return;
    this.pending.push(...fresh);
    for (const listener of this.listeners) listener(this.pending.length);
  }

  /** Returns every waiting path and empties the inbox. */
  take(): string[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  onAdded(listener: (count: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
