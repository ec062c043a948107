import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectName } from '../support/double';
import { connect, expect, test } from './fixtures';
import { startPulseRig } from './pulse-audio';
import { panel, shownSeconds } from './recording-fixtures';

const run = promisify(execFile);

// Two real inputs from a private PulseAudio, started before the browser so it can be given the
// socket; only in the worker that runs the test, not in the runner that lists it.
const rig = process.env.TEST_WORKER_INDEX === undefined ? undefined : startPulseRig();
process.on('exit', () => rig?.stop());
const dir = join(tmpdir(), `e2e-two-channel-${process.pid}`);
mkdirSync(dir, { recursive: true });
const yourWords = join(dir, 'you.wav');
const theirWords = join(dir, 'others.wav');
execFileSync('espeak-ng', ['-s', '150', '-w', yourWords, 'This is me speaking into my own microphone about the plan.']);
execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', theirWords, 'And this is everyone else in the meeting answering the question.']);

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--use-fake-ui-for-media-stream'],
    env: { ...process.env, ...rig?.env },
  },
});

/** RMS level in dBFS of each channel over consecutive 250 ms windows of the decoded recording. */
async function channelEnvelopes(file: string): Promise<{ left: number[]; right: number[] }> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-ac', '2', '-ar', '16000', '-'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  const samples = new Int16Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.byteLength / 2));
  const window = 4000;
  const left: number[] = [];
  const right: number[] = [];
  for (let start = 0; start + window * 2 <= samples.length; start += window * 2) {
    let l = 0;
    let r = 0;
    for (let i = start; i < start + window * 2; i += 2) {
      l += (samples[i]! / 32768) ** 2;
      r += (samples[i + 1]! / 32768) ** 2;
    }
    left.push(10 * Math.log10(l / window + 1e-12));
    right.push(10 * Math.log10(r / window + 1e-12));
  }
  return { left, right };
}

test('microphone and the other people as two channels of one file: you on the left, the others on the right', async ({ appPage: page, host, double }) => {
  test.setTimeout(90_000);
  if (!rig) throw new Error('PulseAudio runs in the test worker');
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const recording = panel(page);
  await expect(recording.getByLabel('Microphone')).toContainText(rig.microphoneLabel);
  await recording.getByLabel('Microphone').selectOption({ label: rig.microphoneLabel });
  await recording.getByLabel('Other people').selectOption({ label: `Input: ${rig.othersLabel}` });
  await recording.getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByLabel('Other people level')).toBeVisible();

  // One side speaks, then the other: each channel is loud where the other is silent.
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(1);
  rig.play('microphone', yourWords);
  await expect.poll(() => page.getByLabel('Microphone level').evaluate((m) => (m as HTMLMeterElement).value)).toBeGreaterThan(0.2);
  const afterYou = (await shownSeconds(page)) + 5;
  await expect.poll(() => shownSeconds(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(afterYou);
  rig.play('others', theirWords);
  await expect.poll(() => page.getByLabel('Other people level').evaluate((m) => (m as HTMLMeterElement).value)).toBeGreaterThan(0.2);
  await expect.poll(() => shownSeconds(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(afterYou + 5);
  // Live captions stream both channels (multichannel), one lane each.
  const live = page.getByRole('region', { name: 'Live captions' });
  await expect(live.locator('.live-lane-0 .live-speaker').first()).toHaveText('You');
  await expect(live.locator('.live-lane-1 .live-speaker').first()).toHaveText('Others');
  const upgrade = double.requests.find((r) => r.path === '/v1/listen' && r.status === 101);
  expect(upgrade?.query).toMatchObject({ multichannel: ['true'], channels: ['2'], encoding: ['linear16'], sample_rate: ['16000'] });
  await recording.getByRole('button', { name: 'Stop recording' }).click();
  await expect(recording.getByRole('button', { name: 'Start recording' })).toBeVisible();

  const [summary] = await host.services.recordings.list();
  expect(summary!.channelLayout).toBe('two-channel');
  expect(summary!.devices).toEqual({ microphone: rig.microphoneLabel, system: rig.othersLabel });
  const { left, right } = await channelEnvelopes(await host.services.recordings.audioPath(summary!.id));
  const windows = (test: (l: number, r: number) => boolean): number[] => left.flatMap((l, i) => (test(l, right[i]!) ? [i] : []));
  const leftOnly = windows((l, r) => l > -40 && r < -60);
  const rightOnly = windows((l, r) => r > -40 && l < -60);
  // Each phrase lasts about 3 s: at least 1.5 s of windows where only one side is heard, and none where both are.
  expect(leftOnly.length).toBeGreaterThanOrEqual(6);
  expect(rightOnly.length).toBeGreaterThanOrEqual(6);
  expect(windows((l, r) => l > -40 && r > -40)).toEqual([]);
  // The microphone spoke first: it is the left channel ("You"), the others the right one.
  expect(Math.max(...leftOnly)).toBeLessThan(Math.min(...rightOnly));

  // Two channels are sent as multichannel: Deepgram labels them, no speaker guessing.
  await expect(page.getByRole('article', { name: 'Transcript' })).toBeVisible({ timeout: 30_000 });
});

test('the microphone is unplugged mid-recording: the recording goes on with the default input and the gap is marked', async ({ appPage: page, host }) => {
  test.setTimeout(60_000);
  if (!rig) throw new Error('PulseAudio runs in the test worker');
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  const recording = panel(page);
  await recording.getByLabel('Microphone').selectOption({ label: rig.microphoneLabel });
  await recording.getByRole('button', { name: 'Start recording' }).click();
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(2);

  rig.unplugMicrophone();
  await expect(recording.getByRole('status')).toContainText('The microphone went away. Recording goes on with');
  const written = host.services.recordings.current()!.bytesWritten;
  await expect.poll(() => host.services.recordings.current()?.bytesWritten ?? 0).toBeGreaterThan(written);
  rig.play('others', theirWords);
  await expect.poll(() => page.getByLabel('Microphone level').evaluate((m) => (m as HTMLMeterElement).value)).toBeGreaterThan(0.2);
  await recording.getByRole('button', { name: 'Stop recording' }).click();
  await expect(recording.getByRole('button', { name: 'Start recording' })).toBeVisible();

  const [summary] = await host.services.recordings.list();
  expect(summary!.marks).toEqual([expect.objectContaining({ kind: 'gap', reason: 'microphone-lost' })]);
});
