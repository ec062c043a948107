import { createHash } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../../../common/errors';

/** Where copied bytes go; the real one is a file handle, tests inject one that fails like a full disk. */
export interface CopyWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes to the disk (fsync) and closes. */
  finish(): Promise<void>;
  /** Closes after a failure; never throws. */
  abandon(): Promise<void>;
}

/** The file operations a copy uses; swapped in tests to plant disk failures. */
export interface CopyIo {
  openRead(path: string): Promise<FileHandle>;
  openWrite(path: string): Promise<CopyWriter>;
}

const chunkBytes = 1024 * 1024;

/** Writes to a new file (refusing to replace one) and syncs it before closing. */
async function openFileWriter(path: string): Promise<CopyWriter> {
  const handle = await open(path, 'wx', 0o600);
  return {
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.byteLength) offset += (await handle.write(chunk, offset, chunk.byteLength - offset)).bytesWritten;
    },
    async finish() {
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async abandon() {
      await handle.close().catch(() => undefined);
    },
  };
}

export const diskIo: CopyIo = {
  openRead: (path) => open(path, 'r'),
  openWrite: openFileWriter,
};

export interface FileDigest {
  sizeBytes: number;
  sha256: string;
}

/** A read buffer as large as the file, up to one chunk: small files do not each take a megabyte. */
async function bufferFor(handle: FileHandle): Promise<Buffer> {
  const { size } = await handle.stat();
  return Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, size)));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELED', 'The copy was stopped.');
}

/**
 * The file's bytes in order, in one buffer reused for every chunk: each chunk must be used (awaited)
 * before the next is asked for. Stops with CANCELED when `signal` aborts.
 */
async function* chunksOf(handle: FileHandle, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const buffer = await bufferFor(handle);
  for (;;) {
    throwIfAborted(signal);
    const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Reads a whole file in chunks and hashes it (sha256), reporting bytes as they are read. */
export async function hashFile(path: string, options: { io?: CopyIo; signal?: AbortSignal; onBytes?: (n: number) => void } = {}): Promise<FileDigest> {
  const io = options.io ?? diskIo;
  const handle = await io.openRead(path);
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of chunksOf(handle, options.signal)) {
      hash.update(chunk);
      size += chunk.byteLength;
      options.onBytes?.(chunk.byteLength);
    }
    return { sizeBytes: size, sha256: hash.digest('hex') };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Streams `from` into a new file `to` (never replacing one), hashing what it read, and syncs it.
 * Returns the size and sha256 of the bytes copied; on any failure the partial file is removed.
 */
export async function copyFileHashed(
  from: string,
  to: string,
  options: { io?: CopyIo; signal?: AbortSignal; onBytes?: (n: number) => void } = {},
): Promise<FileDigest> {
  const io = options.io ?? diskIo;
  const source = await io.openRead(from);
  let writer: CopyWriter | undefined;
  try {
    writer = await io.openWrite(to);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of chunksOf(source, options.signal)) {
      hash.update(chunk);
      // Written before the next chunk is read into the same buffer.
      await writer.write(chunk);
      size += chunk.byteLength;
      options.onBytes?.(chunk.byteLength);
    }
    const done = writer;
    writer = undefined;
    await done.finish();
    return { sizeBytes: size, sha256: hash.digest('hex') };
  } catch (error) {
    await writer?.abandon();
    await rm(to, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    await source.close().catch(() => undefined);
  }
}

/**
 * Copies one file to `to` so that `to` appears only complete and checked: streamed into a hidden
 * `.part` file beside it, read back and compared (size and sha256) with what was read from `from`
 * and with `expected` when given, then renamed into place.
 */
export async function copyFileVerified(
  from: string,
  to: string,
  options: { io?: CopyIo; signal?: AbortSignal; onBytes?: (n: number) => void; expectedSize?: number } = {},
): Promise<FileDigest> {
  const part = `${to}.part`;
  try {
    const copied = await copyFileHashed(from, part, options);
    if (options.expectedSize !== undefined && copied.sizeBytes !== options.expectedSize) {
      throw new AppError('FILE_REJECTED', 'The file changed while it was being copied.');
    }
    const written = await hashFile(part, options.io ? { io: options.io } : {});
    if (written.sizeBytes !== copied.sizeBytes || written.sha256 !== copied.sha256) {
      throw new AppError('SAVE_FAILED', 'The copy does not match the original: the disk may be failing.');
    }
    await rename(part, to);
    return copied;
  } catch (error) {
    await rm(part, { force: true }).catch(() => undefined);
    throw error;
  }
}
