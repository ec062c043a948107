import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright';
import { speechWav } from './audio';

const run = promisify(execFile);
const cacheRoot = resolve(import.meta.dirname, '../../.test-artifacts/media-recorder');

declare global {
  interface Window {
    deliverChunk(seq: number, base64: string): Promise<void>;
  }
}

/**
 * MediaRecorder chunks (audio/webm;codecs=opus, 1000 ms timeslice) recorded by real Chromium from a
 * fake microphone playing espeak-ng speech, as the app's renderer would send them to main. Kept
 * under .test-artifacts so the test files that need the same recording make it once.
 */
export async function mediaRecorderChunks(seconds: number): Promise<Buffer[]> {
  const dir = join(cacheRoot, `speech-${seconds}s`);
  const cached = await readChunks(dir);
  if (cached) return cached;
  // Test files run in parallel; one records while the others wait for its result.
  const lock = `${dir}.lock`;
  await mkdir(cacheRoot, { recursive: true });
  const recording = await mkdir(lock).then(() => true, () => false);
  if (!recording) {
    for (let waited = 0; waited < 60_000; waited += 250) {
      await new Promise((done) => setTimeout(done, 250));
      const made = await readChunks(dir);
      if (made) return made;
    }
  }
  try {
    return await recordToCache(dir, seconds);
  } finally {
    if (recording) await rm(lock, { recursive: true, force: true });
  }
}

async function recordToCache(dir: string, seconds: number): Promise<Buffer[]> {
  const work = `${dir}.${randomUUID()}`;
  await mkdir(work, { recursive: true });
  const chunks = await recordInChromium(work, seconds);
  await Promise.all(chunks.map((chunk, seq) => writeFile(join(work, chunkName(seq)), chunk)));
  await writeFile(join(work, 'complete'), String(chunks.length));
  // Another test file may have made it meanwhile; either copy is as good.
  await rename(work, dir).catch(() => rm(work, { recursive: true, force: true }));
  return (await readChunks(dir)) ?? chunks;
}

async function readChunks(dir: string): Promise<Buffer[] | undefined> {
  const count = Number(await readFile(join(dir, 'complete'), 'utf8').catch(() => 'NaN'));
  if (!Number.isInteger(count) || count === 0) return undefined;
  const names = (await readdir(dir)).filter((name) => name.endsWith('.chunk')).sort();
  if (names.length !== count) return undefined;
  return Promise.all(names.map((name) => readFile(join(dir, name))));
}

function chunkName(seq: number): string {
  return `${String(seq).padStart(4, '0')}.chunk`;
}

async function recordInChromium(work: string, seconds: number): Promise<Buffer[]> {
  const wav = await speechWav(work, 'The quick brown fox jumps over the lazy dog. One two three four five six seven eight nine ten. This meeting is being recorded.');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  });
  try {
    const page = await browser.newPage();
    const chunks: Buffer[] = [];
    await page.exposeFunction('deliverChunk', (seq: number, base64: string) => {
      chunks[seq] = Buffer.from(base64, 'base64');
    });
    // getUserMedia needs a secure context; localhost is one.
    await page.route('http://localhost/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>recorder</title>' }));
    await page.goto('http://localhost/');
    await page.evaluate(async (ms) => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
      const recorder = new MediaRecorder(stream, { mimeType: 'audio/webm;codecs=opus' });
      const sent: Promise<void>[] = [];
      let seq = 0;
      recorder.ondataavailable = (event) => {
        const n = seq++;
        sent.push(
          event.data.arrayBuffer().then((buffer) => {
            const bytes = new Uint8Array(buffer);
            let binary = '';
            for (const byte of bytes) binary += String.fromCharCode(byte);
            return window.deliverChunk(n, btoa(binary));
          }),
        );
      };
      recorder.start(1000);
      await new Promise((done) => setTimeout(done, ms));
      await new Promise((done) => {
        recorder.onstop = done;
        recorder.stop();
      });
      await Promise.all(sent);
    }, seconds * 1000);
    return chunks.filter((chunk) => chunk.length > 0);
  } finally {
    await browser.close();
  }
}

/** The PCM ffmpeg decodes from a file, as an MD5: equal when two files hold the same audio. */
export async function decodedAudioMd5(path: string, options: { seekSec?: number } = {}): Promise<string> {
  const seek = options.seekSec === undefined ? [] : ['-ss', String(options.seekSec)];
  const { stdout } = await run('ffmpeg', ['-v', 'error', ...seek, '-i', path, '-f', 'md5', '-']);
  return stdout.trim();
}

/** Seconds of audio ffmpeg decodes from a file, starting at `seekSec` if given. */
export async function decodedSeconds(path: string, options: { seekSec?: number } = {}): Promise<number> {
  const seek = options.seekSec === undefined ? [] : ['-ss', String(options.seekSec)];
  const { stdout } = await run('ffmpeg', ['-v', 'error', ...seek, '-i', path, '-ac', '1', '-ar', '48000', '-f', 's16le', '-'], {
    encoding: 'buffer',
    maxBuffer: 512 * 1024 * 1024,
  });
  return stdout.length / 2 / 48000;
}

/** The duration ffprobe reads from the container's header; undefined when it has none. */
export async function headerDuration(path: string): Promise<number | undefined> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', path]);
  const value = Number(stdout.trim());
  return Number.isFinite(value) ? value : undefined;
}
