import { join } from 'node:path';
import { idSchema } from '../../../common/domain';
import { AppError } from '../../../common/errors';
import { liveDraftSchema } from '../../../common/live';
import type { LiveDraft } from '../../../common/live';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

/** Live drafts on disk: `<dataDir>/live/<recordingId>.json`, written atomically, one writer at a time per file. */
export class LiveDraftStore {
  private readonly writes = new Map<string, Promise<void>>();

  constructor(private readonly dataDir: string) {}

  private path(recordingId: string): string {
    // Ids come through the contract already; this keeps a bad one from naming another folder.
    if (!idSchema.safeParse(recordingId).success) throw new AppError('INVALID_ARGUMENT', 'This is not a recording id.');
    return join(this.dataDir, 'live', `${recordingId}.json`);
  }

  /** The saved draft, or null when there is none. */
  async read(recordingId: string): Promise<LiveDraft | null> {
    await this.writes.get(recordingId);
    const value = await readJsonFile(this.path(recordingId));
    if (value === undefined) return null;
    const parsed = liveDraftSchema.safeParse(value);
    if (!parsed.success) throw new AppError('INTERNAL', 'The live draft of this recording is damaged and cannot be read.');
    return parsed.data;
  }

  /** Saves the draft after any write already under way for the same recording. */
  write(draft: LiveDraft): Promise<void> {
    const path = this.path(draft.recordingId);
    const text = JSON.stringify(draft);
    const previous = this.writes.get(draft.recordingId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => writeFileAtomic(path, text));
    this.writes.set(draft.recordingId, next);
    void next.finally(() => {
      if (this.writes.get(draft.recordingId) === next) this.writes.delete(draft.recordingId);
    }).catch(() => undefined);
    return next;
  }
}
