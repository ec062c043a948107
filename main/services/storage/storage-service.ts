import { resolve } from 'node:path';
import { AppError } from '../../../common/errors';
import type { StorageMoveProgress, StorageMoveResult, StorageStatus } from '../../../common/storage';
import { searchIndexFileName } from '../library/search-index';
import { sourceCacheFolderName } from '../library/source-cache';
import { moveDataFolder } from './folder-move';
import type { EntryFate } from './folder-move';
import { sourcesFolderName } from './source-copies';
import type { StorageSettingsStore } from './storage-settings-store';
import type { CopyIo } from './verified-copy';

/**
 * The entries of the data folder that are the app's when it is the default app-data folder, which
 * it shares with the browser engine's own files (caches, cookies) that must not move.
 */
export const appDataEntries: ReadonlySet<string> = new Set([
  'transcripts',
  'recordings',
  sourcesFolderName,
  'queue.json',
  'settings.json',
  'settings.json.bak',
  'preferences.json',
  'transcription-settings.json',
  'storage-settings.json',
  // Drafts of live captions.
  'live',
]);

/**
 * Where each entry goes in a move: the search index is rebuilt at the new place rather than copied
 * while open, and the transcripts' compact copies are made again as each is opened.
 */
export function entryFate(inDefaultFolder: boolean): (name: string) => EntryFate {
  return (name) => {
    if (name.startsWith(searchIndexFileName) || name === sourceCacheFolderName) return 'drop';
    if (!inDefaultFolder) return 'move';
    return appDataEntries.has(name) ? 'move' : 'keep';
  };
}

export interface StorageServiceDeps {
  dataDir: string;
  /** The default app-data folder, which holds the location file. */
  defaultDir: string;
  settings: StorageSettingsStore;
  /** Why a move cannot start now (jobs or a recording run), or null. */
  busy: () => string | null;
  /** Makes the folder ready to copy: pending writes flushed, owned paths recorded relative to it. */
  prepare: () => Promise<void>;
  /** Stops the services writing to the old folder once the switch is made, so its removal is final. */
  retire: () => Promise<void>;
  onProgress: (progress: StorageMoveProgress) => void;
  /** Restarts the app on the new folder; absent where the host restarts it itself (tests). */
  restart?: () => void;
  io?: CopyIo;
}

/** The data folder's place and the copy-or-link choice, and the one move that may run at a time. */
export class StorageService {
  private moving: AbortController | undefined;
  private moved: string | undefined;

  constructor(private readonly deps: StorageServiceDeps) {}

  /** What Settings → Storage shows. */
  async status(): Promise<StorageStatus> {
    return { dataDir: this.moved ?? this.deps.dataDir, keepSourceCopies: await this.deps.settings.keepSourceCopies(), moveBlocked: this.blocked() };
  }

  /** Saves whether transcribed files are kept as copies. */
  async setKeepSourceCopies(keep: boolean): Promise<StorageStatus> {
    await this.deps.settings.setKeepSourceCopies(keep);
    return this.status();
  }

  /** Moves the data folder to `to` (copy, verify, switch, remove); the app restarts on it where it can. */
  async move(to: string): Promise<StorageMoveResult> {
    const blocked = this.blocked();
    if (blocked) throw new AppError('UNSUPPORTED', blocked);
    const controller = new AbortController();
    this.moving = controller;
    try {
      await this.deps.prepare();
      const result = await moveDataFolder(this.deps.dataDir, to, {
        defaultDir: this.deps.defaultDir,
        signal: controller.signal,
        onProgress: this.deps.onProgress,
        fate: entryFate(resolve(this.deps.dataDir) === resolve(this.deps.defaultDir)),
        afterSwitch: this.deps.retire,
        ...(this.deps.io ? { io: this.deps.io } : {}),
      });
      this.moved = result.to;
      const restart = this.deps.restart;
      // The answer reaches the window before the app goes away.
      if (restart) setTimeout(restart, 300);
      return { dataDir: result.to, files: result.files, bytes: result.bytes, restarting: restart !== undefined, ...(result.leftBehind ? { leftBehind: result.leftBehind } : {}) };
    } finally {
      this.moving = undefined;
    }
  }

  /** Refuses work that would write new data (a transcription, a recording) while the folder moves or once it moved. */
  assertNotMoving(): void {
    if (this.moving || this.moved) throw new AppError('UNSUPPORTED', this.moved ? 'The data folder was moved; the app must start again to use it.' : 'The data folder is being moved. Wait until it is done.');
  }

  /** Stops a running move before its switch; nothing happens when none runs. */
  cancelMove(): void {
    this.moving?.abort();
  }

  private blocked(): string | null {
    if (this.moved) return 'The data folder was moved; the app must start again to use it.';
    if (this.moving) return 'The data folder is being moved.';
    return this.deps.busy();
  }
}
