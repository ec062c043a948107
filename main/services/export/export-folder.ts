import { join } from 'node:path';
import { AppError } from '../../../common/errors';
import { createFileAtomic } from '../fs/atomic-create';
import { describeWriteError } from '../fs/write-errors';
import { safeFileName } from './file-name';

/** One file to write: its title becomes the file name. */
export interface ExportFile {
  title: string;
  /** Without the leading dot, e.g. `srt` or `deepgram.json`. */
  extension: string;
  data: string | Uint8Array;
}

/** Where one file went. */
export interface WrittenFile {
  path: string;
  fileName: string;
}

/** Gives up numbering after this many names taken: something else is wrong with the folder. */
const maxAttempts = 1000;

/**
 * Writes files into one folder under safe names, never replacing anything: a name taken on disk or
 * earlier by this writer gets " (2)", " (3)"… Each file is written atomically.
 */
export class FolderWriter {
  // Case-insensitive, as on Windows and macOS disks, so the files can be copied there later.
  private readonly taken = new Set<string>();

  constructor(private readonly folder: string) {}

  /** Writes one file under the first free name and answers where it went. */
  async write(file: ExportFile): Promise<WrittenFile> {
    for (let n = 1; n <= maxAttempts; n += 1) {
      const fileName = safeFileName(file.title, file.extension, n === 1 ? '' : ` (${n})`);
      const key = fileName.toLowerCase();
      if (this.taken.has(key)) continue;
      this.taken.add(key);
      const path = join(this.folder, fileName);
      try {
        await createFileAtomic(path, file.data);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw describeWriteError(error, 'The export', this.folder);
      }
      return { path, fileName };
    }
    throw new AppError('SAVE_FAILED', `The export could not be saved: ${maxAttempts} files named like “${file.title}” are already in ${this.folder}. Choose another folder.`);
  }
}

/** Writes the files into `folder` with a `FolderWriter`, in order. */
export async function writeFilesToFolder(folder: string, files: readonly ExportFile[]): Promise<WrittenFile[]> {
  const writer = new FolderWriter(folder);
  const written: WrittenFile[] = [];
  for (const file of files) written.push(await writer.write(file));
  return written;
}
