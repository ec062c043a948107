import { isTerminal } from '../../../common/domain';
import type { StorageMoveProgress } from '../../../common/storage';
import type { TranscriptionQueue } from '../jobs/transcription-queue';
import type { EditStore } from '../library/edit-store';
import type { LibrarySearch } from '../library/library-search';
import type { TranscriptStore } from '../library/transcript-store';
import type { Logger } from '../logging/logger';
import type { RecordingService } from '../recordings/recording-service';
import { SourceCopies } from './source-copies';
import { storageHandlers } from './storage-handlers';
import type { StorageHandlers } from './storage-handlers';
import { StorageService } from './storage-service';
import { StorageSettingsStore } from './storage-settings-store';

/** The services a move must see idle, flush, and stop; built after storage itself. */
export interface StorageWiring {
  transcripts: Pick<TranscriptStore, 'anchorOwnedMedia' | 'deleteOptions'>;
  queue: Pick<TranscriptionQueue, 'list' | 'suspend'>;
  recordings: Pick<RecordingService, 'current'>;
  editStore: Pick<EditStore, 'flush'>;
  librarySearch: Pick<LibrarySearch, 'close'>;
  onProgress: (progress: StorageMoveProgress) => void;
  /** Restarts the app on the new folder (Electron: `app.relaunch(); app.exit()`). */
  restart?: () => void;
  /** The platform's folder dialog. */
  chooseFolder?: () => Promise<string | null>;
}

/**
 * Storage in two steps, because the transcript store needs the kept-copies policy before the
 * services a move depends on exist: `sources` first, then `handlers(wiring)` once they do.
 */
export function createStorage(deps: { dataDir: string; defaultDir: string; logger: Logger }): {
  sources: SourceCopies;
  handlers: (wiring: StorageWiring) => StorageHandlers;
} {
  const settings = new StorageSettingsStore(deps.dataDir);
  const sources = new SourceCopies({ dataDir: deps.dataDir, keepSourceCopies: () => settings.keepSourceCopies(), logger: deps.logger });
  const handlers = (wiring: StorageWiring): StorageHandlers => {
    const { transcripts, queue, recordings, editStore, librarySearch } = wiring;
    const storage = new StorageService({
      dataDir: deps.dataDir,
      defaultDir: deps.defaultDir,
      settings,
      busy: () =>
        recordings.current()
          ? 'A recording is running. Stop it, then move the data folder.'
          : queue.list().some((job) => !isTerminal(job.state))
            ? 'Transcriptions are running or waiting. Let them finish or cancel them, then move the data folder.'
            : null,
      prepare: async () => {
        await editStore.flush();
        await transcripts.anchorOwnedMedia();
      },
      retire: async () => {
        await queue.suspend();
        await editStore.flush();
        librarySearch.close();
      },
      onProgress: wiring.onProgress,
      ...(wiring.restart ? { restart: wiring.restart } : {}),
    });
    return storageHandlers({ storage, transcripts, ...(wiring.chooseFolder ? { chooseFolder: wiring.chooseFolder } : {}) });
  };
  return { sources, handlers };
}
