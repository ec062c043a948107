import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { appendFile, chmod, mkdtemp, open, readFile, rename, rm, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import { releaseChunk } from '../../main/services/files/chunk-pool';
import { checkMediaFile } from '../../main/services/files/media-file-check';
import type { MediaFile } from '../../main/services/files/media-file-check';
import { openUploadSource } from '../../main/services/files/upload-source';
import type { UploadSource } from '../../main/services/files/upload-source';
import { pcmWavHeader } from '../support/audio';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const nobody = 65534;
const chunkBytes = 64 * 1024;
let dir: string;
let counter = 0;

/** A WAV of `dataBytes` varied sample bytes (so any misplaced byte changes the hash), with a unique name. */
async function makeWav(dataBytes = 3 * 1024 * 1024 + 123, name = `clip-${++counter}.wav`): Promise<string> {
  const data = Buffer.alloc(dataBytes);
  for (let i = 0; i + 4 <= data.length; i += 4) data.writeUInt32LE(((i + counter) * 2654435761) >>> 0, i);
  const path = join(dir, name);
  await writeFile(path, Buffer.concat([pcmWavHeader(dataBytes), data]));
  return path;
}

async function checked(path: string): Promise<MediaFile> {
  const check = await checkMediaFile(path);
  if (!check.ok) throw new Error(`${path} was refused: ${check.reason}`);
  return check.file;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a stream to its end; `afterFirstChunk` runs once the first chunk has arrived. */
async function drain(stream: Readable, afterFirstChunk?: () => Promise<void>): Promise<{ bytes: number; hash: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    if (bytes === 0 && afterFirstChunk) await afterFirstChunk();
    bytes += buffer.length;
    hash.update(buffer);
  }
  return { bytes, hash: hash.digest('hex') };
}

/** Reads a stream until it fails; returns the error and how many bytes came before it. */
async function drainUntilError(stream: Readable, afterFirstChunk?: () => Promise<void>): Promise<{ error: unknown; bytes: number }> {
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      if (bytes === 0 && afterFirstChunk) await afterFirstChunk();
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    return { error, bytes };
  }
  throw new Error(`The stream ended normally after ${bytes} bytes.`);
}

async function refusalOf(file: MediaFile): Promise<AppError> {
  const error: unknown = await openUploadSource(file, chunkBytes).then(
    async (source) => {
      await source.close();
      throw new Error('The source opened.');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

/** Runs `body` with the effective user id of nobody, so file permissions apply as they do to a user. */
async function asNobody<T>(body: () => Promise<T>): Promise<T> {
  process.seteuid!(nobody);
  try {
    return await body();
  } finally {
    process.seteuid!(0);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-source-'));
  await chmod(dir, 0o755);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openUploadSource', () => {
  it('streams the exact bytes, and a second stream streams them again from the start', async () => {
    const path = await makeWav();
    const expected = sha256(await readFile(path));
    const source = await openUploadSource(await checked(path), chunkBytes);
    try {
      const first = await drain(source.createStream());
      const second = await drain(source.createStream());
      expect(first).toEqual({ bytes: source.sizeBytes, hash: expected });
      expect(second).toEqual({ bytes: source.sizeBytes, hash: expected });
    } finally {
      await source.close();
    }
  });

  it('never reads into a chunk the consumer still holds', async () => {
    const path = await makeWav();
    const source = await openUploadSource(await checked(path), chunkBytes);
    try {
      // Every chunk kept, none given back: a buffer read into again would change one kept earlier.
      const kept: Buffer[] = [];
      for await (const chunk of source.createStream()) kept.push(chunk as Buffer);
      expect(sha256(Buffer.concat(kept))).toBe(sha256(await readFile(path)));
      expect(new Set(kept).size).toBe(kept.length);
    } finally {
      await source.close();
    }
  });

  it('reads into a chunk again once it is given back, every byte still in order', async () => {
    const path = await makeWav();
    const source = await openUploadSource(await checked(path), chunkBytes);
    try {
      const hash = createHash('sha256');
      const buffers = new Set<ArrayBufferLike>();
      let chunks = 0;
      for await (const chunk of source.createStream()) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        buffers.add(buffer.buffer);
        chunks += 1;
        releaseChunk(buffer);
      }
      expect(hash.digest('hex')).toBe(sha256(await readFile(path)));
      // 49 full chunks and a short last one; a few buffers at most carry them all.
      expect(chunks).toBe(Math.ceil(source.sizeBytes / chunkBytes));
      expect(buffers.size).toBeLessThanOrEqual(3);
    } finally {
      await source.close();
    }
  });

  it('keeps streaming a file deleted after it was opened: the descriptor still holds it', async () => {
    const path = await makeWav();
    const expected = sha256(await readFile(path));
    const source = await openUploadSource(await checked(path), chunkBytes);
    try {
      await unlink(path);
      expect(await drain(source.createStream())).toEqual({ bytes: source.sizeBytes, hash: expected });
      expect(await drain(source.createStream())).toEqual({ bytes: source.sizeBytes, hash: expected });
    } finally {
      await source.close();
    }
  });

  it('streams files named in any script, with emoji and quotes', async () => {
    for (const name of ['会議の録音.wav', 'Интервью.wav', 'memo 🎙.wav', 'it’s "quoted".wav']) {
      const path = await makeWav(64_000, name);
      const source = await openUploadSource(await checked(path), chunkBytes);
      try {
        expect(await drain(source.createStream()), name).toEqual({ bytes: 64_044, hash: sha256(await readFile(path)) });
      } finally {
        await source.close();
      }
    }
  });

  it('fails the stream when the file got shorter after it was opened', async () => {
    const path = await makeWav();
    const file = await checked(path);
    const source = await openUploadSource(file, chunkBytes);
    try {
      await truncate(path, 1024 * 1024);
      const { error, bytes } = await drainUntilError(source.createStream());
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'FILE_REJECTED', message: expect.stringMatching(new RegExp(`^${file.fileName} got shorter while it was being sent \\(it ended after 1048576 of ${file.sizeBytes} bytes\\)`)) });
      expect(bytes).toBe(1024 * 1024);
    } finally {
      await source.close();
    }
  });

  it('sends exactly the checked size and then fails the stream when the file grew while it was sent', async () => {
    const path = await makeWav();
    const file = await checked(path);
    const source = await openUploadSource(file, chunkBytes);
    try {
      const { error, bytes } = await drainUntilError(source.createStream(), () => appendFile(path, Buffer.alloc(4096, 1)));
      expect(error).toMatchObject({ code: 'FILE_REJECTED', message: `${file.fileName} changed while it was being sent (its size went from ${file.sizeBytes} to ${file.sizeBytes + 4096} bytes). Add it again once nothing is writing to it.` });
      expect(bytes).toBe(file.sizeBytes);
    } finally {
      await source.close();
    }
  });

  it('fails the stream when the file was rewritten in place while it was sent', async () => {
    const path = await makeWav();
    const file = await checked(path);
    const source = await openUploadSource(file, chunkBytes);
    const overwrite = async (): Promise<void> => {
      const handle = await open(path, 'r+');
      await handle.write(Buffer.from('edited'), 0, 6, 2 * 1024 * 1024);
      await handle.close();
    };
    try {
      const { error } = await drainUntilError(source.createStream(), overwrite);
      expect(error).toMatchObject({ code: 'FILE_REJECTED', message: expect.stringMatching(/changed while it was being sent \(it was modified\)/) });
    } finally {
      await source.close();
    }
  });

  it('lets a later stream fail on its own without affecting one that already finished', async () => {
    const path = await makeWav();
    const expected = sha256(await readFile(path));
    const source = await openUploadSource(await checked(path), chunkBytes);
    try {
      expect(await drain(source.createStream())).toEqual({ bytes: source.sizeBytes, hash: expected });
      await appendFile(path, 'more');
      const { error } = await drainUntilError(source.createStream());
      expect(error).toMatchObject({ message: expect.stringMatching(/changed while it was being sent/) });
    } finally {
      await source.close();
    }
  });

  it('refuses a file that grew or shrank since the check', async () => {
    const grown = await makeWav();
    const grownFile = await checked(grown);
    await appendFile(grown, 'x');
    expect((await refusalOf(grownFile)).message).toBe(`${grownFile.fileName} changed since it was added (its size went from ${grownFile.sizeBytes} to ${grownFile.sizeBytes + 1} bytes). Add it again.`);
  });

  it('refuses another file of the same size renamed over the checked one', async () => {
    const path = await makeWav(1_000_000);
    await utimes(path, 1_700_000_000, 1_700_000_000);
    const file = await checked(path);
    const other = await makeWav(1_000_000);
    await utimes(other, 1_700_000_100, 1_700_000_100);
    await rename(other, path);
    const error = await refusalOf(file);
    expect(error).toMatchObject({ code: 'FILE_REJECTED', message: `${file.fileName} changed since it was added (it was modified). Add it again.` });
  });

  it('refuses a non-media file of the same size and time put in its place, by its content', async () => {
    const path = await makeWav(1_000_000);
    await utimes(path, 1_700_000_000, 1_700_000_000);
    const file = await checked(path);
    const impostor = join(dir, 'impostor.txt');
    await writeFile(impostor, Buffer.alloc(file.sizeBytes, 'text '));
    await utimes(impostor, 1_700_000_000, 1_700_000_000);
    await rename(impostor, path);
    const error = await refusalOf(file);
    expect(error).toMatchObject({ code: 'FILE_REJECTED', message: `${file.fileName} changed since it was added (it no longer looks like audio or video). Add it again.` });
  });

  it('refuses a FIFO put in its place without waiting for a writer', async () => {
    const path = await makeWav();
    const file = await checked(path);
    await unlink(path);
    await run('mkfifo', [path]);
    try {
      expect((await refusalOf(file)).message).toBe(`${file.fileName} was replaced since it was added. This is a pipe, not a file. Save the recording to a file and add that.`);
      // ENXIO: no reader holds the FIFO open, so nothing was left blocked or leaked.
      await expect(open(path, constants.O_WRONLY | constants.O_NONBLOCK)).rejects.toMatchObject({ code: 'ENXIO' });
    } finally {
      await open(path, constants.O_WRONLY | constants.O_NONBLOCK).then((h) => h.close(), () => undefined);
    }
  });

  it('refuses a file deleted or locked since the check, saying why', async () => {
    const gone = await makeWav();
    const goneFile = await checked(gone);
    await unlink(gone);
    expect((await refusalOf(goneFile)).message).toBe(`${goneFile.fileName} could not be opened. The file no longer exists. It may have been moved or deleted.`);

    const locked = await makeWav();
    const lockedFile = await checked(locked);
    await chmod(locked, 0o000);
    // Root reads any file whatever its mode; as the unprivileged user nobody the permission is real.
    const error = isRoot ? await asNobody(() => refusalOf(lockedFile)) : await refusalOf(lockedFile);
    expect(error.message).toBe(`${lockedFile.fileName} could not be opened. The app is not allowed to read this file. Check its permissions.`);
  });

  it('passes a read error on as a stream error', async () => {
    const path = await makeWav();
    const source: UploadSource = await openUploadSource(await checked(path), chunkBytes);
    await source.close();
    const { error, bytes } = await drainUntilError(source.createStream());
    expect(error).toMatchObject({ code: 'EBADF' });
    expect(bytes).toBe(0);
  });
});
