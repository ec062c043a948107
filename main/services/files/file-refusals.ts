import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/**
 * Opens for reading without ever blocking: a FIFO put in the file's place after it was checked
 * opens at once (and is then refused by its fstat) instead of waiting for a writer.
 */
export function openForReading(path: string): Promise<FileHandle> {
  return open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
}

/** Why a path that is not a regular file cannot be sent; undefined for a regular file. */
export function nonRegularReason(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'This is a folder. Add the audio or video files inside it.';
  if (info.isFIFO()) return 'This is a pipe, not a file. Save the recording to a file and add that.';
  if (info.isSocket()) return 'This is a socket, not a file. Save the recording to a file and add that.';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'This is a device, not a file. Save the recording to a file and add that.';
  return 'This is not a regular file. Add an audio or video file.';
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Why a file could not be looked at, opened or read, with what to do about it. */
export function fileErrorReason(error: unknown): string {
  switch (codeOf(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'The file no longer exists. It may have been moved or deleted.';
    case 'EACCES':
    case 'EPERM':
      return 'The app is not allowed to read this file. Check its permissions.';
    case 'ELOOP':
      return 'This is a link that leads back to itself. Add the file it should point to.';
    case 'ENAMETOOLONG':
      return 'The path is too long for this system. Move the file to a shorter path and add it again.';
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many files are open at once. Add this file again in a moment.';
    case undefined:
      return 'The file could not be read. Check that its disk is connected, then add it again.';
    default:
      return `The file could not be read (${codeOf(error)}). Check that its disk is connected, then add it again.`;
  }
}

/** Why a folder could not be listed, with what to do about it. */
export function folderErrorReason(error: unknown): string {
  switch (codeOf(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'The app is not allowed to open this folder. Check its permissions.';
    case 'ENOENT':
    case 'ENOTDIR':
      return 'The folder no longer exists. It may have been moved or deleted.';
    case undefined:
      return 'The folder could not be read. Check that its disk is connected, then add it again.';
    default:
      return `The folder could not be read (${codeOf(error)}). Check that its disk is connected, then add it again.`;
  }
}
