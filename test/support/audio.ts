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
