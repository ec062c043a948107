// Repair benchmark: a long recording as MediaRecorder leaves it after a crash (live WebM: unknown-size
// segment and clusters, no Duration, no Cues, cut mid-cluster) repaired with the app's mediabunny
// remux, against `ffmpeg -c copy` as the baseline, in the same run. Prints wall time and peak RSS
// of each process and the ratios. A figure, not a test: nothing here passes or fails.
// BENCH_SECONDS sets the recording's length (default 7200); the source is kept in the temp folder.
import { execFile } from 'node:child_process';
import { access, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { speechWav } from '../test/support/audio';
import { toChromiumLayout } from './chromium-live-webm';
import { headerDuration } from '../test/support/media-recorder';
import { webmLayout } from '../test/support/webm-layout';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 7200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const dir = join(tmpdir(), 'bench-recording-repair');

/** A `seconds`-long mono Opus recording of looped speech, in MediaRecorder's live layout, cut mid-cluster as a crash leaves it. */
async function crashedRecording(): Promise<string> {
  const path = join(dir, `crashed-${seconds}s-60ms.webm`);
  if (await access(path).then(() => true, () => false)) return path;
  await mkdir(dir, { recursive: true });
  const wav = await speechWav(dir, 'This is a long meeting recording used to measure how fast a crashed recording is repaired.');
  const encoded = join(dir, 'encoded.webm');
  await run('sh', ['-c', `ffmpeg -v error -y -stream_loop -1 -i '${wav}' -t ${seconds} -ac 1 -ar 48000 -c:a libopus -b:a 128k -frame_duration 60 -f webm -live 1 -cluster_time_limit 1000 pipe:1 > '${encoded}'`]);
  const live = join(dir, 'live.webm');
  await toChromiumLayout(encoded, live);
  // The crash: the last 6000 bytes (part of the last cluster) never reached the disk.
  const handle = await open(live, 'r+');
  await handle.truncate((await handle.stat()).size - 6000);
  await handle.close();
  await rm(encoded);
  await rename(live, path);
  return path;
}

interface Measured { seconds: number; peakRssMb: number; inProcessSeconds?: number }

/** Runs a command under GNU time: wall seconds and the process's peak RSS. */
async function timed(command: string, args: string[]): Promise<{ seconds: number; peakRssMb: number; stdout: string }> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %M', command, ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const match = /TIME ([\d.]+) (\d+)/.exec(stderr);
  if (!match) throw new Error(`no timing from ${command}: ${stderr.slice(-500)}`);
  return { seconds: Number(match[1]), peakRssMb: Number(match[2]) / 1024, stdout };
}

async function mediabunnyRepair(source: string, target: string): Promise<Measured> {
  await rm(target, { force: true });
  const result = await timed(join(root, 'node_modules/.bin/node'), ['--import', 'tsx', join(root, 'bench/recording-repair-run.ts'), source, target]);
  const inner = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { seconds: number };
  return { seconds: result.seconds, peakRssMb: result.peakRssMb, inProcessSeconds: inner.seconds };
}

async function ffmpegCopy(source: string, target: string): Promise<Measured> {
  await rm(target, { force: true });
  const result = await timed('ffmpeg', ['-v', 'quiet', '-y', '-i', source, '-c', 'copy', target]);
  return { seconds: result.seconds, peakRssMb: result.peakRssMb };
}

const best = (runs: Measured[]): Measured => runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));

const source = await crashedRecording();
const sourceLayout = await webmLayout(source);
console.log(`source: ${(seconds / 3600).toFixed(2)} h mono Opus 128 kb/s in 60 ms packets (as Chromium writes), ${((await stat(source)).size / 1024 ** 2).toFixed(1)} MB, ` +
  `${sourceLayout.clusters} clusters of unknown size: ${sourceLayout.unknownSizeElements}, duration in header: ${sourceLayout.hasDuration}, cue points: ${sourceLayout.cuePoints}`);
const app = join(dir, 'repaired-mediabunny.webm');
const baseline = join(dir, 'repaired-ffmpeg.webm');
const apps: Measured[] = [];
const ffmpegs: Measured[] = [];
for (let i = 0; i < rounds; i += 1) {
  apps.push(await mediabunnyRepair(source, app));
  ffmpegs.push(await ffmpegCopy(source, baseline));
}
const a = best(apps);
const f = best(ffmpegs);
for (const [label, path] of [['mediabunny (app)', app], ['ffmpeg -c copy', baseline]] as const) {
  const layout = await webmLayout(path);
  console.log(`${label.padEnd(18)} duration ${(await headerDuration(path))?.toFixed(2)} s, cue points ${layout.cuePoints}, ${((await stat(path)).size / 1024 ** 2).toFixed(1)} MB`);
}
console.log(`mediabunny (app):  ${a.seconds.toFixed(2)} s wall (${a.inProcessSeconds?.toFixed(2)} s repairing, the rest is Node + tsx start), peak RSS ${a.peakRssMb.toFixed(0)} MB`);
console.log(`ffmpeg -c copy:    ${f.seconds.toFixed(2)} s wall, peak RSS ${f.peakRssMb.toFixed(0)} MB`);
console.log(`ratio app/ffmpeg:  time ${(a.seconds / f.seconds).toFixed(1)}x (repair alone ${((a.inProcessSeconds ?? a.seconds) / f.seconds).toFixed(1)}x), peak RSS ${(a.peakRssMb / f.peakRssMb).toFixed(1)}x  (best of ${rounds})`);
