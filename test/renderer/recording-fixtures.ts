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

