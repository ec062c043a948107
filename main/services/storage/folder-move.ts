import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../common/errors';
import type { StorageMoveProgress } from '../../../common/storage';
import { describeWriteProblem } from '../fs/write-errors';
import { writeDataLocation } from './data-location';
import { clearMoveJournal, removeOldData, removePartialCopy, writeMoveJournal } from './move-journal';
import { copyFileHashed, diskIo, hashFile } from './verified-copy';
import type { CopyIo, FileDigest } from './verified-copy';

/**
 * What happens to a top-level entry of the old folder: `move` (copied, checked, then removed from the
 * old place), `drop` (not copied, removed with the old folder: data rebuilt at start) or `keep`
 * (not the app's: left alone, and the old folder with it).
 */
export type EntryFate = 'move' | 'drop' | 'keep';

export interface MoveOptions {
  /** The default app-data folder, where the location file is written to make the switch. */
  defaultDir: string;
  signal?: AbortSignal;
  onProgress?: (progress: StorageMoveProgress) => void;
  /** Decides per top-level entry name; everything moves when absent. */
  fate?: (name: string) => EntryFate;
  /** Disk operations, swapped in tests to plant failures. */
  io?: CopyIo;
  /** Runs once the switch is made, before the old data is removed: stops whatever still writes there. */
  afterSwitch?: () => Promise<void>;
}

export interface MoveResult {
  from: string;
  to: string;
  files: number;
  bytes: number;
  /** Set when the switch was made but some of the old folder could not be removed. */
  leftBehind?: string;
}

interface PlannedFile {
  relativePath: string;
  sizeBytes: number;
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path of a folder that may not exist yet: its nearest existing parent, resolved, plus the rest. */
async function realTarget(path: string): Promise<string> {
  const absolute = resolve(path);
  const existing = await realpath(absolute).catch(() => undefined);
  if (existing) return existing;
  const parent = dirname(absolute);
  if (parent === absolute) return absolute;
  return join(await realTarget(parent), basename(absolute));
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}

function canceled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELED', 'The move was stopped. Your data stays in its current folder.');
}

/** Refuses a target that cannot take the data, creating it when it does not exist; true when it was created. */
async function prepareTarget(from: string, to: string): Promise<boolean> {
  if (isInside(from, to)) throw new AppError('INVALID_ARGUMENT', 'Choose a folder outside the current data folder.');
  if (isInside(to, from)) throw new AppError('INVALID_ARGUMENT', 'Choose a folder that does not contain the current data folder.');
  const info = await lstat(to).catch(() => undefined);
  let created = false;
  if (info) {
    if (!info.isDirectory()) throw new AppError('INVALID_ARGUMENT', 'The chosen place is a file, not a folder.');
    if ((await readdir(to)).length > 0) throw new AppError('INVALID_ARGUMENT', 'The chosen folder is not empty. Choose an empty folder or a new one.');
  } else {
    try {
      await mkdir(to, { recursive: true });
      created = true;
    } catch (error) {
      throw new AppError('INVALID_ARGUMENT', `The folder cannot be created: ${describeWriteProblem(error)}.`, { cause: error });
    }
  }
  const probe = join(to, `.write-check-${randomUUID()}`);
  try {
    await writeFile(probe, 'ok');
  } catch (error) {
    if (created) await rm(to, { recursive: true, force: true }).catch(() => undefined);
    throw new AppError('INVALID_ARGUMENT', `The app cannot write to that folder: ${describeWriteProblem(error)}.`, { cause: error });
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  return created;
}

/** Every file under the moved entries, with directories listed first so they can be made in order. */
async function plan(from: string, names: string[]): Promise<{ dirs: string[]; files: PlannedFile[] }> {
  const dirs: string[] = [];
  const files: PlannedFile[] = [];
  const visit = async (rel: string): Promise<void> => {
    const info = await lstat(join(from, rel));
    if (info.isDirectory()) {
      dirs.push(rel);
      for (const name of (await readdir(join(from, rel))).sort()) await visit(join(rel, name));
    } else if (info.isFile()) {
      files.push({ relativePath: rel, sizeBytes: info.size });
    } else {
      throw new AppError('FILE_REJECTED', `The data folder holds something that is not a file or folder (${rel}); the app cannot move it. Remove it and try again.`);
    }
  };
  for (const name of names) await visit(name);
  return { dirs, files };
}

/**
 * Moves the app's data from `from` to `to` safely: refuses a target inside the current folder (or
 * around it), a non-empty one or one the app cannot write to; copies every file (streamed), then
 * reads both sides again and compares size and sha256 with what was copied; only then switches by
 * writing the location file atomically, and last removes the old data. A failure or an abort before
 * the switch removes the partial copy and leaves the old folder in use and untouched.
 */
export async function moveDataFolder(fromPath: string, toPath: string, options: MoveOptions): Promise<MoveResult> {
  const io = options.io ?? diskIo;
  const { signal } = options;
  const fateOf = options.fate ?? ((): EntryFate => 'move');
  const from = await realpath(fromPath).catch((error: unknown) => {
    throw new AppError('NOT_FOUND', 'The current data folder cannot be read.', { cause: error });
  });
  const to = await realTarget(toPath);
  canceled(signal);
  const created = await prepareTarget(from, to);

  const names = (await readdir(from)).sort();
  const fates = new Map(names.map((name) => [name, fateOf(name)]));
  const moved = names.filter((n) => fates.get(n) === 'move');
  const removable = names.filter((n) => fates.get(n) !== 'keep');
  const journal = { from, to, createdTarget: created, copied: moved, removable, removeFolder: removable.length === names.length };
  const undo = async (): Promise<void> => {
    await removePartialCopy(journal);
    await clearMoveJournal(options.defaultDir).catch(() => undefined);
  };

  let bytesTotal = 0;
  let bytesDone = 0;
  const report = (phase: StorageMoveProgress['phase'], added = 0): void => {
    bytesDone += added;
    options.onProgress?.({ phase, bytesDone, bytesTotal });
  };
  let filesCopied = 0;
  try {
    // Written before the first copy: a crash from here on is finished or undone at the next start.
    await writeMoveJournal(options.defaultDir, journal).catch((error: unknown) => {
      throw new AppError('SAVE_FAILED', `The app cannot write to its own settings folder: ${describeWriteProblem(error)}. Nothing was moved.`, { cause: error });
    });
    const { dirs, files } = await plan(from, moved);
    const size = files.reduce((sum, f) => sum + f.sizeBytes, 0);
    // Each byte is read and written once, then read twice more to check it.
    bytesTotal = size * 3;
    report('copying');
    for (const dir of dirs) await mkdir(join(to, dir), { recursive: true });
    const digests = new Map<string, FileDigest>();
    // A few files at a time: one file's fsync or read waits while another is hashed.
    const stop = new AbortController();
    const work = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
    await eachLimited(files, fileConcurrency, stop, async (file) => {
      canceled(signal);
      const digest = await copyFileHashed(join(from, file.relativePath), join(to, file.relativePath), {
        io,
        signal: work,
        onBytes: (n) => report('copying', n),
      }).catch((error: unknown) => {
        throw copyFailure(error, file.relativePath, 'copied');
      });
      digests.set(file.relativePath, digest);
      filesCopied += 1;
    });
    await eachLimited(files, fileConcurrency, stop, async (file) => {
      canceled(signal);
      const copied = digests.get(file.relativePath)!;
      const original = await hashFile(join(from, file.relativePath), { io, signal: work, onBytes: (n) => report('verifying', n) }).catch((error: unknown) => {
        throw copyFailure(error, file.relativePath, 'read again');
      });
      if (original.sizeBytes !== copied.sizeBytes || original.sha256 !== copied.sha256) {
        throw new AppError('FILE_REJECTED', `${file.relativePath} changed while the data was being moved. Nothing was moved; try again when the app is idle.`);
      }
      const copy = await hashFile(join(to, file.relativePath), { io, signal: work, onBytes: (n) => report('verifying', n) }).catch((error: unknown) => {
        throw copyFailure(error, file.relativePath, 'checked');
      });
      if (copy.sizeBytes !== copied.sizeBytes || copy.sha256 !== copied.sha256) {
        throw new AppError('SAVE_FAILED', `The copy of ${file.relativePath} does not match the original: the new disk may be failing. Nothing was moved.`);
      }
    });
    canceled(signal);
    report('switching');
    await writeDataLocation(options.defaultDir, to).catch((error: unknown) => {
      throw new AppError('SAVE_FAILED', `The app could not record the new place: ${describeWriteProblem(error)}. Nothing was moved.`, { cause: error });
    });
  } catch (error) {
    await undo();
    throw error;
  }

  // Switched: from here on the new folder is the data, and the old one only needs removing.
  await options.afterSwitch?.().catch(() => undefined);
  report('removing');
  const leftovers = await removeOldData(journal);
  await clearMoveJournal(options.defaultDir).catch(() => undefined);
  const result: MoveResult = { from, to, files: filesCopied, bytes: bytesTotal / 3 };
  if (leftovers.length > 0) result.leftBehind = `Some of the old folder could not be removed (${leftovers.join(', ')} in ${from}); delete it yourself.`;
  return result;
}

const fileConcurrency = 4;

/**
 * Runs `fn` over `items`, `limit` at a time. The first failure stops new starts and aborts `stop`
 * (those running end early), and is thrown once every started call has settled, so nothing is
 * still writing when the caller cleans up.
 */
async function eachLimited<T>(items: readonly T[], limit: number, stop: AbortController, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

function copyFailure(error: unknown, relativePath: string, what: string): unknown {
  if (error instanceof AppError) return error;
  const code = codeOf(error);
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' || code === 'EIO' || code === 'EROFS') {
    return new AppError('SAVE_FAILED', `${relativePath} could not be ${what}: ${describeWriteProblem(error)}. Nothing was moved.`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError('FILE_REJECTED', `${relativePath} could not be ${what}: the app is not allowed to read or write it (${code}). Nothing was moved.`, { cause: error });
  }
  return new AppError('SAVE_FAILED', `${relativePath} could not be ${what}${code ? ` (${code})` : ''}. Nothing was moved.`, { cause: error });
}
