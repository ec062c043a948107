import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Speech as a 16-bit mono WAV, spoken by espeak-ng. */
export async function speechWav(dir: string, text: string, name = 'speech.wav'): Promise<string> {
  const path = join(dir, name);
  await run('espeak-ng', ['-s', '150', '-w', path, text]);
  return path;
}

/** Converts with ffmpeg, e.g. to .mp3 or .m4a by the target's extension. */
export async function convert(input: string, output: string, args: string[] = []): Promise<string> {
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-i', input, ...args, output]);
  return output;
}

/** Duration in seconds as sox measures it. */
export async function durationOf(path: string): Promise<number> {
  const { stdout } = await run('soxi', ['-D', path]);
  return Number(stdout.trim());
}

/** The 44-byte header of a 16 kHz mono 16-bit PCM WAV whose samples take `dataBytes` bytes. */
export function pcmWavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
