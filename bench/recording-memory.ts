// Main-process memory of a 2-hour recording: main's RecordingService fed 7,200 one-second chunks
// (a MediaRecorder-like live WebM/Opus stream at Chromium's 128 kb/s, cut into equal slices) as fast
// as it takes them, fsyncing at every chunk as in real time, memory sampled after a full GC every
// BENCH_SAMPLE_EVERY chunks. Baselines in the same run: the process idle for 10 s before it starts,
// and the same chunks held in memory (what a renderer that kept the recording would cost). Then the
// finish step (mediabunny repair of the 2-hour capture) against `ffmpeg -c copy` of the same capture.
// A figure, not a test: nothing here passes or fails.
// BENCH_CHUNKS sets the number of chunks (default 7200, one per second).
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromiumLiveWebm } from './chromium-live-webm';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const chunks = Number(process.env.BENCH_CHUNKS ?? 7200);
const every = Number(process.env.BENCH_SAMPLE_EVERY ?? 600);
const dir = join(tmpdir(), 'bench-recording-memory');

interface Sample { chunk: number; rssMb: number; heapMb: number; externalMb: number; maxRssMb: number }
interface Finalize { seconds: number; rssBeforeMb: number; peakSampledMb: number; maxRssBeforeMb: number; maxRssAfterMb: number; durationSec: number }
interface RunResult { idleStart: Sample; idleEnd: Sample; samples: Sample[]; feedSeconds: number; captureCopy?: string; captureMb?: number; finalize?: Finalize }

async function memoryRun(mode: 'service' | 'accumulate', source: string, work: string): Promise<RunResult> {
  const node = join(root, 'node_modules/.bin/node');
  const { stdout } = await run(node, ['--expose-gc', '--import', 'tsx', join(root, 'bench/recording-memory-run.ts'), mode, source, work, String(chunks), String(every)], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { result: RunResult }).result;
}

/** `ffmpeg -c copy` under GNU time: wall seconds and peak RSS. */
async function ffmpegCopy(source: string, target: string): Promise<{ seconds: number; peakRssMb: number }> {
  await rm(target, { force: true });
  const { stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %M', 'ffmpeg', '-v', 'quiet', '-y', '-i', source, '-c', 'copy', target]);
  const match = /TIME ([\d.]+) (\d+)/.exec(stderr);
  if (!match) throw new Error(`no timing from ffmpeg: ${stderr.slice(-300)}`);
  return { seconds: Number(match[1]), peakRssMb: Number(match[2]) / 1024 };
}

const hours = chunks / 3600;
const perHour = (r: RunResult, key: 'rssMb' | 'heapMb' | 'externalMb'): number => (r.samples.at(-1)![key] - r.idleEnd[key]) / hours;
const f1 = (n: number): string => n.toFixed(1);

await mkdir(dir, { recursive: true });
const source = await chromiumLiveWebm(dir, chunks);
const work = join(dir, `run-${process.pid}`);
await mkdir(work, { recursive: true });
try {
  const service = await memoryRun('service', source, work);
  const held = await memoryRun('accumulate', source, work);
  const copies = [await ffmpegCopy(service.captureCopy!, join(work, 'ffmpeg.webm')), await ffmpegCopy(service.captureCopy!, join(work, 'ffmpeg.webm'))];
  const ffmpeg = copies.reduce((a, b) => (a.seconds <= b.seconds ? a : b));

  console.log(`Recording memory: ${chunks} one-second chunks (${f1(hours)} h of audio, ${f1(service.captureMb!)} MB), each chunk a fresh buffer, fsync per chunk.`);
  console.log('  The chunks are slices of one ffmpeg-made live WebM in Chromium\'s layout at Chromium\'s bitrate; the writer never parses them, so');
  console.log('  their content does not change its memory. Memory sampled after a full GC.');
  console.log('\n  chunk   service RSS / heap / buffers (MB)   held-in-memory RSS / heap / buffers (MB)');
  for (const [i, s] of service.samples.entries()) {
    const h = held.samples[i];
    console.log(`  ${String(s.chunk).padStart(5)}   ${f1(s.rssMb).padStart(7)} / ${f1(s.heapMb).padStart(5)} / ${f1(s.externalMb).padStart(5)}              ${h ? `${f1(h.rssMb).padStart(7)} / ${f1(h.heapMb).padStart(5)} / ${f1(h.externalMb).padStart(6)}` : ''}`);
  }
  const idleDrift = service.idleEnd.rssMb - service.idleStart.rssMb;
  console.log(`\n  idle baseline (same process, 10 s before recording): RSS ${f1(service.idleEnd.rssMb)} MB, drift ${f1(idleDrift)} MB, heap ${f1(service.idleEnd.heapMb)} MB`);
  console.log(`  service growth per recorded hour:        RSS ${f1(perHour(service, 'rssMb'))} MB/h, heap ${f1(perHour(service, 'heapMb'))} MB/h, buffers ${f1(perHour(service, 'externalMb'))} MB/h  (fed in ${f1(service.feedSeconds)} s)`);
  console.log(`  held-in-memory growth per recorded hour: RSS ${f1(perHour(held, 'rssMb'))} MB/h, heap ${f1(perHour(held, 'heapMb'))} MB/h, buffers ${f1(perHour(held, 'externalMb'))} MB/h`);
  console.log(`  ratio service/held-in-memory (RSS growth): ${(perHour(service, 'rssMb') / perHour(held, 'rssMb')).toFixed(3)}`);
  console.log(`  process peak RSS while fed (between samples too): service ${f1(service.samples.at(-1)!.maxRssMb)} MB, held-in-memory ${f1(held.samples.at(-1)!.maxRssMb)} MB`);

  const fin = service.finalize!;
  console.log(`\n  finish (mediabunny repair of the ${f1(hours)} h capture, in the service process): ${fin.seconds.toFixed(2)} s, file ${fin.durationSec.toFixed(1)} s long`);
  console.log(`    RSS before ${f1(fin.rssBeforeMb)} MB, peak during ${f1(fin.peakSampledMb)} MB sampled every 10 ms; process peak ${f1(fin.maxRssBeforeMb)} MB before the finish, ${f1(fin.maxRssAfterMb)} MB after`);
  console.log(`  ffmpeg -c copy of the same capture (best of 2): ${ffmpeg.seconds.toFixed(2)} s, peak RSS ${f1(ffmpeg.peakRssMb)} MB`);
  // The process's own peak counter is exact; it is the finish's when it rose during the finish.
  const finPeak = fin.maxRssAfterMb > fin.maxRssBeforeMb ? fin.maxRssAfterMb : fin.peakSampledMb;
  console.log(`  ratio app/ffmpeg: time ${(fin.seconds / ffmpeg.seconds).toFixed(1)}x, peak RSS ${(finPeak / ffmpeg.peakRssMb).toFixed(1)}x, ` +
    `RSS the finish adds ${f1(finPeak - fin.rssBeforeMb)} MB`);
} finally {
  await rm(work, { recursive: true, force: true });
}
