// Upload benchmark: 1 GB and 2 GB WAVs through the app's upload path, through the same path with
// the file read into memory first (the baseline for memory), and through `curl -T` (the baseline
// for throughput), all to the same local Deepgram double over TLS. The same two clients also send
// to a bare TLS server that reads and discards the body: the double spools every upload to disk,
// hashes it and probes it, and that shows how much of the time is the double's. Prints peak RSS
// growth, the throughput ratios app/curl and each client's CPU time. A figure, not a test.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pcmWavHeader } from '../test/support/audio';
import { testTlsFromEnv } from '../test/support/test-tls';

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

/** An HTTPS server on the double's certificate that reads every body to its end and answers with an empty transcript. */
async function startSink(caFile: string): Promise<{ url: string; stop: () => void }> {
  // The double's command line writes its certificate set where the test suite's reader looks for one.
  process.env['DG_TEST_TLS_DIR'] = dirname(caFile);
  const tls = testTlsFromEnv();
  if (!tls) throw new Error(`No certificate next to ${caFile}`);
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'dg-request-id': 'sink' });
      res.end(JSON.stringify({ metadata: { request_id: 'sink', duration: 0, channels: 1 }, results: { channels: [{ alternatives: [{ transcript: '', confidence: 0, words: [] }] }] } }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => server.close() };
}

interface Upload { seconds: number; cpuSeconds: number }
interface AppRun extends Upload { baselineRss: number; peakRss: number; progressEvents: number }

async function appUpload(url: string, caFile: string, file: string, inMemory = false): Promise<AppRun> {
  const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'bench/upload-client.ts'), url, key, file, ...(inMemory ? ['--in-memory'] : [])], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AppRun;
}

async function curlUpload(url: string, caFile: string, file: string): Promise<Upload> {
  // `times` (POSIX sh) prints the CPU time of the shell's children: curl's.
  const { stdout } = await run('sh', [
    '-c', 'curl "$@" && times', 'sh',
    '-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}\\n', '--cacert', caFile,
    '-X', 'POST', '-T', file, '-H', `Authorization: Token ${key}`, '-H', 'Content-Type: audio/wav',
    `${url}/v1/listen?model=nova-3&smart_format=true`,
  ]);
  const lines = stdout.trim().split('\n');
  const [status, seconds] = lines[0]!.split(' ');
  if (status !== '200') throw new Error(`curl got ${status}`);
  const cpuSeconds = [...lines.at(-1)!.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { seconds: Number(seconds), cpuSeconds };
}

const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const fastest = <T extends Upload>(runs: T[]): T => runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
const cpu = (runs: Upload[]): string => runs.map((r) => r.cpuSeconds.toFixed(2)).join(' / ');

function throughput(target: string, bytes: number, app: AppRun[], curl: Upload[]): void {
  const [a, c] = [fastest(app), fastest(curl)];
  console.log(`  ${target}:`);
  console.log(`    app upload: ${a.seconds.toFixed(2)} s (${mb(bytes / a.seconds)}/s; every round ${app.map((r) => r.seconds.toFixed(2)).join(' / ')} s), CPU ${cpu(app)} s`);
  console.log(`    curl -T:    ${c.seconds.toFixed(2)} s (${mb(bytes / c.seconds)}/s; every round ${curl.map((r) => r.seconds.toFixed(2)).join(' / ')} s), CPU ${cpu(curl)} s`);
  console.log(`    throughput ratio app/curl (best rounds): ${(c.seconds / a.seconds).toFixed(2)}`);
}

const dir = await mkdtemp(join(tmpdir(), 'bench-upload-'));
const double = await startDouble();
const sink = await startSink(double.caFile);
try {
  // Two sizes: memory that grows with the file would show as a difference between them.
  for (const bytes of sizes) {
    const file = join(dir, `bench-${bytes}.wav`);
    await makeWav(file, bytes);
    const apps: AppRun[] = [];
    const curls: Upload[] = [];
    const sinkApps: AppRun[] = [];
    const sinkCurls: Upload[] = [];
    for (let i = 0; i < rounds; i += 1) {
      apps.push(await appUpload(double.url, double.caFile, file));
      curls.push(await curlUpload(double.url, double.caFile, file));
      sinkApps.push(await appUpload(sink.url, double.caFile, file));
      sinkCurls.push(await curlUpload(sink.url, double.caFile, file));
    }
    const best = fastest(apps);
    const growth = Math.max(...[...apps, ...sinkApps].map((a) => a.peakRss - a.baselineRss));
    const memoryRun = await appUpload(double.url, double.caFile, file, true).catch((error: unknown) => {
      console.log(`  (read-into-memory baseline failed: ${String(error).split('\n')[0]})`);
      return undefined;
    });
    console.log(`\n${mb(bytes)} WAV, best of ${rounds} rounds, TLS on 127.0.0.1`);
    throughput('to the Deepgram double', bytes, apps, curls);
    throughput('to a bare TLS server that discards the body', bytes, sinkApps, sinkCurls);
    console.log(`  ${best.progressEvents} progress callbacks per app upload`);
    console.log(`  peak RSS growth of the app process during upload (worst of ${apps.length + sinkApps.length}): ${mb(growth)} (baseline ${mb(best.baselineRss)}), ${((growth / bytes) * 100).toFixed(1)}% of the file`);
    if (memoryRun) {
      const memoryGrowth = memoryRun.peakRss - memoryRun.baselineRss;
      console.log(`  read-into-memory baseline: peak RSS growth ${mb(memoryGrowth)}; streaming uses ${((growth / memoryGrowth) * 100).toFixed(1)}% of that`);
    }
    await rm(file);
  }
} finally {
  sink.stop();
  double.stop();
  await rm(dir, { recursive: true, force: true });
}
