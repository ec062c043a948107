import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../../../common/errors';
import { ChunkPool } from './chunk-pool';
import { fileErrorReason, nonRegularReason, openForReading } from './file-refusals';
import type { MediaFile } from './media-file-check';
import { sniffMediaType } from './media-probe';

/** Bytes per read and per stream chunk. */
export const uploadChunkBytes = 256 * 1024;

/** A checked file held open for upload: every attempt streams from this descriptor. */
export interface UploadSource {
  /** Exactly what every stream sends: the size the check saw. */
  readonly sizeBytes: number;
  /** A fresh stream of bytes 0 … sizeBytes − 1; call it again for each retry. */
  createStream(): Readable;
  /** Closes the descriptor; call once no stream is needed any more. */
  close(): Promise<void>;
}

function describeChange(file: MediaFile, now: Stats): string {
  if (now.size !== file.sizeBytes) return `its size went from ${file.sizeBytes} to ${now.size} bytes`;
  return 'it was modified';
}

/**
 * Opens a checked file once and proves it is still the file that was checked (same size and
 * modification time, same content signature). Streams read the descriptor by position, so a
 * rename or delete after this point changes nothing, and a file swapped in by name is never read.
 */
export async function openUploadSource(file: MediaFile, chunkBytes = uploadChunkBytes): Promise<UploadSource> {
  const { fileName } = file;
  let handle: FileHandle;
  try {
    handle = await openForReading(file.path);
  } catch (error) {
    throw new AppError('FILE_REJECTED', `${fileName} could not be opened. ${fileErrorReason(error)}`, { cause: error });
  }
  try {
    const opened = await handle.stat();
    const notRegular = nonRegularReason(opened);
    if (notRegular) throw new AppError('FILE_REJECTED', `${fileName} was replaced since it was added. ${notRegular}`);
    if (opened.size !== file.sizeBytes || opened.mtimeMs !== file.mtimeMs) {
      throw new AppError('FILE_REJECTED', `${fileName} changed since it was added (${describeChange(file, opened)}). Add it again.`);
    }
    const type = await sniffMediaType(handle, opened.size);
    if (type?.mime !== file.contentType) {
      const now = type ? `it now looks like ${type.ext.toUpperCase()}` : 'it no longer looks like audio or video';
      throw new AppError('FILE_REJECTED', `${fileName} changed since it was added (${now}). Add it again.`);
    }
  } catch (error) {
    await handle.close();
    if (error instanceof AppError) throw error;
    throw new AppError('FILE_REJECTED', `${fileName} could not be read. ${fileErrorReason(error)}`, { cause: error });
  }

  let closing: Promise<void> | undefined;
  return {
    sizeBytes: file.sizeBytes,
    createStream: () => Readable.from(readExactly(handle, file, chunkBytes), { objectMode: false, highWaterMark: chunkBytes }),
    close: () => (closing ??= handle.close()),
  };
}

/**
 * Yields exactly `file.sizeBytes` bytes from position 0, then proves the file did not change meanwhile.
 * Full chunks are read into buffers of a pool: the consumer may still hold any chunk it was given,
 * so a buffer is read into again only after its last holder gives it back (`releaseChunk`).
 */
async function* readExactly(handle: FileHandle, file: MediaFile, chunkBytes: number): AsyncGenerator<Buffer> {
  const pool = new ChunkPool(chunkBytes);
  let position = 0;
  try {
    while (position < file.sizeBytes) {
      const rest = file.sizeBytes - position;
      const buffer = rest >= chunkBytes ? pool.take() : Buffer.allocUnsafe(rest);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) {
        throw new AppError('FILE_REJECTED', `${file.fileName} got shorter while it was being sent (it ended after ${position} of ${file.sizeBytes} bytes). Add it again once it is complete.`);
      }
      position += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    pool.close();
  }
  const after = await handle.stat();
  if (after.size !== file.sizeBytes || after.mtimeMs !== file.mtimeMs) {
    throw new AppError('FILE_REJECTED', `${file.fileName} changed while it was being sent (${describeChange(file, after)}). Add it again once nothing is writing to it.`);
  }
}
