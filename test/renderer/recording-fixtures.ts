import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';

const run = promisify(execFile);

// The fake microphone plays a file given at launch, so the files are made when this module loads,
// before any browser starts: real speech (looped), and digital silence for the silent-input case.
const mediaDir = join(tmpdir(), `e2e-recording-media-${process.pid}`);
mkdirSync(mediaDir, { recursive: true });
export const speechFile = join(mediaDir, 'speech.wav');
export const silenceFile = join(mediaDir, 'silence.wav');
export const spoken = 'Good morning everyone. Let us start the weekly meeting with the budget, then the launch plan.';
execFileSync('espeak-ng', ['-s', '150', '-w', speechFile, spoken]);
execFileSync('sox', ['-n', '-r', '22050', '-b', '16', '-c', '1', silenceFile, 'trim', '0', '20']);

/** Launch options for Chromium with a fake microphone playing `file`. */
export function fakeMicrophone(file: string) {
  return {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${file}`,
        // A recording must go on while the window is in the background.
        '--disable-background-timer-throttling',
        '--disable-renderer-backgrounding',
      ],
    },
  };
}

/** The recording panel, under whichever title it has. */
export function panel(page: Page) {
  return page.getByRole('region', { name: /^(Record a meeting|Recording|Recording paused)$/ });
}

/** Seconds shown by the recording timer. */
export async function shownSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('timer', { name: 'Recorded time' }).textContent()) ?? '0:00';
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** Duration in seconds as ffprobe reads it from the container. */
export async function probeDuration(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

/** Mean volume in dBFS of a file, decoded by ffmpeg. */
export async function meanVolume(path: string): Promise<number> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', path, '-af', 'volumedetect', '-f', 'null', '-']);
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1] ?? '-Infinity');
}


/** Mono PCM samples of a file at 16 kHz, decoded by ffmpeg. */
async function samples(path: string): Promise<Int16Array> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 's16le', '-ac', '1', '-ar', '16000', '-'], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  return new Int16Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.byteLength / 2));
}

/** RMS level per 50 ms window. */
function envelope(pcm: Int16Array): number[] {
  const size = 800;
  const out: number[] = [];
  for (let i = 0; i + size <= pcm.length; i += size) {
    let sum = 0;
    for (let j = i; j < i + size; j += 1) sum += (pcm[j]! / 32768) ** 2;
    out.push(Math.sqrt(sum / size));
  }
  return out;
}

function pearson(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: number[]): number => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i += 1) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db || 1);
}

/**
 * How well a recording's loudness over time follows the looped source the fake microphone played:
 * the best correlation over every phase of the loop (the recording starts anywhere in it).
 */
export async function envelopeCorrelation(recording: string, source: string): Promise<number> {
  const recorded = envelope(await samples(recording));
  const loop = envelope(await samples(source));
  let best = -1;
  for (let phase = 0; phase < loop.length; phase += 1) {
    const expected = recorded.map((_, i) => loop[(i + phase) % loop.length]!);
    best = Math.max(best, pearson(recorded, expected));
  }
  return best;
}
