import { randomUUID } from 'node:crypto';
import { AppError } from '../../../common/errors';
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SourceKeeper, TranscriptMediaFile } from '../library/transcript-store';
import type { Logger } from '../logging/logger';
import { copyFileVerified } from './verified-copy';
import type { CopyIo } from './verified-copy';

/** The folder of the data folder that holds kept copies of transcribed files, one folder per copy. */
export const sourcesFolderName = 'sources';

export interface SourceCopiesDeps {
  dataDir: string;
  /** Whether the user chose copies over links. */
  keepSourceCopies: () => Promise<boolean>;
  logger: Pick<Logger, 'warn'>;
  /** Tells the user a file they wanted copied stays a link, and why. */
  onNotCopied?: (notice: { fileName: string; reason: string }) => void;
  io?: CopyIo;
}

/**
 * Copies a transcribed file into `<data>/sources/<uuid>/<its name>` when the user chose copies:
 * streamed, checked (size and sha256) and renamed into place. A file that changed since it was
 * transcribed, or a copy that fails, leaves the entry a link to the original, as before.
 */
export class SourceCopies implements SourceKeeper {
  constructor(private readonly deps: SourceCopiesDeps) {}

  /** Removes what a copy cut short by a crash left (`.part` files, then empty folders); kept copies stay. */
  async sweep(): Promise<number> {
    const root = join(this.deps.dataDir, sourcesFolderName);
    let removed = 0;
    for (const dir of await readdir(root).catch(() => [] as string[])) {
      const names = await readdir(join(root, dir)).catch(() => null);
      if (names === null) continue;
      for (const name of names.filter((n) => n.endsWith('.part'))) {
        await rm(join(root, dir, name), { force: true });
        removed += 1;
      }
      // Only an empty folder goes; rmdir refuses one that still holds a kept copy.
      await rmdir(join(root, dir)).catch(() => undefined);
    }
    return removed;
  }

  /** The media the entry should point to: the checked copy, or the original when no copy is kept. */
  async keep(media: TranscriptMediaFile): Promise<TranscriptMediaFile> {
    if (!(await this.deps.keepSourceCopies())) return media;
    const before = await stat(media.path).catch(() => undefined);
    if (!before || before.size !== media.sizeBytes || before.mtimeMs !== media.mtimeMs) {
      this.notCopied(media, 'it changed or went away after it was transcribed');
      return media;
    }
    const dir = join(this.deps.dataDir, sourcesFolderName, randomUUID());
    const copy = join(dir, basename(media.path));
    try {
      await mkdir(dir, { recursive: true });
      await copyFileVerified(media.path, copy, { expectedSize: media.sizeBytes, ...(this.deps.io ? { io: this.deps.io } : {}) });
      const after = await stat(media.path);
      if (after.mtimeMs !== media.mtimeMs || after.size !== media.sizeBytes) throw new Error('the file changed while it was being copied');
      const copied = await stat(copy);
      return { ...media, path: copy, mtimeMs: copied.mtimeMs };
    } catch (error) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      this.notCopied(media, copyFailureReason(error));
      return media;
    }
  }

  private notCopied(media: TranscriptMediaFile, reason: string): void {
    const fileName = basename(media.path);
    this.deps.logger.warn(`Source of a transcript not copied, kept as a link: ${reason} (${fileName})`);
    this.deps.onNotCopied?.({ fileName, reason });
  }
}

/** Why a copy failed, in the user's words; the error's own message may hold paths. */
function copyFailureReason(error: unknown): string {
  if (error instanceof AppError) return error.message.replace(/\.$/, '').replace(/^\p{Lu}/u, (c) => c.toLowerCase());
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk of the data folder is full';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'the data folder cannot be written';
  if (code === 'ENOENT') return 'the file went away while it was copied';
  return `the copy failed (${code ?? 'unknown error'})`;
}
