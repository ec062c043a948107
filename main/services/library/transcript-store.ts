import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { listenResponseSchema } from '../../../common/deepgram-response';
import type { ListenResponse } from '../../../common/deepgram-response';
import { idSchema, toLibraryEntry, transcriptSummarySchema } from '../../../common/domain';
import type { LibraryEntry, TranscribeOptions, TranscriptSummary } from '../../../common/domain';
import { AppError } from '../../../common/errors';
import type { DeleteOptions } from '../../../common/storage';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';
import { pathOfPlace, placeInFolder } from '../fs/folder-place';
import { describeWriteError } from '../fs/write-errors';
import { LibraryListCache, newestFirst } from './library-list-cache';

/** Top-level folders of the data folder whose files the app made and may delete: recordings and kept copies. */
const ownedRoots = new Set(['recordings', 'sources']);

/** Keeps a copy of a transcribed file in the data folder when the user chose so; answers with where the entry should point. */
export interface SourceKeeper {
  keep(media: TranscriptMediaFile): Promise<TranscriptMediaFile>;
}

const audioManifestSchema = z.object({ version: z.literal(1), unit: z.string().min(1) });

/**
 * The local file a transcript was made from, as the queue's check saw it: what the player serves.
 * Added after version 1 as an optional field, so entries written before it read as "no media".
 * Never sent to the renderer.
 */
const mediaFileSchema = z.object({
  path: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  mtimeMs: z.number(),
  contentType: z.string(),
  /**
   * For a file the app owns (a recording, a kept copy): its place inside the data folder, `/`-separated.
   * It wins over `path`, so the entry still finds its audio after the data folder moved.
   */
  dataPath: z.string().optional(),
});
export type TranscriptMediaFile = z.infer<typeof mediaFileSchema>;
/** The source file with the content fingerprint the queue computed, when it did. */
export type StoredMediaFile = TranscriptMediaFile & { fingerprint?: string };

const sourceSchema = z.object({
  /** The queue job that made it: a job finished just before a crash is not run twice. */
  jobId: z.string().optional(),
  /** Content fingerprint of the file and the options it was transcribed with: finds duplicates. */
  fingerprint: z.string().optional(),
  optionsKey: z.string().optional(),
  url: z.string().optional(),
  media: mediaFileSchema.optional(),
});
export type TranscriptSource = z.infer<typeof sourceSchema>;

const metaFileSchema = z.object({ version: z.literal(1), summary: transcriptSummarySchema, source: sourceSchema.optional() });
type MetaFile = z.infer<typeof metaFileSchema>;

/** An entry file that cannot be read, by transcript id, with the reason. */
export interface DamagedEntry {
  id: string;
  message: string;
}

/** What a check of the saved list against the entry files found and corrected. */
export interface LibraryCheck {
  damaged: DamagedEntry[];
  /** Entries the saved list lacked or had out of date. */
  changed: TranscriptSummary[];
  /** Ids the saved list had without an entry file. */
  removed: string[];
}
const responseFileSchema = z.object({ version: z.literal(1), response: z.unknown() });

export interface NewTranscript {
  title: string;
  sizeBytes: number;
  options: TranscribeOptions;
  requestId: string | null;
  response: ListenResponse;
  profileName?: string | null;
  source?: TranscriptSource;
}

/**
 * Transcripts on disk: `<id>.response.json` keeps Deepgram's raw answer, `<id>.meta.json`
 * the small summary the library lists. The meta file is written last, so a transcript is
 * listed only once both are complete. `library-list.json` holds what the library list shows of
 * every entry, updated after each entry file.
 */
export class TranscriptStore {
  private readonly dir: string;
  private readonly listFile: LibraryListCache;

  constructor(
    private readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
    private readonly options: { sources?: SourceKeeper } = {},
  ) {
    this.dir = join(dataDir, 'transcripts');
    this.listFile = new LibraryListCache(join(this.dir, 'library-list.json'));
  }

  /** Saves a finished transcription and returns its library entry. */
  async save(input: NewTranscript): Promise<TranscriptSummary> {
    const created = this.now();
    const id = `${created.getTime().toString(36)}-${randomUUID().slice(0, 8)}`;
    const summary: TranscriptSummary = {
      id,
      title: input.title,
      createdAt: created.toISOString(),
      durationSec: input.response.metadata.duration ?? 0,
      sizeBytes: input.sizeBytes,
      requestId: input.requestId ?? input.response.metadata.request_id ?? null,
      options: input.options,
      profileName: input.profileName ?? null,
    };
    const responsePath = join(this.dir, `${id}.response.json`);
    const source = input.source?.media ? { ...input.source, media: await this.placeMedia(input.source.media) } : input.source;
    try {
      await writeFileAtomic(responsePath, JSON.stringify({ version: 1, response: input.response }));
      await writeFileAtomic(join(this.dir, `${id}.meta.json`), `${JSON.stringify({ version: 1, summary, ...(source ? { source } : {}) }, null, 2)}\n`);
    } catch (error) {
      await rm(responsePath, { force: true }).catch(() => undefined);
      throw describeWriteError(error, 'The transcript', this.dir);
    }
    await this.listFile.upsert(summary);
    return summary;
  }

  /** The transcript a queue job saved, if any. */
  async findByJob(jobId: string): Promise<TranscriptSummary | undefined> {
    return (await this.metas()).find((m) => m.source?.jobId === jobId)?.summary;
  }

  /** The newest transcript of the same content made with the same options, if any. */
  async findBySource(fingerprint: string, optionsKey: string): Promise<TranscriptSummary | undefined> {
    const matches = (await this.metas()).filter((m) => m.source?.fingerprint === fingerprint && m.source.optionsKey === optionsKey);
    return matches.sort((a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt))[0]?.summary;
  }

  private async metas(): Promise<MetaFile[]> {
    return (await this.scan()).metas;
  }

  /** Reads every entry file: the readable ones, and the others by id. */
  private async scan(): Promise<{ metas: MetaFile[]; damaged: DamagedEntry[] }> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith('.meta.json'));
    // Read together, not one after another: a library of a thousand lists in a fraction of the time.
    const files = await Promise.all(names.map((name) => readJsonFile(join(this.dir, name)).catch(() => undefined)));
    const metas: MetaFile[] = [];
    const damaged: DamagedEntry[] = [];
    files.forEach((file, i) => {
      const parsed = metaFileSchema.safeParse(file);
      if (parsed.success) metas.push(parsed.data);
      else damaged.push({ id: names[i]!.slice(0, -'.meta.json'.length), message: 'Its library entry cannot be read (damaged or written by a newer version).' });
    });
    return { metas, damaged };
  }

  /** Every saved transcript with its whole summary, newest first, read from the entry files; unreadable entries are skipped, not fatal. */
  async list(): Promise<TranscriptSummary[]> {
    const summaries = (await this.metas()).map((m) => m.summary);
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** What the library list shows of every transcript, newest first, from the saved list (built from the entry files when missing). */
  async entries(): Promise<LibraryEntry[]> {
    return this.listFile.inTurn(async () => {
      const saved = await this.listFile.read();
      if (saved) return saved;
      const built = newestFirst((await this.metas()).map((m) => toLibraryEntry(m.summary)));
      await this.listFile.write(built);
      return built;
    });
  }

  /**
   * Reads every entry file: names the damaged ones, and brings the saved list in line with the
   * files (an entry written by a run that crashed before the list, or a file removed by hand).
   */
  async check(): Promise<LibraryCheck> {
    return this.listFile.inTurn(async () => {
      const { metas, damaged } = await this.scan();
      const saved = await this.listFile.read();
      const known = new Map((saved ?? []).map((e) => [e.id, e]));
      const changed = metas.map((m) => m.summary).filter((s) => !sameEntry(known.get(s.id), s));
      const present = new Set(metas.map((m) => m.summary.id));
      const removed = [...known.keys()].filter((id) => !present.has(id));
      if (!saved || changed.length > 0 || removed.length > 0) await this.listFile.write(newestFirst(metas.map((m) => toLibraryEntry(m.summary))));
      // Without a saved list, whoever listed read the entry files themselves: nothing to correct.
      return { damaged, changed: saved ? changed : [], removed };
    });
  }

  /**
   * The source file of one transcript (`media: null` for a link, or an entry saved before media was
   * kept) with the duration Deepgram measured; undefined when there is no such transcript.
   */
  async mediaFile(id: string): Promise<{ media: StoredMediaFile | null; durationSec: number } | undefined> {
    if (!idSchema.safeParse(id).success) return undefined;
    const meta = metaFileSchema.safeParse(await readJsonFile(join(this.dir, `${id}.meta.json`)).catch(() => undefined));
    if (!meta.success) return undefined;
    const { source, summary } = meta.data;
    const media = source?.media ? { ...source.media, path: this.mediaPath(source.media), ...(source.fingerprint ? { fingerprint: source.fingerprint } : {}) } : null;
    return { media, durationSec: summary.durationSec };
  }

  /** Where a transcript's saved response is on disk (whether or not it is there); never sent to the renderer. */
  responseFile(id: string): string {
    if (!idSchema.safeParse(id).success) throw new AppError('INVALID_ARGUMENT', 'Not a transcript id.');
    return join(this.dir, `${id}.response.json`);
  }

  /** One transcript with its raw response. */
  async get(id: string): Promise<{ summary: TranscriptSummary; response: ListenResponse }> {
    if (!idSchema.safeParse(id).success) throw new AppError('INVALID_ARGUMENT', 'Not a transcript id.');
    const meta = metaFileSchema.safeParse(await readJsonFile(join(this.dir, `${id}.meta.json`)).catch(() => undefined));
    const file = responseFileSchema.safeParse(await readJsonFile(join(this.dir, `${id}.response.json`)).catch(() => undefined));
    if (!meta.success || !file.success) throw new AppError('NOT_FOUND', 'This transcript is missing or damaged on disk.');
    const response = listenResponseSchema.safeParse(file.data.response);
    if (!response.success) throw new AppError('NOT_FOUND', 'This transcript’s saved response cannot be read.');
    return { summary: meta.data.summary, response: response.data };
  }

  /** A transcript's library entry alone, without reading its response. */
  async summary(id: string): Promise<TranscriptSummary> {
    return (await this.readMeta(id)).summary;
  }

  /** Gives a transcript another title; the file names on disk never change. */
  async rename(id: string, title: string): Promise<TranscriptSummary> {
    const meta = await this.readMeta(id);
    const next = { ...meta, summary: { ...meta.summary, title } };
    try {
      await writeFileAtomic(join(this.dir, `${id}.meta.json`), `${JSON.stringify(next, null, 2)}\n`);
    } catch (error) {
      throw describeWriteError(error, 'The new title', this.dir);
    }
    await this.listFile.upsert(next.summary);
    return next.summary;
  }

  /** Whether deleting a transcript can take its audio: only a file the app owns that no other transcript uses. */
  async deleteOptions(id: string): Promise<DeleteOptions> {
    const meta = await this.readMeta(id);
    const media = meta.source?.media;
    if (!media) return { audio: 'none' };
    const unit = this.ownedUnit(media);
    if (!unit) return { audio: 'linked' };
    const others = (await this.metas()).filter((m) => m.summary.id !== id && m.source?.media && this.ownedUnit(m.source.media) === unit);
    return { audio: others.length > 0 ? 'shared' : 'owned' };
  }

  /**
   * Moves a transcript (with its corrections, and with its audio when asked and the app owns it) to
   * the trash, where `restore` finds it until the next start. The library entry goes first, so a
   * crash midway never lists a half-moved one.
   */
  async moveToTrash(id: string, options: { withAudio?: boolean } = {}): Promise<void> {
    const meta = await this.readMeta(id);
    let unit: string | undefined;
    if (options.withAudio) {
      if ((await this.deleteOptions(id)).audio !== 'owned') {
        throw new AppError('INVALID_ARGUMENT', 'This transcript’s audio is not a file the app owns alone, so it is not deleted with it.');
      }
      unit = this.ownedUnit(meta.source!.media!);
    }
    const bin = join(this.trashDir, id);
    await mkdir(bin, { recursive: true });
    if (unit) {
      // The audio first, so a file the OS will not let go of (in use) stops the delete before anything moved.
      // The manifest before it: `emptyTrash` puts audio back whose transcript is still in the library.
      await writeFileAtomic(join(bin, 'audio.json'), `${JSON.stringify({ version: 1, unit })}\n`);
      await mkdir(join(bin, 'audio'), { recursive: true });
      await rename(join(this.dataDir, ...unit.split('/')), join(bin, 'audio', unitName(unit))).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return;
        await rm(bin, { recursive: true, force: true });
        throw new AppError('SAVE_FAILED', `The audio could not be deleted (${error.code ?? 'refused'}): another app may be using it. Nothing was deleted; close it and try again.`, { cause: error });
      });
    }
    for (const part of ['meta', 'response', 'edits']) {
      await rename(join(this.dir, `${id}.${part}.json`), join(bin, `${id}.${part}.json`)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw describeWriteError(error, 'The transcript', this.dir);
      });
    }
    await this.listFile.remove(id);
  }

  /** Brings a transcript back from the trash, with its audio if that went too; its library entry comes back last. */
  async restore(id: string): Promise<TranscriptSummary> {
    if (!idSchema.safeParse(id).success) throw new AppError('INVALID_ARGUMENT', 'Not a transcript id.');
    const bin = join(this.trashDir, id);
    const manifest = audioManifestSchema.safeParse(await readJsonFile(join(bin, 'audio.json')).catch(() => undefined));
    if (manifest.success) {
      const home = join(this.dataDir, ...manifest.data.unit.split('/'));
      await mkdir(join(home, '..'), { recursive: true });
      await rename(join(bin, 'audio', unitName(manifest.data.unit)), home).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw describeWriteError(error, 'The audio', this.dataDir);
      });
    }
    for (const part of ['response', 'edits', 'meta']) {
      await rename(join(bin, `${id}.${part}.json`), join(this.dir, `${id}.${part}.json`)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw describeWriteError(error, 'The transcript', this.dir);
      });
    }
    await rm(bin, { recursive: true, force: true });
    const { summary } = await this.readMeta(id);
    await this.listFile.upsert(summary);
    return summary;
  }

  /**
   * Writes the in-folder place of owned media into entries saved before it was recorded, so they
   * find their audio after the data folder moves; answers with how many entries changed.
   */
  async anchorOwnedMedia(): Promise<number> {
    let changed = 0;
    for (const meta of await this.metas()) {
      const media = meta.source?.media;
      if (!media || media.dataPath) continue;
      const dataPath = this.dataPathOf(media.path);
      if (!dataPath) continue;
      const next = { ...meta, source: { ...meta.source, media: { ...media, dataPath } } };
      await writeFileAtomic(join(this.dir, `${meta.summary.id}.meta.json`), `${JSON.stringify(next, null, 2)}\n`);
      changed += 1;
    }
    return changed;
  }

  /**
   * Deletes for good what was moved to the trash (at start, when no undo can still ask for it). A delete
   * a crash cut short, whose transcript is still in the library, gets back what it had moved instead.
   * Answers with the ids deleted for good.
   */
  async emptyTrash(): Promise<string[]> {
    const emptied: string[] = [];
    for (const id of await readdir(this.trashDir).catch(() => [] as string[])) {
      if (!idSchema.safeParse(id).success) continue;
      const listed = await readJsonFile(join(this.dir, `${id}.meta.json`)).catch(() => undefined);
      const trashed = await readJsonFile(join(this.trashDir, id, `${id}.meta.json`)).catch(() => undefined);
      if (listed !== undefined && trashed === undefined) await this.restore(id);
      else emptied.push(id);
    }
    await rm(this.trashDir, { recursive: true, force: true });
    return emptied;
  }

  /** Deletes a damaged entry's files; nothing else is touched. */
  async removeDamaged(id: string): Promise<void> {
    if (!idSchema.safeParse(id).success) throw new AppError('INVALID_ARGUMENT', 'Not a transcript id.');
    for (const part of ['meta', 'response', 'edits']) await rm(join(this.dir, `${id}.${part}.json`), { force: true });
    await this.listFile.remove(id);
  }

  /** Where the entry's media is now: inside this data folder for owned files, as recorded otherwise. */
  private mediaPath(media: TranscriptMediaFile): string {
    return (media.dataPath && pathOfPlace(this.dataDir, media.dataPath)) || media.path;
  }

  /** `recordings/<id>/audio.webm` for a path inside an owned folder of this data folder, undefined otherwise. */
  private dataPathOf(path: string): string | undefined {
    const place = placeInFolder(this.dataDir, path);
    const parts = place?.split('/') ?? [];
    return parts.length >= 3 && ownedRoots.has(parts[0]!) ? place : undefined;
  }

  /** The folder (`recordings/<id>`, `sources/<id>`) that holds an owned media file, undefined for the user's own files. */
  private ownedUnit(media: TranscriptMediaFile): string | undefined {
    const dataPath = media.dataPath ?? this.dataPathOf(media.path);
    return dataPath?.split('/').slice(0, 2).join('/');
  }

  /** Points the entry at a kept copy when the user chose copies, and records owned files by their place in the data folder. */
  private async placeMedia(media: TranscriptMediaFile): Promise<TranscriptMediaFile> {
    const kept = this.dataPathOf(media.path) || !this.options.sources ? media : await this.options.sources.keep(media);
    const dataPath = this.dataPathOf(kept.path);
    return dataPath ? { ...kept, dataPath } : kept;
  }

  private get trashDir(): string {
    return join(this.dir, 'trash');
  }

  private async readMeta(id: string): Promise<z.infer<typeof metaFileSchema>> {
    if (!idSchema.safeParse(id).success) throw new AppError('INVALID_ARGUMENT', 'Not a transcript id.');
    const meta = metaFileSchema.safeParse(await readJsonFile(join(this.dir, `${id}.meta.json`)).catch(() => undefined));
    if (!meta.success) throw new AppError('NOT_FOUND', 'This transcript is missing or damaged on disk.');
    return meta.data;
  }
}

function sameEntry(entry: LibraryEntry | undefined, summary: TranscriptSummary): boolean {
  return entry !== undefined && entry.title === summary.title && entry.createdAt === summary.createdAt && entry.durationSec === summary.durationSec;
}

function unitName(unit: string): string {
  return unit.split('/').join('-');
}
