import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, chromium, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startHarnessServer } from './harness/harness-server';
import type { HarnessServer } from './harness/harness-server';
import type { LiveTapHarness } from './harness/live-tap-page';
import { decodeFrames, medianOverWindows, rmsDb, toneShare, zeroCrossingHz } from './harness/pcm-analysis';
import { startPulseRig } from './pulse-audio';

// Sines made with sox before the browser starts (the fake microphone reads its file at launch);
// 10 s hold a whole number of periods of each, so the looped file has no seam. The microphone's
// 445 Hz runs 44.5 periods a frame: a frame lost or repeated turns the tone's phase over.
const dir = join(tmpdir(), `e2e-live-tap-${process.pid}`);
mkdirSync(dir, { recursive: true });
const amplitude = 0.5;
function sine(hz: number): string {
  const file = join(dir, `sine-${hz}.wav`);
  execFileSync('sox', ['-n', '-r', '48000', '-b', '16', '-c', '1', file, 'synth', '10', 'sine', String(hz), 'vol', String(amplitude)]);
  return file;
}
const tone445 = sine(445);
const tone440 = sine(440);
const tone1000 = sine(1000);
/** RMS level of a sine of that amplitude. */
const sineDb = 20 * Math.log10(amplitude / Math.SQRT2);
const rate = 16_000;
const monoFrameBytes = 1600 * 2;

type WithTap = { liveTap: LiveTapHarness };

/** The harness page, and what went wrong in it (CSP violations included), checked when the test ends. */
async function openHarness(page: Page, url: string): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => 'liveTap' in window);
  // A recording starts from a click: the page has had a user gesture, as the app's has.
  await page.getByRole('button', { name: 'Start' }).click();
  return problems;
}

const test = base.extend<{ tapPage: Page }, { harness: HarnessServer }>({
  harness: [
    async ({}, use) => {
      const server = await startHarnessServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  tapPage: async ({ page, harness }, use) => {
    const problems = await openHarness(page, harness.url);
    await use(page);
    expect(problems, 'errors in the harness page').toEqual([]);
  },
});

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const baseArgs = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--use-fake-ui-for-media-stream', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'];
test.use({
  launchOptions: { executablePath: chromiumPath, args: [...baseArgs, '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${tone445}`] },
});

const count = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as WithTap).liveTap.count());
const take = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as WithTap).liveTap.take());

/** Frames that arrive over about `ms` of wall time, with the time it really took. */
async function collect(page: Page, ms: number): Promise<{ frames: string[]; elapsedMs: number }> {
  await take(page);
  const started = Date.now();
  await page.waitForTimeout(ms);
  const frames = await take(page);
  return { frames, elapsedMs: Date.now() - started };
}

function byteLengths(frames: string[]): number[] {
  return [...new Set(frames.map((frame) => Buffer.from(frame, 'base64').length))];
}

/** A figure shown with the test's result (the line reporter prints none; the JSON report has them). */
function measured(description: string): void {
  test.info().annotations.push({ type: 'measured', description });
  if (process.env.LIVE_TAP_FIGURES) console.log(description);
}

/**
 * Checks that `samples` carry the sine the input played, at its level, frame by frame (the median
 * of the 100 ms windows). `continuous`: also across frames, the tone's phase running on from one
 * frame to the next, so no frame was lost, repeated or reordered; only asked of the fake
 * microphone, whose file reaches the page without glitches (an audio server's input has some).
 */
function expectTone(samples: Float64Array, hz: number, what: string, continuous = false, shareAtLeast = 0.95): void {
  const frequency = medianOverWindows(samples, 1600, (w) => zeroCrossingHz(w, rate));
  const share = medianOverWindows(samples, 1600, (w) => toneShare(w, hz, rate));
  const level = medianOverWindows(samples, 1600, rmsDb);
  const whole = toneShare(samples, hz, rate);
  measured(`${what}: ${frequency.toFixed(2)} Hz, ${level.toFixed(2)} dBFS (file ${sineDb.toFixed(2)}), tone share ${share.toFixed(4)} per frame, ${whole.toFixed(4)} over all frames`);
  expect(frequency, `${what}: frequency at 16 kHz`).toBeGreaterThan(hz * 0.99);
  expect(frequency, `${what}: frequency at 16 kHz`).toBeLessThan(hz * 1.01);
  expect(share, `${what}: share of the power in the tone`).toBeGreaterThan(shareAtLeast);
  expect(Math.abs(level - sineDb), `${what}: level against the file's`).toBeLessThan(1);
  if (continuous) expect(whole, `${what}: share of the power in one unbroken tone across the frames`).toBeGreaterThan(0.9);
}

test('mono: 100 ms frames of 16 kHz s16le carry the 445 Hz tone of the microphone at its level, about ten a second', async ({ tapPage: page }) => {
  expect(await page.evaluate(() => (window as unknown as WithTap).liveTap.start())).toEqual({ channels: 1 });
  await expect.poll(() => count(page), { message: 'the first frames arrive' }).toBeGreaterThanOrEqual(5);
  const { frames, elapsedMs } = await collect(page, 3000);
  expect(byteLengths(frames)).toEqual([monoFrameBytes]);
  const expected = elapsedMs / 100;
  measured(`mono: ${frames.length} frames in ${elapsedMs} ms`);
  expect(frames.length, `frames in ${elapsedMs} ms`).toBeGreaterThan(expected * 0.7);
  expect(frames.length, `frames in ${elapsedMs} ms`).toBeLessThan(expected * 1.3);
  const [mono] = decodeFrames(frames, 1);
  expectTone(mono!, 445, 'microphone', true);
  await page.evaluate(() => (window as unknown as WithTap).liveTap.stop());
});

test('pause stops the frames until resume; a replaced microphone is heard; after stop none come', async ({ tapPage: page }) => {
  await page.evaluate(() => (window as unknown as WithTap).liveTap.start());
  await expect.poll(() => count(page)).toBeGreaterThanOrEqual(3);

  await page.evaluate(() => (window as unknown as WithTap).liveTap.pause());
  const atPause = await count(page);
  // Ten frames' worth of time: a frame would have come many times over.
  await page.waitForTimeout(1000);
  expect(await count(page), 'frames while paused').toBe(atPause);

  await page.evaluate(() => (window as unknown as WithTap).liveTap.resume());
  await expect.poll(() => count(page), { message: 'frames again after resume' }).toBeGreaterThanOrEqual(atPause + 5);
  const { frames } = await collect(page, 1000);
  expectTone(decodeFrames(frames, 1)[0]!, 445, 'after resume', true);

  // The old microphone's track is stopped: what comes now is the new one's.
  await page.evaluate(() => (window as unknown as WithTap).liveTap.replaceMicrophone());
  const replaced = await collect(page, 1000);
  expectTone(decodeFrames(replaced.frames.slice(2), 1)[0]!, 445, 'another microphone');

  await page.evaluate(() => (window as unknown as WithTap).liveTap.stop());
  const atStop = await count(page);
  await page.waitForTimeout(1000);
  expect(await count(page), 'frames after stop').toBe(atStop);
  // Stopping again is harmless.
  await page.evaluate(() => (window as unknown as WithTap).liveTap.stop());
});

/** The integer the worklet must write for `target` nudged by `nudge` of a step: round to nearest, full scale both ways. */
function nudged(target: number, nudge: number): number {
  return (target + nudge) / (target + nudge < 0 ? 32768 : 32767);
}

test('the worklet rounds to nearest, clamps, interleaves and writes little-endian, sample for sample', async ({ tapPage: page }) => {
  // Two frames of two channels: targets across the whole range, each a third of a step above or
  // below (truncation or flooring gets half of them wrong), then full scale and beyond.
  const length = 3200;
  const targets = [Array.from({ length }, (_, i) => Math.round(-32000 + (i * 64000) / length)), Array.from({ length }, (_, i) => ((i * 7919) % 65535) - 32767)];
  const planar = targets.map((channel, c) => channel.map((target, i) => nudged(target, (i + c) % 2 === 0 ? 0.3 : -0.3)));
  const edges: [number, number][] = [[1, 32767], [-1, -32768], [1.5, 32767], [-3, -32768], [0.25 / 32767, 0], [-0.25 / 32768, 0]];
  edges.forEach(([value, expected], i) => {
    planar[1]![i] = value;
    targets[1]![i] = expected;
  });
  const frames = await page.evaluate(({ p }) => (window as unknown as WithTap).liveTap.convert(p, 2), { p: planar });
  expect(byteLengths(frames)).toEqual([monoFrameBytes * 2]);
  const written = Buffer.concat(frames.map((frame) => Buffer.from(frame, 'base64')));
  const interleaved = Array.from({ length: written.length / 2 }, (_, i) => written.readInt16LE(i * 2));
  expect(interleaved.filter((_, i) => i % 2 === 0), 'channel 0').toEqual(targets[0]);
  expect(interleaved.filter((_, i) => i % 2 === 1), 'channel 1').toEqual(targets[1]);

  const mono = await page.evaluate(({ p }) => (window as unknown as WithTap).liveTap.convert(p, 2), { p: [planar[0]!] });
  expect(byteLengths(mono)).toEqual([monoFrameBytes]);
  const monoBytes = Buffer.concat(mono.map((frame) => Buffer.from(frame, 'base64')));
  expect(Array.from({ length: monoBytes.length / 2 }, (_, i) => monoBytes.readInt16LE(i * 2)), 'mono').toEqual(targets[0]);
});

test('two channels: the microphone on channel 0 and the other people on channel 1, each its own tone', async ({ harness }) => {
  test.setTimeout(60_000);
  // Two real, distinct inputs need an audio server: all fake devices play the same file.
  const rig = startPulseRig();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: baseArgs, env: { ...process.env, ...rig.env } });
  try {
    const page = await browser.newPage();
    const problems = await openHarness(page, harness.url);
    rig.play('microphone', tone440);
    rig.play('others', tone1000);
    const labels = { microphone: rig.microphoneLabel, system: rig.othersLabel };
    expect(await page.evaluate(([l]) => (window as unknown as WithTap).liveTap.start(l), [labels] as const)).toEqual({ channels: 2 });
    await expect.poll(() => count(page)).toBeGreaterThanOrEqual(5);
    const { frames, elapsedMs } = await collect(page, 2000);
    expect(byteLengths(frames)).toEqual([monoFrameBytes * 2]);
    measured(`two channels: ${frames.length} frames in ${elapsedMs} ms`);
    expect(frames.length, `frames in ${elapsedMs} ms`).toBeGreaterThan((elapsedMs / 100) * 0.7);
    expect(frames.length, `frames in ${elapsedMs} ms`).toBeLessThan((elapsedMs / 100) * 1.3);
    const [you, others] = decodeFrames(frames, 2);
    expectTone(you!, 440, 'channel 0 (microphone)');
    expectTone(others!, 1000, 'channel 1 (others)');
    const leak = (samples: Float64Array, hz: number): number => medianOverWindows(samples, 1600, (w) => toneShare(w, hz, rate));
    measured(`separation: 1000 Hz share on channel 0 ${leak(you!, 1000).toExponential(2)}, 440 Hz share on channel 1 ${leak(others!, 440).toExponential(2)}`);
    expect(leak(you!, 1000), 'the others heard on the microphone channel').toBeLessThan(0.001);
    expect(leak(others!, 440), 'the microphone heard on the others channel').toBeLessThan(0.001);

    // The microphone goes away and the other input takes its place, as after an unplugged headset:
    // channel 0 now carries what channel 1 does, and channel 1 goes on as it was.
    await page.evaluate(([label]) => (window as unknown as WithTap).liveTap.replaceMicrophone(label), [rig.othersLabel] as const);
    const replaced = await collect(page, 1500);
    const [now0, now1] = decodeFrames(replaced.frames.slice(2), 2);
    // Two capture streams of one PulseAudio source glitch now and then on a loaded machine: the
    // tone is judged by its frequency and level, with a lower bar for its share of the power.
    expectTone(now0!, 1000, 'channel 0 after the microphone was replaced', false, 0.5);
    expectTone(now1!, 1000, 'channel 1 after the microphone was replaced', false, 0.5);
    await page.evaluate(() => (window as unknown as WithTap).liveTap.stop());
    expect(problems, 'errors in the harness page').toEqual([]);
  } finally {
    await browser.close();
    rig.stop();
  }
});
