// Media serving benchmark: a 2 GB sparse file served whole and as 200 random 256 KiB ranges, by the
// app's media route (cookie check, MediaSource-like open, Range responder, web stream piped to the
// socket) and by a bare `fs.createReadStream(...).pipe(res)` server (the baseline). curl is the
// client, in its own process. Prints throughput, seek latency, peak RSS growth and the ratios
// app/baseline. A figure, not a test.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MediaOpener } from '../main/platform/media-protocol';
import { startMediaHost } from '../test/support/media-host';
import { mediaSessionPath } from '../test/web-host/media-route';
import { tokenHeader } from '../test/web-host/protocol';

const run = promisify(execFile);
const size = Number(process.env.BENCH_BYTES ?? 2_000_000_000);
const seeks = 200;
const chunk = 256 * 1024;

async function curl(url: string, headers: string[]): Promise<{ seconds: number; bytes: number }> {
  const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{size_download}', ...headers.flatMap((h) => ['-H', h]), url]);
  const [seconds, bytes] = stdout.trim().split(' ').map(Number);
  return { seconds: seconds!, bytes: bytes! };
}

async function measure(url: string, headers: string[]): Promise<{ mbps: number; seekMs: number; peakMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - base)), 20);
  const whole = await curl(url, headers);
  if (whole.bytes !== size) throw new Error(`short read: ${whole.bytes}`);
  let seekSeconds = 0;
  for (let i = 0; i < seeks; i++) {
    const start = Math.floor(((i * 7919) % seeks) / seeks * (size - chunk));
    const part = await curl(url, [...headers, `Range: bytes=${start}-${start + chunk - 1}`]);
    if (part.bytes !== chunk) throw new Error(`range read ${part.bytes}`);
    seekSeconds += part.seconds;
  }
  clearInterval(sampler);
  return { mbps: size / 1e6 / whole.seconds, seekMs: (seekSeconds / seeks) * 1000, peakMb: peak / 1e6 };
}

const dir = await mkdtemp(join(tmpdir(), 'bench-media-'));
const path = join(dir, 'long.wav');
const file = await open(path, 'w');
await file.truncate(size);
await file.close();

const opener: MediaOpener = {
  async open() {
    const handle = await open(path, 'r');
    const info = await handle.stat();
    return { ok: true, file: { handle, size: info.size, mtimeMs: info.mtimeMs, contentType: 'audio/wav' }, durationSec: 0 };
  },
};
const host = await startMediaHost(opener);
const session = await fetch(`${host.origin}${mediaSessionPath}`, { method: 'POST', headers: { [tokenHeader]: host.token, origin: host.origin } });
const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;

const baseline = createServer((req, res) => {
  const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
  if (range) {
    const [start, end] = [Number(range[1]), Number(range[2])];
    res.writeHead(206, { 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}` });
    createReadStream(path, { start, end }).pipe(res);
  } else {
    res.writeHead(200, { 'content-length': size });
    createReadStream(path).pipe(res);
  }
});
await new Promise<void>((done) => baseline.listen(0, '127.0.0.1', done));

const bare = await measure(`http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`, []);
const app = await measure(`${host.origin}/media/transcript/x`, [`Cookie: ${cookie}`]);
console.log(`file: ${(await stat(path)).size / 1e9} GB sparse, ${seeks} ranges of ${chunk / 1024} KiB`);
console.log(`baseline (createReadStream.pipe): ${bare.mbps.toFixed(0)} MB/s whole, ${bare.seekMs.toFixed(2)} ms per range (curl total), peak RSS +${bare.peakMb.toFixed(1)} MB`);
console.log(`app media route:                  ${app.mbps.toFixed(0)} MB/s whole, ${app.seekMs.toFixed(2)} ms per range (curl total), peak RSS +${app.peakMb.toFixed(1)} MB`);
console.log(`ratio app/baseline: throughput ${(app.mbps / bare.mbps).toFixed(2)}, range latency ${(app.seekMs / bare.seekMs).toFixed(2)}`);
await host.close();
baseline.closeAllConnections();
baseline.close();
await rm(dir, { recursive: true, force: true });
