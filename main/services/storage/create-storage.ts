import { isTerminal } from '../../../common/domain';
import type { StorageMoveProgress } from '../../../common/storage';
import type { TranscriptionQueue } from '../jobs/transcription-queue';
import type { EditStore } from '../library/edit-store';
import type { LibrarySearch } from '../library/library-search';
import type { TranscriptStore } from '../library/transcript-store';
import type { Logger } from '../logging/logger';
import type { RecordingService } from '../recordings/recording-service';
import { SourceCopies } from './source-copies';
import type { SourceCopiesDeps } from './source-copies';
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
export function createStorage(deps: {
  dataDir: string;
  defaultDir: string;
  logger: Logger;
  onNotCopied?: SourceCopiesDeps['onNotCopied'];
}): {
  sources: SourceCopies;
  handlers: (wiring: StorageWiring) => StorageHandlers;
  guard: <H extends object>(handlers: H) => H;
} {
  let service: StorageService | undefined;
  const settings = new StorageSettingsStore(deps.dataDir);
  const sources = new SourceCopies({
    dataDir: deps.dataDir,
    keepSourceCopies: () => settings.keepSourceCopies(),
    logger: deps.logger,
    ...(deps.onNotCopied ? { onNotCopied: deps.onNotCopied } : {}),
  });
  const handlers = (wiring: StorageWiring): StorageHandlers => {
    const { transcripts, queue, recordings, editStore, librarySearch } = wiring;
    const storage = (service = new StorageService({
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
    }));
    return storageHandlers({ storage, transcripts, ...(wiring.chooseFolder ? { chooseFolder: wiring.chooseFolder } : {}) });
  };
  /** Wraps the channels that start new work so they refuse it while the data folder moves (it would be left behind). */
  const guard = <H extends object>(all: H): H => {
    const wrapped: Record<string, unknown> = { ...(all as Record<string, unknown>) };
    for (const channel of startsNewWork) {
      const inner = (all as Record<string, unknown>)[channel];
      if (typeof inner !== 'function') continue;
      wrapped[channel] = async (...args: unknown[]): Promise<unknown> => {
        service?.assertNotMoving();
        return (inner as (...a: unknown[]) => Promise<unknown>)(...args);
      };
    }
    return wrapped as H;
  };
  return { sources, handlers, guard };
}

/** Channels that write new data into the data folder: refused during a move. */
const startsNewWork = ['transcribe.start', 'transcribe.startUrls', 'jobs.retry', 'jobs.saveAgain', 'recording.start', 'recordings.transcribe'] as const;
