import type { Handlers } from './ipc/handle';
import type { DeepgramGateway } from './services/deepgram/deepgram-gateway';
import type { EventSink } from './services/events';
import { createTranscriptionQueue } from './services/jobs/create-queue';
import type { TranscriptionQueue, TranscriptionQueueDeps } from './services/jobs/transcription-queue';
import { builtInCatalog, ModelCatalogService } from './services/deepgram/model-catalog';
import { TranscriptionSettingsStore } from './services/settings/transcription-settings-store';
import { defaultRegionUrls } from '../common/profiles';
import type { KeychainStatus, RegionUrls } from '../common/profiles';
import { globalDeepgramUrl, ManagementClient } from './services/deepgram/management-client';
import { ProfileSecrets } from './services/keys/keychain';
import { ProfileService } from './services/keys/profile-service';
import { ProfileStore } from './services/keys/profile-store';
import type { SecretStore } from './services/keys/secret-store';
import { TranscriptStore } from './services/library/transcript-store';
import type { Logger, SecretRedactor } from './services/logging/logger';
import { PreferencesStore } from './services/settings/preferences-store';
import { AppError } from '../common/errors';
import { OpenedFilesInbox } from './services/shell/opened-files';
import { recordingHandlers, toRecordingEventMessage } from './services/recordings/recording-handlers';
import { RecordingService } from './services/recordings/recording-service';
import { ExportService } from './services/export/export-service';
import { EditStore } from './services/library/edit-store';
import { MediaSource } from './services/library/media-source';
import { recentResponses } from './services/library/response-cache';
import { editedExportSource, editedSearchSource, editRevision, forTheWindow } from './services/library/edited-sources';
import { TranscriptEditService } from './services/library/transcript-edits';
import { SourceCache } from './services/library/source-cache';
import { LibrarySearch } from './services/library/library-search';
import { revealHandlers, revealUnsupported } from './services/library/reveal-handlers';
import { exportFileTypes } from '../common/transcript/export-formats';
import { readInsights } from '../common/transcript/insights';
import type { ExportFormat } from '../common/transcript/export-formats';
import type { TranscriptSummary } from '../common/domain';
import { carriedNames } from './services/live/final-pass-names';
import { LiveCaptionService } from './services/live/live-caption-service';
import type { LiveTuning } from './services/live/live-caption-service';
import { createStorage } from './services/storage/create-storage';

/** Deepgram's hosts, or one server standing in for all of them (the test double, a self-hosted setup under test). */
export function deepgramHosts(standIn?: string): Pick<ServiceDeps, 'regions' | 'globalBaseUrl'> {
  if (!standIn) return { regions: defaultRegionUrls, globalBaseUrl: globalDeepgramUrl };
  return { regions: { us: standIn, eu: standIn }, globalBaseUrl: standIn };
}

/** What differs between the Electron app and the web host; everything else is built here. */
export interface ServiceDeps {
  dataDir: string;
  /** What the `us` and `eu` endpoints stand for; Deepgram's hosts in the app, the test double in tests. */
  regions: RegionUrls;
  /** The host that serves management routes (projects, keys, usage): Deepgram's global host in the app. */
  globalBaseUrl: string;
  /** The OS keychain. */
  secrets: SecretStore;
  /** Whether `secrets` works here; a session-only key is offered when it does not. */
  keychainProbe: () => Promise<KeychainStatus>;
  deepgram: DeepgramGateway;
  events: EventSink;
  logger: Logger;
  redactor: SecretRedactor;
  /** Opens the platform's file dialog; resolves to the chosen paths. */
  pickFiles: () => Promise<string[]>;
  /** Shorter timeouts and retry waits for tests; the defaults otherwise. */
  queueTuning?: Pick<TranscriptionQueueDeps, 'timeouts' | 'retryPolicy' | 'probeIntervalMs' | 'random'>;
  /** Shorter live-caption waits and backoff for tests. */
  liveTuning?: Partial<LiveTuning>;
  /** The OS's microphone permission and privacy settings; the web host has neither. */
  mediaAccess?: {
    microphone(): Promise<'granted' | 'denied' | 'not-needed'>;
    openSettings(pane: 'microphone' | 'system-audio'): Promise<boolean>;
  };
  /** Where to save one export (native save dialog); null when the user cancels. */
  chooseSavePath?: (defaultName: string, format: ExportFormat, extension: string) => Promise<string | null>;
  /** Where to export several transcripts (native folder dialog); null when the user cancels. */
  chooseExportFolder?: () => Promise<string | null>;
  /** Told whether a recording runs: the tray, the power-save blocker and the updater follow it. */
  recordingIndicator?: { set(recording: boolean): void };
  /** Shows a file selected in the OS file manager (Electron's `shell.showItemInFolder`); absent where there is none. */
  revealInFolder?: (path: string) => void;
  /** The default app-data folder, which holds the file saying where the data lives; `dataDir` when absent. */
  defaultDataDir?: string;
  /** Native folder dialog for a new data folder; null when canceled. */
  chooseDataFolder?: () => Promise<string | null>;
  /** Restarts the app after the data folder moved (`app.relaunch(); app.exit()`); absent in the web host. */
  restartApp?: () => void;
}

export interface Services {
  keys: ProfileService;
  queue: TranscriptionQueue;
  transcripts: TranscriptStore;
  /** Transcripts' source files for the media routes of app:// and the web host. */
  media: MediaSource;
  preferences: PreferencesStore;
  openedFiles: OpenedFilesInbox;
  transcriptionSettings: TranscriptionSettingsStore;
  recordings: RecordingService;
  /** Live captions of running recordings: stop them at quit, reconnect after sleep. */
  live: LiveCaptionService;
  librarySearch: LibrarySearch;
  /** Edits waiting for their debounced write: flush before quitting. */
  editStore: EditStore;
  handlers: Handlers;
  /** Loads what must be on screen at start (the saved queue); call before opening the window. */
  start(): Promise<void>;
}

/** Longest wait after start before the library index is checked when no window has asked for the library. */
const indexCheckDelayMs = 3000;

/** Builds main's services and the IPC handlers over them. */
export function composeServices(deps: ServiceDeps): Services {
  const keys = new ProfileService({
    store: new ProfileStore(deps.dataDir, { logger: deps.logger }),
    secrets: new ProfileSecrets({ keychain: deps.secrets, probe: deps.keychainProbe }),
    management: new ManagementClient({ globalBaseUrl: deps.globalBaseUrl }),
    redactor: deps.redactor,
    logger: deps.logger,
    regions: deps.regions,
  });
  const storage = createStorage({
    dataDir: deps.dataDir,
    defaultDir: deps.defaultDataDir ?? deps.dataDir,
    logger: deps.logger,
    onNotCopied: (notice) => deps.events.emit('storage.copyFailed', notice),
  });
  const transcripts = new TranscriptStore(deps.dataDir, undefined, { sources: storage.sources });
  const media = new MediaSource(transcripts);
  const editStore = new EditStore(deps.dataDir, {
    onWriteError: (id, error) => {
      deps.logger.error(`Edits of transcript ${id} not saved`, error);
      deps.events.emit('edits.saveFailed', { id, error: error.toValue() });
    },
  });
  const responses = recentResponses(transcripts);
  const sourceCache = new SourceCache(deps.dataDir, (id) => transcripts.responseFile(id));
  const edits = new TranscriptEditService(responses, editStore, { sources: sourceCache });
  const editedView = { edited: (id: string) => edits.edited(id), revision: async (id: string) => editRevision((await editStore.load(id)).layer) };
  const librarySearch = new LibrarySearch({
    dataDir: deps.dataDir,
    source: editedSearchSource(transcripts, editedView),
    logger: deps.logger,
    onChecked: (report) => deps.events.emit('library.indexChecked', { damaged: report.failed }),
  });
  // Every transcript the queue saves is indexed as its event goes out.
  const queueEvents = librarySearch.watching(deps.events);
  // The final pass of a recording takes the names given to its live draft before the window opens it.
  const carryLiveNames = async (summary: TranscriptSummary): Promise<void> => {
    const source = (await transcripts.mediaFile(summary.id))?.media;
    const recording = source ? await recordings.byAudioPath(source.path) : undefined;
    if (!recording) return;
    const draft = await live.finalPass(recording.id, summary.id);
    if (!draft) return;
    for (const op of carriedNames(draft, await edits.edited(summary.id))) await edits.apply(summary.id, op);
    deps.events.emit('live.status', { recordingId: recording.id, state: 'ended', behindSec: 0, gaps: draft.gaps, finalTranscriptId: summary.id });
  };
  const queue = createTranscriptionQueue({
    dataDir: deps.dataDir,
    deepgram: deps.deepgram,
    keys,
    transcripts,
    events: queueEvents,
    logger: deps.logger,
    afterSave: carryLiveNames,
    ...deps.queueTuning,
  });
  const exports = new ExportService(editedExportSource(transcripts, editedView));
  const windowResult = <R extends { patch: Parameters<typeof forTheWindow>[0] }>(result: R): R => ({ ...result, patch: forTheWindow(result.patch) });
  /** Every edit is saved (debounced) and the library index follows it. */
  const edited = async <T>(id: string, run: Promise<T>): Promise<T> => {
    const result = await run;
    void librarySearch.indexTranscript(id);
    return result;
  };
  const transcriptionSettings = new TranscriptionSettingsStore(deps.dataDir);
  transcriptionSettings.onChange((settings) => {
    queue.setConcurrency(settings.concurrency);
    deps.events.emit('transcription.settingsUpdated', settings);
  });
  const models = new ModelCatalogService({ logger: deps.logger });
  const preferences = new PreferencesStore(deps.dataDir);
  preferences.onChange((prefs) => deps.events.emit('prefs.updated', prefs));
  keys.onChange((status) => deps.events.emit('keys.updated', status));
  const recordings = new RecordingService({
    dataDir: deps.dataDir,
    logger: deps.logger,
    ...(deps.recordingIndicator ? { indicator: deps.recordingIndicator } : {}),
  });
  recordings.subscribe((event) => {
    const message = toRecordingEventMessage(event);
    (deps.events.emit as (event: string, payload: unknown) => void)(message.event, message.payload);
  });
  const live = new LiveCaptionService({ credentials: () => keys.credentials(), dataDir: deps.dataDir, logger: deps.logger, ...(deps.liveTuning ? { tuning: deps.liveTuning } : {}) });
  live.subscribe((event) => {
    if (event.event === 'live.caption') deps.events.emit('live.caption', event.payload);
    else deps.events.emit('live.status', event.payload);
  });
  // A recording that ended without the window (stopped by main, failed on a write) ends its stream too.
  recordings.subscribe((event) => {
    const id = event.type === 'finished' ? event.recording.id : event.type === 'failed' ? event.id : null;
    if (id !== null) live.stop(id).catch(() => undefined);
  });
  const openedFiles = new OpenedFilesInbox();
  openedFiles.onAdded((count) => deps.events.emit('shell.filesOpened', { count }));
  // While the data folder moves, nothing new may start writing to it.
  const handlers: Handlers = storage.guard({
    'keys.status': () => keys.status(),
    'keys.saveProfile': async (input) => {
      const result = await keys.save(input);
      if (queue.status().paused?.reason === 'auth') queue.resume();
      return result;
    },
    'keys.removeProfile': ({ profileId }) => keys.remove(profileId),
    'keys.activate': ({ profileId }) => keys.activate(profileId),
    'keys.check': ({ profileId }) => keys.check(profileId),
    'keys.recheckKeychain': () => keys.recheckKeychain(),
    'keys.usage': ({ profileId }) => keys.usage(profileId),
    'keys.adminProjects': ({ adminKey }) => keys.adminProjects(adminKey),
    'keys.createAppKey': (request) => keys.createAppKey(request),
    'keys.revokeAppKey': ({ profileId, adminKey }) => keys.revokeAppKey(profileId, adminKey),
    'files.pick': () => deps.pickFiles(),
    'files.inspect': async ({ paths }) => {
      const { files, rejected } = await queue.inspect(paths);
      return { files: files.map(({ path, fileName, sizeBytes, durationSec }) => ({ path, fileName, sizeBytes, durationSec })), rejected };
    },
    'transcribe.start': ({ paths, options, allowDuplicates }) => queue.start(paths, options, allowDuplicates),
    'transcribe.startUrls': ({ urls, options }) => queue.startUrls(urls, options),
    'transcribe.cancel': async ({ jobId }) => queue.cancel(jobId),
    'jobs.retry': async ({ jobId }) => queue.retry(jobId),
    'jobs.remove': async ({ jobId }) => {
      queue.remove(jobId);
      return null;
    },
    'jobs.clearFinished': async () => queue.clearFinished(),
    'jobs.saveAgain': ({ jobId }) => queue.saveAgain(jobId),
    'jobs.list': async () => queue.list(),
    'queue.status': async () => queue.status(),
    'queue.resume': async () => queue.resume(),
    'transcription.getSettings': () => transcriptionSettings.get(),
    'transcription.setSettings': (settings) => transcriptionSettings.set(settings),
    'models.list': async () => {
      const credentials = await keys.credentials().catch(() => undefined);
      return credentials ? models.list(credentials) : builtInCatalog();
    },
    'transcripts.list': () => transcripts.entries(),
    'transcripts.get': ({ id }) => transcripts.get(id),
    'prefs.get': () => preferences.get(),
    'prefs.set': (change) => preferences.set(change),
    'shell.takeOpenedFiles': async () => openedFiles.take(),
    'transcripts.export': async ({ id, format, options }) => {
      if (!deps.chooseSavePath) throw new AppError('UNSUPPORTED', 'Saving an export needs the desktop app.');
      const path = await deps.chooseSavePath(await exports.suggestFileName(id, format), format, exportFileTypes[format].extension);
      return path === null ? null : exports.exportToFile(id, format, options, path);
    },
    'transcripts.exportText': ({ id, format, options }) => exports.exportText(id, format, options),
    'transcripts.summary': ({ id }) => transcripts.summary(id),
    'transcripts.insights': async ({ id }) => readInsights((await responses.get(id)).response),
    'transcripts.exportMany': async ({ ids, formats, options }) => {
      if (!deps.chooseExportFolder) throw new AppError('UNSUPPORTED', 'Exporting to a folder needs the desktop app.');
      const folder = await deps.chooseExportFolder();
      return folder === null ? [] : exports.exportToFolder(ids, formats, options, folder);
    },
    'transcripts.media': ({ id }) => media.describe(id),
    'transcripts.rename': async ({ id, title }) => {
      const summary = await transcripts.rename(id, title);
      deps.events.emit('transcripts.added', summary);
      void librarySearch.indexTranscript(id);
      return summary;
    },
    'transcripts.delete': async ({ id, withAudio }) => {
      // Corrections still waiting for their write go with it, not after it.
      await editStore.flush().catch(() => undefined);
      await transcripts.moveToTrash(id, { withAudio });
      librarySearch.forgetTranscript(id);
      deps.events.emit('transcripts.removed', { ids: [id] });
      return null;
    },
    'transcripts.restore': async ({ id }) => {
      const summary = await transcripts.restore(id);
      deps.events.emit('transcripts.added', summary);
      void librarySearch.indexTranscript(id);
      return summary;
    },
    // The window asks once its list is shown: reading every entry file for damage also corrects the
    // list it was given from the saved one, through the usual added and removed events. Then the
    // search index is checked: both read every transcript, and neither should delay the list.
    'transcripts.damaged': async () => {
      const { damaged, changed, removed } = await transcripts.check();
      for (const summary of changed) deps.events.emit('transcripts.added', summary);
      if (removed.length > 0) deps.events.emit('transcripts.removed', { ids: removed });
      checkIndexSoon();
      return damaged;
    },
    ...revealHandlers(transcripts, deps.revealInFolder ?? revealUnsupported),
    'transcripts.removeDamaged': async ({ id }) => {
      await transcripts.removeDamaged(id);
      return null;
    },
    'transcripts.recordingMarks': async ({ id }) => {
      const source = (await transcripts.mediaFile(id))?.media;
      return source ? ((await recordings.byAudioPath(source.path))?.marks ?? []) : [];
    },
    'edits.get': async ({ id, paragraphs }) => {
      const session = await edits.get(id);
      if (!paragraphs) return { ...session, transcript: forTheWindow(session.transcript) };
      // The first screen first: the window asks for the rest once it has painted this.
      const all = session.transcript.paragraphs;
      const slice = { ...session.transcript, paragraphs: all.slice(paragraphs.from, paragraphs.from + paragraphs.count) };
      return { ...session, transcript: forTheWindow(slice), paragraphsTotal: all.length };
    },
    'edits.words': async ({ id, paragraphs }) => {
      const wanted = new Set(paragraphs);
      const all = (await edits.edited(id)).paragraphs.filter((p) => wanted.has(p.key));
      return all.map((p) => ({ key: p.key, words: p.words.map((w) => ({ text: w.text, start: w.start, end: w.end, ...(w.confidence === undefined ? {} : { confidence: w.confidence }) })) }));
    },
    'edits.apply': async ({ id, op }) => windowResult(await edited(id, edits.apply(id, op))),
    'edits.undo': async ({ id }) => windowResult(await edited(id, edits.undo(id))),
    'edits.redo': async ({ id }) => windowResult(await edited(id, edits.redo(id))),
    'library.search': async ({ query, ...options }) => librarySearch.search(query, options),
    'library.damaged': async () => librarySearch.damagedTranscripts(),
    ...recordingHandlers(recordings),
    'live.start': async (request) => {
      // Only the recording under way streams: a stray id cannot open (and bill) a stream.
      if (recordings.current()?.id !== request.recordingId) throw new AppError('NOT_FOUND', 'Live captions start with a recording, and this one is not running.');
      live.start(request);
      return null;
    },
    'live.frame': async ({ recordingId, seq, bytes }) => {
      live.frame(recordingId, seq, bytes);
      return null;
    },
    'live.stop': ({ recordingId }) => live.stop(recordingId),
    'live.draft': ({ recordingId }) => live.draft(recordingId),
    'live.rename': ({ recordingId, who, name }) => live.rename(recordingId, who, name),
    ...storage.handlers({
      transcripts,
      queue,
      recordings,
      editStore,
      librarySearch,
      onProgress: (progress) => deps.events.emit('storage.moveProgress', progress),
      ...(deps.restartApp ? { restart: deps.restartApp } : {}),
      ...(deps.chooseDataFolder ? { chooseFolder: deps.chooseDataFolder } : {}),
    }),
    'recording.prepare': async () => ({ microphone: deps.mediaAccess ? await deps.mediaAccess.microphone() : 'not-needed' }),
    'recording.openPrivacySettings': async ({ pane }) => (deps.mediaAccess ? deps.mediaAccess.openSettings(pane) : false),
    'recordings.transcribe': async ({ id, options }) => {
      const recording = (await recordings.list()).find((r) => r.id === id);
      if (!recording) throw new AppError('NOT_FOUND', 'That recording is no longer on this computer.');
      const multichannel = recording.channelLayout === 'two-channel';
      // Two channels already tell "You" from "Others": multichannel instead of guessing speakers.
      const path = await recordings.audioPath(id);
      const title = recording.title ?? `Recording ${recording.startedAt.slice(0, 16).replace('T', ' ')}`;
      const { jobs, rejected } = await queue.start([path], { ...options, multichannel, ...(multichannel ? { diarize: false } : {}) }, true, { [path]: `${title}.webm` });
      return { jobs, rejected };
    },
    'log.rendererError': async ({ message, stack, source }) => {
      deps.logger.error(`Renderer error${source ? ` in ${source}` : ''}: ${message}${stack ? `\n${stack}` : ''}`);
      return null;
    },
  });
  let indexChecked = false;
  const checkIndexSoon = (): void => {
    if (indexChecked) return;
    indexChecked = true;
    void librarySearch.check();
  };
  const start = async (): Promise<void> => {
    queue.setConcurrency((await transcriptionSettings.get()).concurrency);
    await queue.restore();
    await recordings.recoverUnfinished();
    await storage.sources.sweep().catch((error: unknown) => deps.logger.warn('Could not clear interrupted source copies', error));
    // What was deleted in the last run can no longer be undone.
    const emptied = await transcripts.emptyTrash().catch((error: unknown) => {
      deps.logger.warn('Could not empty the transcripts trash', error);
      return [];
    });
    await Promise.all(emptied.map((id) => sourceCache.remove(id).catch(() => undefined)));
    // The index catches up in the background (search says so meanwhile), once the window has its
    // library: both read every transcript, and the list is what the user waits for.
    indexChecked = false;
    setTimeout(checkIndexSoon, indexCheckDelayMs).unref();
  };
  return { keys, queue, transcripts, media, preferences, openedFiles, transcriptionSettings, recordings, live, librarySearch, editStore, handlers, start };
}
