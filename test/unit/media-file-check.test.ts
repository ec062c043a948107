import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { constants, existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, open, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMediaFile, maxUploadBytes } from '../../main/services/files/media-file-check';
import type { MediaFile } from '../../main/services/files/media-file-check';
import { convert, pcmWavHeader, speechWav } from '../support/audio';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const nobody = 65534;

let dir: string;
let wav: string;

/** A 16 kHz mono 16-bit WAV of silence lasting `seconds`. */
async function silentWav(path: string, seconds: number): Promise<string> {
  const dataBytes = Math.round(seconds * 32000);
  await writeFile(path, Buffer.concat([pcmWavHeader(dataBytes), Buffer.alloc(dataBytes)]));
  return path;
}

/** A 440 Hz tone encoded by ffmpeg, the container and codec chosen by the extension or `args`. */
async function tone(path: string, seconds: number, args: string[] = []): Promise<string> {
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, ...args, path]);
  return path;
}

async function accepted(path: string): Promise<MediaFile> {
  const check = await checkMediaFile(path);
  if (!check.ok) throw new Error(`${path} was refused: ${check.reason}`);
  return check.file;
}

async function refusal(path: string): Promise<string> {
  const check = await checkMediaFile(path);
  if (check.ok) throw new Error(`${path} was accepted`);
  return check.reason;
}

/** Bytes this process has read through read(2) and friends, page cache included. */
function bytesReadByProcess(): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
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
  dir = await mkdtemp(join(tmpdir(), 'media-check-'));
  await chmod(dir, 0o755); // so the unreadable-file test meets the file's own permissions, not the folder's
  wav = await speechWav(dir, 'Checking that real audio is accepted.');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkMediaFile', () => {
  it('accepts real audio and video by their content, whatever the name', async () => {
    const mp3 = await convert(wav, join(dir, 'speech.mp3'));
    const m4a = await convert(wav, join(dir, 'speech.m4a'));
    const mp4 = await convert(wav, join(dir, 'clip.mp4'), ['-f', 'lavfi', '-i', 'color=c=black:s=32x32:r=5', '-shortest']);
    const renamed = await convert(wav, join(dir, 'no-extension'), ['-f', 'flac']);
    const expected: [string, string][] = [[wav, 'audio/wav'], [mp3, 'audio/mpeg'], [m4a, 'audio/x-m4a'], [mp4, 'video/mp4'], [renamed, 'audio/flac']];
    for (const [path, type] of expected) {
      const check = await checkMediaFile(path);
      expect(check, path).toMatchObject({ ok: true, file: { path, contentType: type } });
    }
  });

  it('reports the size and modification time the file had when it was checked', async () => {
    const file = await accepted(wav);
    const info = await stat(wav);
    expect(file).toMatchObject({ fileName: 'speech.wav', sizeBytes: info.size, mtimeMs: info.mtimeMs });
  });

  it('accepts names in any script, with emoji and quotes', async () => {
    for (const name of ['会議の録音.wav', 'Интервью.wav', 'memo 🎙.wav', 'it’s "quoted".wav']) {
      const path = await silentWav(join(dir, name), 1);
      expect(await accepted(path)).toMatchObject({ path, fileName: name, contentType: 'audio/wav' });
    }
  });

  it('refuses text, empty, missing, folders and relative paths with a reason', async () => {
    const text = join(dir, 'notes.txt');
    await writeFile(text, 'These are meeting notes, not a recording.\n');
    const fakeWav = join(dir, 'fake.wav');
    await writeFile(fakeWav, 'not really audio');
    const renamedText = join(dir, 'renamed.mp3');
    await writeFile(renamedText, 'Minutes of the meeting, saved under a new name.\n'.repeat(200));
    const pdf = join(dir, 'slides.mp3');
    await writeFile(pdf, '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
    const empty = join(dir, 'empty.wav');
    await writeFile(empty, '');
    const folder = join(dir, 'folder');
    await mkdir(folder);
    const cases: [string, RegExp][] = [
      [text, /doesn’t look like an audio or video file\. Add a recording/],
      [fakeWav, /doesn’t look like an audio or video file/],
      [renamedText, /doesn’t look like an audio or video file/],
      [pdf, /doesn’t look like an audio or video file \(it looks like PDF\)/],
      [empty, /The file is empty/],
      [join(dir, 'missing.wav'), /no longer exists/],
      [folder, /This is a folder\. Add the audio or video files inside it/],
      ['relative/path.wav', /relative path/],
    ];
    for (const [path, reason] of cases) expect(await refusal(path), path).toMatch(reason);
  });

  it('refuses a FIFO without opening it, so the check returns although no one ever writes to it', async () => {
    const fifo = join(dir, 'stream.wav');
    await run('mkfifo', [fifo]);
    try {
      expect(await refusal(fifo)).toMatch(/This is a pipe, not a file\. Save the recording to a file/);
      // A non-blocking open for writing fails with ENXIO only while no one has the FIFO open for
      // reading: the check left no reader behind (not even one stuck in the thread pool).
      await expect(open(fifo, constants.O_WRONLY | constants.O_NONBLOCK)).rejects.toMatchObject({ code: 'ENXIO' });
    } finally {
      // Releases a reader that a broken check left blocked, so a failure here cannot hang the run.
      await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).then((h) => h.close(), () => undefined);
    }
  });

  it('refuses sockets and devices as what they are', async () => {
    const socketPath = join(dir, 'live.wav');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      expect(await refusal(socketPath)).toMatch(/This is a socket, not a file/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await refusal('/dev/null')).toMatch(/This is a device, not a file/);
  });

  it('refuses a link that leads back to itself', async () => {
    await symlink('loop-b.wav', join(dir, 'loop-a.wav'));
    await symlink('loop-a.wav', join(dir, 'loop-b.wav'));
    expect(await refusal(join(dir, 'loop-a.wav'))).toMatch(/link that leads back to itself/);
  });

  it('refuses a file the user may not read', async () => {
    const locked = await silentWav(join(dir, 'locked.wav'), 1);
    await chmod(locked, 0o000);
    // Root reads any file whatever its mode; as the unprivileged user nobody the permission is real.
    const reason = isRoot ? await asNobody(() => refusal(locked)) : await refusal(locked);
    expect(reason).toMatch(/not allowed to read this file\. Check its permissions/);
  });

  it('accepts exactly 2 × 10⁹ bytes and refuses one byte more, before reading either', async () => {
    const limit = 2_000_000_000; // contract §2.5: "2 GB" read as 10⁹-byte gigabytes, the safe reading
    expect(maxUploadBytes).toBe(limit);
    const atLimit = join(dir, 'at-limit.wav');
    const handle = await open(atLimit, 'w');
    await handle.write(pcmWavHeader(limit - 44));
    await handle.truncate(limit); // sparse: no disk used
    await handle.close();
    expect(await accepted(atLimit)).toMatchObject({ sizeBytes: 2_000_000_000 });

    const big = join(dir, 'huge.wav');
    const bigHandle = await open(big, 'w');
    await bigHandle.truncate(limit + 1);
    await bigHandle.close();
    expect(await refusal(big)).toMatch(/The file is 2\.01 GB; Deepgram accepts up to 2 GB\. Extract the audio track/);
  });
});

describe('duration', () => {
  it('reads a WAV’s duration from its header', async () => {
    const file = await accepted(await silentWav(join(dir, 'ten-seconds.wav'), 10));
    expect(file.durationSec).toBeGreaterThan(9.9);
    expect(file.durationSec).toBeLessThan(10.1);
  });

  it('reads the duration of MP3, OGG, M4A, FLAC and WebM made by ffmpeg', async () => {
    for (const name of ['seven.mp3', 'seven.ogg', 'seven.m4a', 'seven.flac', 'seven.webm']) {
      const file = await accepted(await tone(join(dir, name), 7));
      expect(file.durationSec, name).toBeGreaterThan(6.9);
      expect(file.durationSec, name).toBeLessThan(7.1);
    }
  });

  it('says unknown (null) when no header states it, instead of scanning the frames', async () => {
    // A VBR MP3 without its Xing header: only decoding every frame would tell its length.
    const file = await accepted(await tone(join(dir, 'vbr-no-header.mp3'), 7, ['-c:a', 'libmp3lame', '-q:a', '4', '-write_xing', '0']));
    expect(file.durationSec).toBeNull();
  });

  it.skipIf(!existsSync('/proc/self/io'))('reads a few MB of a 1 GB file, not all of it', async () => {
    const cases: [string, () => Promise<void>][] = [
      [
        'wav',
        async () => {
          const handle = await open(join(dir, 'gigabyte.wav'), 'w');
          await handle.write(pcmWavHeader(1e9 - 44));
          await handle.truncate(1e9); // sparse: silence that takes no disk
          await handle.close();
        },
      ],
      [
        'mp3',
        async () => {
          // A real MP3 followed by a sparse gigabyte: a reader that walks the frames would read it all.
          await tone(join(dir, 'gigabyte.mp3'), 7, ['-c:a', 'libmp3lame', '-write_xing', '0']);
          const handle = await open(join(dir, 'gigabyte.mp3'), 'r+');
          await handle.truncate(1e9);
          await handle.close();
        },
      ],
    ];
    for (const [ext, make] of cases) {
      await make();
      const before = bytesReadByProcess();
      const file = await accepted(join(dir, `gigabyte.${ext}`));
      const read = bytesReadByProcess() - before;
      expect(file.sizeBytes, ext).toBe(1e9);
      expect(read, ext).toBeLessThan(20 * 1024 * 1024);
    }
    expect((await accepted(join(dir, 'gigabyte.wav'))).durationSec).toBeCloseTo((1e9 - 44) / 32000, 3);
  });

  it.skipIf(!existsSync('/proc/self/io'))('stops reading a container that would have to be walked to the end', async () => {
    // Matroska written to a pipe has no index and no duration; a cluster every 10 ms makes
    // music-metadata visit every cluster header of this 90 MB file to look for one.
    const walked = join(dir, 'no-index.mkv');
    const output = await open(walked, 'w');
    const args = ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=480:sample_rate=48000', '-ac', '2', '-c:a', 'pcm_s16le', '-cluster_time_limit', '10', '-f', 'matroska', 'pipe:1'];
    const ffmpeg = spawn('ffmpeg', args, { stdio: ['ignore', output.fd, 'inherit'] });
    await once(ffmpeg, 'exit');
    await output.close();
    const before = bytesReadByProcess();
    const file = await accepted(walked);
    const read = bytesReadByProcess() - before;
    expect(file.sizeBytes).toBeGreaterThan(80e6);
    expect(file.durationSec).toBeNull();
    expect(read).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('fingerprint', () => {
  const mib = 1024 * 1024;

  /** 10 MiB of varied bytes as a WAV, so each 1 MiB sample differs from its neighbours. */
  async function largeWav(path: string): Promise<string> {
    const data = Buffer.alloc(10 * mib);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    await writeFile(path, Buffer.concat([pcmWavHeader(data.length), data]));
    return path;
  }

  async function withByteChanged(source: string, target: string, position: number): Promise<string> {
    await copyFile(source, target);
    const handle = await open(target, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, position);
    await handle.close();
    return target;
  }

  it('is equal for a copy, whatever its name and time', async () => {
    const original = await largeWav(join(dir, 'original.wav'));
    const copy = join(dir, 'a copy.wav');
    await copyFile(original, copy);
    await utimes(copy, new Date(2001, 0, 1), new Date(2001, 0, 1));
    const small = await silentWav(join(dir, 'small.wav'), 2);
    const smallCopy = join(dir, 'small copy.wav');
    await copyFile(small, smallCopy);
    expect((await accepted(copy)).fingerprint).toBe((await accepted(original)).fingerprint);
    expect((await accepted(smallCopy)).fingerprint).toBe((await accepted(small)).fingerprint);
  });

  it('differs when one byte changes at the start, in the middle or at the end', async () => {
    const original = await largeWav(join(dir, 'sampled.wav'));
    const size = (await stat(original)).size;
    const reference = (await accepted(original)).fingerprint;
    for (const [label, position] of [['start', 100], ['middle', Math.floor(size / 2)], ['end', size - 1]] as const) {
      const changed = await withByteChanged(original, join(dir, `changed-${label}.wav`), position);
      expect((await accepted(changed)).fingerprint, label).not.toBe(reference);
    }
    const small = await silentWav(join(dir, 'small-original.wav'), 2);
    const smallChanged = await withByteChanged(small, join(dir, 'small-changed.wav'), 40_000);
    expect((await accepted(smallChanged)).fingerprint).not.toBe((await accepted(small)).fingerprint);
  });

  it('differs when only the size differs', async () => {
    // Silence throughout: every sample of the two files is the same, only their lengths differ.
    const a = await silentWav(join(dir, 'silence-a.wav'), 300);
    const b = join(dir, 'silence-b.wav');
    await copyFile(a, b);
    const handle = await open(b, 'a');
    await handle.write(Buffer.alloc(2));
    await handle.close();
    expect((await accepted(b)).fingerprint).not.toBe((await accepted(a)).fingerprint);
  });
});
