import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface SpooledBody {
  file: string;
  sha256: string;
  bytes: number;
  remove(): Promise<void>;
}

/**
 * Streams `source` to a new file in `dir`, hashing on the way (bodies can be GBs, so nothing is buffered).
 * `onProgress` sees the running byte count after every chunk.
 */
export async function spoolToFile(source: Readable, dir: string, onProgress?: (bytes: number) => void): Promise<SpooledBody> {
  const file = join(dir, `body-${randomUUID()}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      hash.update(chunk);
      onProgress?.(bytes);
      callback(null, chunk);
    },
  });
  const remove = (): Promise<void> => rm(file, { force: true });
  try {
    await pipeline(source, meter, createWriteStream(file));
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, sha256: hash.digest('hex'), bytes, remove };
}

export interface MediaInfo {
  duration: number;
  channels: number;
}

/** ffmpeg demuxer names for headerless encodings Deepgram accepts with `encoding` + `sample_rate`. */
const RAW_FORMATS: Readonly<Record<string, string>> = {
  linear16: 's16le',
  linear32: 's32le',
  mulaw: 'mulaw',
  alaw: 'alaw',
};

export interface RawAudioHint {
  encoding: string | undefined;
  sampleRate: number | undefined;
  channels: number | undefined;
}

interface FfprobeOutput {
  streams?: { codec_type?: string; channels?: number; duration?: string }[];
  format?: { duration?: string };
}

async function ffprobe(file: string, inputArgs: readonly string[]): Promise<MediaInfo | undefined> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(
      'ffprobe',
      ['-v', 'error', ...inputArgs, '-show_entries', 'stream=codec_type,channels,duration:format=duration', '-of', 'json', file],
      { timeout: 60_000 },
    ));
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(stdout) as FfprobeOutput;
  const audio = parsed.streams?.find((s) => s.codec_type === 'audio');
  if (!audio) return undefined;
  const duration = Number(parsed.format?.duration ?? audio.duration);
  return {
    duration: Number.isFinite(duration) ? duration : await demuxedDuration(file, inputArgs),
    channels: audio.channels ?? 1,
  };
}

/** Containers without a duration in their header (e.g. MediaRecorder WebM): demux the audio without decoding it. */
async function demuxedDuration(file: string, inputArgs: readonly string[]): Promise<number> {
  try {
    const { stdout } = await execFileAsync(
      'ffmpeg',
      ['-v', 'error', '-nostats', ...inputArgs, '-i', file, '-map', '0:a:0', '-c', 'copy', '-f', 'null', '-progress', 'pipe:1', '-'],
      { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const times = [...stdout.matchAll(/^out_time_us=(\d+)$/gm)].map((m) => Number(m[1]));
    return Math.max(0, ...times) / 1e6;
  } catch {
    return 0;
  }
}

/**
 * Duration and channel count of the first audio stream, or undefined when the file holds no decodable
 * audio. Headerless PCM is tried only when the container probe fails and `encoding`/`sample_rate` say how.
 */
export async function probeMedia(file: string, raw?: RawAudioHint): Promise<MediaInfo | undefined> {
  const detected = await ffprobe(file, []);
  if (detected) return detected;
  const format = raw?.encoding ? RAW_FORMATS[raw.encoding] : undefined;
  if (!format || !raw?.sampleRate) return undefined;
  return ffprobe(file, ['-f', format, '-ar', String(raw.sampleRate), '-ac', String(raw.channels ?? 1)]);
}
