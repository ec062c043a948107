import type { Handlers } from './ipc/handle';
import type { DeepgramGateway } from './services/deepgram/deepgram-gateway';
import type { EventSink } from './services/events';
import { TranscriptionQueue } from './services/jobs/transcription-queue';
import { KeyService } from './services/keys/key-service';
import type { SecretStore } from './services/keys/secret-store';
import { TranscriptStore } from './services/library/transcript-store';
import type { Logger, SecretRedactor } from './services/logging/logger';
import { PreferencesStore } from './services/settings/preferences-store';
import { SettingsStore } from './services/settings/settings-store';
import { OpenedFilesInbox } from './services/shell/opened-files';

/** What differs between the Electron app and the web host; everything else is built here. */
export interface ServiceDeps {
  dataDir: string;
  defaultBaseUrl: string;
  secrets: SecretStore;
  deepgram: DeepgramGateway;
  events: EventSink;
  logger: Logger;
  redactor: SecretRedactor;
  /** Opens the platform's file dialog; resolves to the chosen paths. */
  pickFiles: () => Promise<string[]>;
}

export interface Services {
  keys: KeyService;
  queue: TranscriptionQueue;
  transcripts: TranscriptStore;
  preferences: PreferencesStore;
  openedFiles: OpenedFilesInbox;
  handlers: Handlers;
}

/** Builds main's services and the IPC handlers over them. */
export function composeServices(deps: ServiceDeps): Services {
  const settings = new SettingsStore(deps.dataDir);
  const keys = new KeyService({
    secrets: deps.secrets,
    settings,
    deepgram: deps.deepgram,
    redactor: deps.redactor,
    logger: deps.logger,
    defaultBaseUrl: deps.defaultBaseUrl,
  });
  const transcripts = new TranscriptStore(deps.dataDir);
  const queue = new TranscriptionQueue({ deepgram: deps.deepgram, keys, transcripts, events: deps.events, logger: deps.logger });
  const preferences = new PreferencesStore(deps.dataDir);
  preferences.onChange((prefs) => deps.events.emit('prefs.updated', prefs));
  const openedFiles = new OpenedFilesInbox();
  openedFiles.onAdded((count) => deps.events.emit('shell.filesOpened', { count }));
  const handlers: Handlers = {
    'keys.status': () => keys.status(),
    'keys.set': (input) => keys.set(input),
    'keys.remove': () => keys.remove(),
    'files.pick': () => deps.pickFiles(),
    'transcribe.start': ({ paths, options }) => queue.start(paths, options),
    'transcribe.cancel': async ({ jobId }) => queue.cancel(jobId),
    'jobs.list': async () => queue.list(),
    'transcripts.list': () => transcripts.list(),
    'transcripts.get': ({ id }) => transcripts.get(id),
    'prefs.get': () => preferences.get(),
    'prefs.set': (change) => preferences.set(change),
    'shell.takeOpenedFiles': async () => openedFiles.take(),
    'log.rendererError': async ({ message, stack, source }) => {
      deps.logger.error(`Renderer error${source ? ` in ${source}` : ''}: ${message}${stack ? `\n${stack}` : ''}`);
      return null;
    },
  };
  return { keys, queue, transcripts, preferences, openedFiles, handlers };
}
