// One memory run in its own process (started by recording-memory.ts with --expose-gc), so the
// figures are this process's alone. Feeds a live WebM to main's RecordingService as `chunks`
// one-second chunks (mode `service`), or keeps the same chunks in an array (mode `accumulate`,
// what a renderer holding the whole recording would cost). Prints one JSON line per sample and a
// last line with the result.
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { recordingPaths, recordingsRoot } from '../main/services/recordings/recording-files';
import { RecordingService } from '../main/services/recordings/recording-service';
import { ManualClock } from '../test/support/manual-clock';

const [mode, source, workDir, chunkArg, everyArg] = process.argv.slice(2);
if ((mode !== 'service' && mode !== 'accumulate') || !source || !workDir) {
  throw new Error('usage: recording-memory-run.ts service|accumulate <live.webm> <work dir> [chunks] [sample every]');
}
const chunks = Number(chunkArg ?? 7200);
const every = Number(everyArg ?? 600);
const collect = (globalThis as { gc?: () => void }).gc;

/**
 * This process's peak RSS in MB (Linux VmHWM). Not resourceUsage().maxRSS: Linux carries that over
 * from the parent across fork and exec, so a child of a large parent reports the parent's peak.
 */
function peakRssMb(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return Number(kb) / 1024;
}

interface Sample { chunk: number; rssMb: number; heapMb: number; externalMb: number; maxRssMb: number }

/** Memory after a full collection: what is retained, not garbage waiting for the collector. */
function sample(chunk: number): Sample {
  collect?.();
  const m = process.memoryUsage();
  // `external` already includes the ArrayBuffers behind Buffers.
  const s = { chunk, rssMb: m.rss / 1024 ** 2, heapMb: m.heapUsed / 1024 ** 2, externalMb: m.external / 1024 ** 2, maxRssMb: peakRssMb() };
  process.stdout.write(`${JSON.stringify({ sample: s })}\n`);
  return s;
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const { size } = await stat(source);
const input = await open(source, 'r');
// Equal slices at byte offsets: MediaRecorder's chunks do not fall on element boundaries either, and
// the writer never parses them. Each chunk is a fresh buffer, as the IPC layer hands main one.
const readChunk = async (seq: number): Promise<Buffer> => {
  const start = Math.floor((size * seq) / chunks);
  const end = Math.floor((size * (seq + 1)) / chunks);
  const bytes = Buffer.alloc(end - start);
  await input.read(bytes, 0, bytes.length, start);
  return bytes;
};

await sleep(500);
const idleStart = sample(0);
await sleep(10_000);
const idleEnd = sample(0);
const samples: Sample[] = [idleEnd];
const fedAt = performance.now();

if (mode === 'accumulate') {
  const held: Buffer[] = [];
  for (let seq = 0; seq < chunks; seq += 1) {
    held.push(await readChunk(seq));
    if ((seq + 1) % every === 0) samples.push(sample(seq + 1));
  }
  process.stdout.write(`${JSON.stringify({ result: { idleStart, idleEnd, samples, feedSeconds: (performance.now() - fedAt) / 1000, held: held.length } })}\n`);
} else {
  const dataDir = await mkdtemp(join(workDir, 'data-'));
  // A clock one second further at every chunk: the writer fsyncs at each one, as it does in real time.
  const clock = new ManualClock();
  const service = new RecordingService({ dataDir, logger: { info: () => {}, warn: () => {}, error: () => {} }, clock });
  const { id } = await service.start({ channelLayout: 'mono', mimeType: 'audio/webm;codecs=opus', sampleRate: 48000, devices: { microphone: 'Bench mic' } });
  for (let seq = 0; seq < chunks; seq += 1) {
    clock.advance(1000);
    await service.append(id, seq, await readChunk(seq));
    if ((seq + 1) % every === 0) samples.push(sample(seq + 1));
  }
  const feedSeconds = (performance.now() - fedAt) / 1000;
  // The baseline repair (ffmpeg) gets the same capture; copied now because finishing deletes it.
  const capture = recordingPaths(recordingsRoot(dataDir), id).capture;
  const captureCopy = join(workDir, 'capture-copy.webm');
  await copyFile(capture, captureCopy);
  collect?.();
  const beforeStop = process.memoryUsage().rss / 1024 ** 2;
  const peakBefore = peakRssMb();
  let peakDuring = beforeStop;
  const watch = setInterval(() => {
    peakDuring = Math.max(peakDuring, process.memoryUsage().rss / 1024 ** 2);
  }, 10);
  const stopAt = performance.now();
  const summary = await service.stop(id);
  const stopSeconds = (performance.now() - stopAt) / 1000;
  clearInterval(watch);
  const peakAfter = peakRssMb();
  process.stdout.write(
    `${JSON.stringify({
      result: {
        idleStart, idleEnd, samples, feedSeconds, captureCopy, captureMb: (await stat(captureCopy)).size / 1024 ** 2,
        finalize: { seconds: stopSeconds, rssBeforeMb: beforeStop, peakSampledMb: peakDuring, maxRssBeforeMb: peakBefore, maxRssAfterMb: peakAfter, durationSec: summary.durationSec },
      },
    })}\n`,
  );
}
await input.close();
