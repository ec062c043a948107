import { z } from 'zod';
import {
  duplicateFileSchema,
  idSchema,
  jobSchema,
  queueStatusSchema,
  preferencesSchema,
  rejectedFileSchema,
  rendererErrorSchema,
  shellCommandSchema,
  transcribeOptionsSchema,
  transcriptSummarySchema,
  libraryEntrySchema,
} from './domain';
import { listenResponseSchema } from './deepgram-response';
import { modelCatalogSchema, transcriptionSettingsSchema } from './presets';
import { liveEventContract, liveInvokeContract } from './live';
import { recordingEventContract, recordingInvokeContract, recordingMarkSchema } from './recording';
import { libraryActionsInvokeContract } from './library-actions';
import { transcriptMediaSchema } from './transcript-media';
import { storageEventContract, storageInvokeContract } from './storage';
import { insightsSchema } from './transcript/insights';
import { searchOptionsSchema, searchQuerySchema, searchResultSchema } from './search/search-schemas';
import { transcriptEditChannels, transcriptEditEvents } from './transcript/edit-contract';
import { exportFormatSchema, exportOptionsSchema } from './transcript/export-formats';
import {
  appKeyRequestSchema,
  keysStatusSchema,
  profileInputSchema,
  profileSaveResultSchema,
  projectSummarySchema,
  usageReportSchema,
} from './profiles';

const filePathSchema = z.string().min(1).max(4096);

/** A file an export wrote: where, so the user can find it. */
const writtenFileSchema = z.object({ path: z.string().max(4096), fileName: z.string().max(1024) });

const damagedEntrySchema = z.object({ id: z.string().max(200), message: z.string().max(500) });

const inspectedFileSchema = z.object({
  path: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  durationSec: z.number().nullable(),
});

/**
 * Every request the renderer can make of main: channel name -> argument tuple and result.
 * The channel name `ns.method` is also where the method lives on `window.app`.
 */
export const invokeContract = {
  /** Profiles, which one is active, and whether a keychain works; never a key. */
  'keys.status': { args: z.tuple([]), result: keysStatusSchema },
  /** Create or change a profile; a new key is validated first, then stored with the settings (both or neither). */
  'keys.saveProfile': { args: z.tuple([profileInputSchema]), result: profileSaveResultSchema },
  /** Delete a profile and its key from the keychain. */
  'keys.removeProfile': { args: z.tuple([z.object({ profileId: idSchema })]), result: keysStatusSchema },
  /** Make a profile the one new requests use. */
  'keys.activate': { args: z.tuple([z.object({ profileId: idSchema })]), result: keysStatusSchema },
  /** Validate a profile's key again and record what the check showed. */
  'keys.check': { args: z.tuple([z.object({ profileId: idSchema })]), result: keysStatusSchema },
  /** Probe the keychain again (after the user installed or unlocked one). */
  'keys.recheckKeychain': { args: z.tuple([]), result: keysStatusSchema },
  /** This month's requests and hours for a profile's project, by tag and balance where the role allows. */
  'keys.usage': { args: z.tuple([z.object({ profileId: idSchema })]), result: usageReportSchema },
  /** Projects an Owner/Admin/Member key can reach; the key is used for this call only. */
  'keys.adminProjects': { args: z.tuple([z.object({ adminKey: z.string().trim().min(1).max(2000) })]), result: z.array(projectSummarySchema) },
  /** Mint a least-privilege key for this app from an admin key, and store only the new key in a new profile. */
  'keys.createAppKey': { args: z.tuple([appKeyRequestSchema]), result: profileSaveResultSchema },
  /** Delete a profile's app-made key in Deepgram with a capable key, then forget it here. */
  'keys.revokeAppKey': {
    args: z.tuple([z.object({ profileId: idSchema, adminKey: z.string().trim().min(1).max(2000) })]),
    result: keysStatusSchema,
  },
  /** Native open dialog for audio and video files; resolves to the chosen paths. */
  'files.pick': { args: z.tuple([]), result: z.array(z.string()) },
  /** Pre-flight without queueing: folders expanded, each file checked, durations read from the container. */
  'files.inspect': {
    args: z.tuple([z.object({ paths: z.array(filePathSchema).min(1).max(1000) })]),
    result: z.object({ files: z.array(inspectedFileSchema), rejected: z.array(rejectedFileSchema) }),
  },
  /**
   * Check the files (folders are walked) and queue the good ones. A file already transcribed with the
   * same options is not queued but listed in `duplicates`, unless `allowDuplicates`.
   */
  'transcribe.start': {
    args: z.tuple([
      z.object({
        paths: z.array(filePathSchema).min(1).max(1000),
        options: transcribeOptionsSchema,
        allowDuplicates: z.boolean().default(false),
      }),
    ]),
    result: z.object({ jobs: z.array(jobSchema), rejected: z.array(rejectedFileSchema), duplicates: z.array(duplicateFileSchema) }),
  },
  /** Queue `https://` links for Deepgram to fetch; anything else is refused with the reason. */
  'transcribe.startUrls': {
    args: z.tuple([z.object({ urls: z.array(z.string().trim().min(1).max(4096)).min(1).max(100), options: transcribeOptionsSchema })]),
    result: z.object({ jobs: z.array(jobSchema), rejected: z.array(rejectedFileSchema) }),
  },
  /** Stop a queued or running job. */
  'transcribe.cancel': { args: z.tuple([z.object({ jobId: idSchema })]), result: jobSchema },
  /** Queue a failed or canceled job again, from its first byte. */
  'jobs.retry': { args: z.tuple([z.object({ jobId: idSchema })]), result: jobSchema },
  /** Forget a finished job (a running one is canceled first). */
  'jobs.remove': { args: z.tuple([z.object({ jobId: idSchema })]), result: z.null() },
  /** Forget every done, failed and canceled job except those holding an unsaved transcript; answers with the removed ids. */
  'jobs.clearFinished': { args: z.tuple([]), result: z.array(idSchema) },
  /** Write again a transcript Deepgram returned but the disk refused. */
  'jobs.saveAgain': { args: z.tuple([z.object({ jobId: idSchema })]), result: jobSchema },
  /** Every job kept by the queue (persisted across restarts), oldest first. */
  'jobs.list': { args: z.tuple([]), result: z.array(jobSchema) },
  /** Whether the queue is paused (bad key, no credit, offline) and how many jobs run at once. */
  'queue.status': { args: z.tuple([]), result: queueStatusSchema },
  /** Start jobs again after a pause the user has fixed. */
  'queue.resume': { args: z.tuple([]), result: queueStatusSchema },
  /** Presets, default preset, prices for the estimate, concurrency. */
  'transcription.getSettings': { args: z.tuple([]), result: transcriptionSettingsSchema },
  /** Replace the transcription settings; answers with what was saved. */
  'transcription.setSettings': { args: z.tuple([transcriptionSettingsSchema]), result: transcriptionSettingsSchema },
  /** Deepgram's public models (`GET /v1/models`, global host only), or the built-in list when that cannot be asked. */
  'models.list': { args: z.tuple([]), result: modelCatalogSchema },
  /** Saved transcripts, newest first. */
  'transcripts.list': { args: z.tuple([]), result: z.array(libraryEntrySchema) },
  /** One saved transcript with Deepgram's raw response. */
  'transcripts.get': {
    args: z.tuple([z.object({ id: idSchema })]),
    result: z.object({ summary: transcriptSummarySchema, response: listenResponseSchema }),
  },
  /** Whether a transcript's source audio or video can be played now, and its type; play it from `transcriptMediaPath(id)`. */
  'transcripts.media': { args: z.tuple([z.object({ id: idSchema })]), result: transcriptMediaSchema },
  /** Gives a transcript another title (the files keep their names). */
  'transcripts.rename': { args: z.tuple([z.object({ id: idSchema, title: z.string().trim().min(1).max(200) })]), result: transcriptSummarySchema },
  /** Moves a transcript and its corrections (and its audio, when `withAudio` and the app owns it) to the trash; `transcripts.restore` undoes it until the app starts again. */
  'transcripts.delete': { args: z.tuple([z.object({ id: idSchema, withAudio: z.boolean().default(false) })]), result: z.null() },
  /** Brings a deleted transcript back. */
  'transcripts.restore': { args: z.tuple([z.object({ id: idSchema })]), result: transcriptSummarySchema },
  /** Library entries that cannot be read, with the reason, so they can be removed without hiding the rest. */
  'transcripts.damaged': { args: z.tuple([]), result: z.array(damagedEntrySchema) },
  /** Deletes a damaged entry's files. */
  'transcripts.removeDamaged': { args: z.tuple([z.object({ id: z.string().max(200) })]), result: z.null() },
  /** Pauses and gaps of the recording a transcript was made from (none for other sources), on the audio's time line. */
  'transcripts.recordingMarks': { args: z.tuple([z.object({ id: idSchema })]), result: z.array(recordingMarkSchema) },
  /** Theme and what to reopen. */
  'prefs.get': { args: z.tuple([]), result: preferencesSchema },
  /** Change some preferences; answers with all of them. */
  'prefs.set': { args: z.tuple([preferencesSchema.partial()]), result: preferencesSchema },
  /** Files the OS handed to the app (double-click, command line, dock) not yet queued; taking empties the list. */
  'shell.takeOpenedFiles': { args: z.tuple([]), result: z.array(z.string()) },
  /** Write a renderer failure to main's log. */
  'log.rendererError': { args: z.tuple([rendererErrorSchema]), result: z.null() },
  /** Save one transcript in one format where the user chooses (native save dialog); null when canceled. */
  'transcripts.export': {
    args: z.tuple([z.object({ id: idSchema, format: exportFormatSchema, options: exportOptionsSchema })]),
    result: writtenFileSchema.nullable(),
  },
  /** One transcript as text (corrections and names included), for the clipboard. */
  'transcripts.exportText': {
    args: z.tuple([z.object({ id: idSchema, format: z.enum(['txt', 'md', 'srt', 'vtt']), options: exportOptionsSchema })]),
    result: z.string(),
  },
  /** Summary, topics, intents and sentiment Deepgram found, when they were asked for. */
  'transcripts.insights': { args: z.tuple([z.object({ id: idSchema })]), result: insightsSchema },
  /** A transcript's library entry, without its response: what the viewer needs besides `edits.get`. */
  'transcripts.summary': { args: z.tuple([z.object({ id: idSchema })]), result: transcriptSummarySchema },
  /** Save transcripts in several formats into a folder the user chooses; clashing names get a number; [] when canceled. */
  'transcripts.exportMany': {
    args: z.tuple([z.object({ ids: z.array(idSchema).min(1).max(500), formats: z.array(exportFormatSchema).min(1).max(7), options: exportOptionsSchema })]),
    result: z.array(writtenFileSchema),
  },
  /** Search titles, text and speaker names of the library (or one transcript); hits carry the moment to open at. */
  'library.search': { args: z.tuple([searchOptionsSchema.extend({ query: searchQuerySchema })]), result: searchResultSchema },
  /** Transcripts the last index check could not read, with the reason. */
  'library.damaged': { args: z.tuple([]), result: z.array(damagedEntrySchema) },
  ...transcriptEditChannels,
  ...libraryActionsInvokeContract,
  /** The timed words of some paragraphs (the window asks for those on screen, to seek by word). */
  'edits.words': {
    args: z.tuple([z.object({ id: idSchema, paragraphs: z.array(z.string().max(20)).max(100) })]),
    result: z.array(z.object({ key: z.string(), words: z.array(z.object({ text: z.string(), start: z.number(), end: z.number(), confidence: z.number().optional() })) })),
  },
  ...recordingInvokeContract,
  ...liveInvokeContract,
  ...storageInvokeContract,
  /** Asks the OS for the microphone where it must be asked first (macOS); `denied` means the user must allow it in the OS settings. */
  'recording.prepare': { args: z.tuple([]), result: z.object({ microphone: z.enum(['granted', 'denied', 'not-needed']) }) },
  /** Opens the OS privacy settings for the microphone or for system audio; false where there is no such page. */
  'recording.openPrivacySettings': { args: z.tuple([z.object({ pane: z.enum(['microphone', 'system-audio']) })]), result: z.boolean() },
  /** Queue a finished recording for transcription (two-channel recordings as multichannel: "You" and "Others"). */
  'recordings.transcribe': {
    args: z.tuple([z.object({ id: idSchema, options: transcribeOptionsSchema })]),
    result: z.object({ jobs: z.array(jobSchema), rejected: z.array(rejectedFileSchema) }),
  },
} as const;

/** Everything main pushes to the renderer: event name -> payload. `ns.updated` is `window.app.ns.onUpdated`. */
export const eventContract = {
  /** A job changed state or sent more bytes. */
  'jobs.updated': jobSchema,
  /** Profiles or the keychain changed. */
  'keys.updated': keysStatusSchema,
  /** Jobs were removed from the queue. */
  'jobs.removed': z.object({ ids: z.array(idSchema) }),
  /** The queue paused or resumed. */
  'queue.updated': queueStatusSchema,
  /** Transcription settings changed. */
  'transcription.settingsUpdated': transcriptionSettingsSchema,
  /** A transcript was saved to the library. */
  'transcripts.added': transcriptSummarySchema,
  /** The menu, tray, a notification or the OS asks the window to do something. */
  'shell.command': shellCommandSchema,
  /** The OS handed the app files: call `shell.takeOpenedFiles`. */
  'shell.filesOpened': z.object({ count: z.number().int().min(0) }),
  /** Transcripts left the library (deleted). */
  'transcripts.removed': z.object({ ids: z.array(idSchema) }),
  /** Preferences changed (in this window or from the menu). */
  'prefs.updated': preferencesSchema,
  /** The library index was checked against the disk at start; damaged entries are named. */
  'library.indexChecked': z.object({ damaged: z.array(damagedEntrySchema) }),
  ...transcriptEditEvents,
  ...recordingEventContract,
  ...liveEventContract,
  ...storageEventContract,
} as const;

export type InvokeContract = typeof invokeContract;
export type EventContract = typeof eventContract;
export type Channel = keyof InvokeContract;
export type EventName = keyof EventContract;

export type ChannelArgs<C extends Channel> = z.input<InvokeContract[C]['args']>;
export type ParsedArgs<C extends Channel> = z.output<InvokeContract[C]['args']>;
export type ChannelResult<C extends Channel> = z.output<InvokeContract[C]['result']>;
export type EventPayload<E extends EventName> = z.output<EventContract[E]>;

export const channels = Object.keys(invokeContract) as Channel[];
export const eventNames = Object.keys(eventContract) as EventName[];

/** IPC channel names are namespaced so nothing else on ipcMain can collide with them. */
export const ipcPrefix = 'app:';
