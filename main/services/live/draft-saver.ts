import type { LiveDraft } from '../../../common/live';
import type { RecordingClock } from '../recordings/recording-writer';
import type { Logger } from '../logging/logger';
import type { LiveDraftStore } from './live-draft-store';

/** Saves a changing draft at most every `delayMs`, and at once when asked; a failed save is logged, never thrown. */
export class DraftSaver {
  private cancel: (() => void) | undefined;

  constructor(
    private readonly current: () => LiveDraft,
    private readonly deps: { store: LiveDraftStore; clock: RecordingClock; logger: Logger; delayMs: number },
  ) {}

  /** The draft changed: save it within the delay. */
  changed(): void {
    if (this.cancel) return;
    this.cancel = this.deps.clock.setTimeout(() => {
      this.cancel = undefined;
      void this.save();
    }, this.deps.delayMs);
  }

  /** Saves now (on stop, rename, failure). */
  now(): Promise<void> {
    this.cancel?.();
    this.cancel = undefined;
    return this.save();
  }

  private async save(): Promise<void> {
    try {
      await this.deps.store.write(this.current());
    } catch (error) {
      this.deps.logger.warn('Live captions: the draft could not be saved', error);
    }
  }
}
