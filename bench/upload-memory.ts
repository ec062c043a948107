// Upload benchmark: 1 GB and 2 GB WAVs through the app's upload path, through the same path with
// the file read into memory first (the baseline for memory), and through `curl -T` (the baseline
// for throughput), all to the same local Deepgram double over TLS. Prints peak RSS growth and
// the throughput ratio app/curl. A figure, not a test: nothing here passes or fails.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pcmWavHeader } from '../test/support/audio';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const sizes = (process.env.BENCH_BYTES ?? '1000000000,2000000000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const key = 'bench0key0000000000000000000000000000000';

/** A valid 16 kHz mono PCM WAV of `bytes` bytes; the samples are a sparse run of silence. */
async function makeWav(path: string, bytes: number): Promise<void> {
  const header = pcmWavHeader(bytes - 44);
  const handle = await open(path, 'w');
  await handle.write(header, 0, 44, 0);
  await handle.truncate(bytes);
  await handle.close();
}

async function startDouble(): Promise<{ url: string; caFile: string; stop: () => void }> {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'test/deepgram-double/cli.ts')], {
    env: { ...process.env, DG_DOUBLE_KEY: key },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (https:\/\/\S+)/.exec(out)?.[1];
      const caFile = /CA file:\s+(\S+)/.exec(out)?.[1];
      if (url && caFile) done({ url, caFile, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => fail(new Error(`double exited ${code}: ${out}`)));
  });
}

interface AppRun { seconds: number; baselineRss: number; peakRss: number; progressEvents: number }

async function appUpload(url: string, caFile: string, file: string, inMemory = false): Promise<AppRun> {
  const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'bench/upload-client.ts'), url, key, file, ...(inMemory ? ['--in-memory'] : [])], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AppRun;
}

async function curlUpload(url: string, caFile: string, file: string): Promise<number> {
  const { stdout } = await run('curl', [
    '-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '--cacert', caFile,
    '-X', 'POST', '-T', file, '-H', `Authorization: Token ${key}`, '-H', 'Content-Type: audio/wav',
    `${url}/v1/listen?model=nova-3&smart_format=true`,
  ]);
  const [status, seconds] = stdout.split(' ');
  if (status !== '200') throw new Error(`curl got ${status}`);
  return Number(seconds);
}

const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const dir = await mkdtemp(join(tmpdir(), 'bench-upload-'));
const double = await startDouble();
try {
  // Two sizes: memory that grows with the file would show as a difference between them.
  for (const bytes of sizes) {
    const file = join(dir, `bench-${bytes}.wav`);
    await makeWav(file, bytes);
    const apps: AppRun[] = [];
    const curls: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      apps.push(await appUpload(double.url, double.caFile, file));
      curls.push(await curlUpload(double.url, double.caFile, file));
    }
    const best = apps.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
    const curlBest = Math.min(...curls);
    const growth = Math.max(...apps.map((a) => a.peakRss - a.baselineRss));
    const memoryRun = await appUpload(double.url, double.caFile, file, true).catch((error: unknown) => {
      console.log(`  (read-into-memory baseline failed: ${String(error).split('\n')[0]})`);
      return undefined;
    });
    console.log(`\n${mb(bytes)} WAV, best of ${rounds} rounds, same double over TLS on 127.0.0.1`);
    console.log(`  app upload: ${best.seconds.toFixed(2)} s (${mb(bytes / best.seconds)}/s), ${best.progressEvents} progress callbacks`);
    console.log(`  curl -T:    ${curlBest.toFixed(2)} s (${mb(bytes / curlBest)}/s)`);
    console.log(`  throughput ratio app/curl: ${(curlBest / best.seconds).toFixed(2)}`);
    console.log(`  peak RSS growth of the app process during upload: ${mb(growth)} (baseline ${mb(best.baselineRss)}), ${((growth / bytes) * 100).toFixed(1)}% of the file`);
    if (memoryRun) {
      const memoryGrowth = memoryRun.peakRss - memoryRun.baselineRss;
      console.log(`  read-into-memory baseline: peak RSS growth ${mb(memoryGrowth)}; streaming uses ${((growth / memoryGrowth) * 100).toFixed(1)}% of that`);
    }
    await rm(file);
  }
} finally {
  double.stop();
  await rm(dir, { recursive: true, force: true });
}
