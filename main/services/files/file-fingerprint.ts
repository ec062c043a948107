import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const sampleBytes = 1024 * 1024;

/**
 * Identifies a file's content for duplicate detection: sha256 over its size and three 1 MiB samples
 * (start, middle, end), so a 2 GB file costs 3 MiB of reading. Two files that differ only outside
 * the samples and have the same size get the same fingerprint; a file up to 3 MiB is hashed whole.
 */
export async function fingerprintFile(handle: FileHandle, sizeBytes: number): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`size:${sizeBytes}\n`);
  const ranges: [number, number][] =
    sizeBytes <= 3 * sampleBytes
      ? [[0, sizeBytes]]
      : [[0, sampleBytes], [Math.floor((sizeBytes - sampleBytes) / 2), sampleBytes], [sizeBytes - sampleBytes, sampleBytes]];
  const buffer = Buffer.allocUnsafe(Math.max(...ranges.map(([, length]) => length)));
  for (const [position, length] of ranges) {
    await readFully(handle, buffer, length, position);
    hash.update(buffer.subarray(0, length));
  }
  return `v1:${hash.digest('hex')}`;
}

async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw new FileShrankError();
    filled += bytesRead;
  }
}

/** The file ended before the size it had when it was opened. */
export class FileShrankError extends Error {
  constructor() {
    super('The file ended before its recorded size.');
    this.name = 'FileShrankError';
  }
}
