// Moving the data folder: time and peak memory of the safe move (streamed copy, both sides read
// again and compared by sha256, atomic switch, removal) against a plain recursive copy with no
// check (`fs.cp`), on the same generated folder. A figure, not a test.
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { moveDataFolder } from '../main/services/storage/folder-move';

const run = promisify(execFile);
const largeFiles = Number(process.env.BENCH_LARGE_FILES ?? 8);
const largeMb = Number(process.env.BENCH_LARGE_MB ?? 64);
const smallFiles = Number(process.env.BENCH_SMALL_FILES ?? 2000);

async function makeFolder(dir: string): Promise<number> {
  let bytes = 0;
  const block = randomBytes(1024 * 1024);
  for (let i = 0; i < largeFiles; i += 1) {
    const rec = join(dir, 'recordings', `rec-${i}`);
    await mkdir(rec, { recursive: true });
    const parts = Array.from({ length: largeMb }, () => block);
    await writeFile(join(rec, 'audio.webm'), Buffer.concat(parts));
    bytes += largeMb * 1024 * 1024;
  }
  await mkdir(join(dir, 'transcripts'), { recursive: true });
  const meta = JSON.stringify({ version: 1, words: 'w'.repeat(20_000) });
  for (let i = 0; i < smallFiles; i += 1) {
    await writeFile(join(dir, 'transcripts', `t-${i}.response.json`), meta);
    bytes += meta.length;
  }
  return bytes;
}

async function measure(run: () => Promise<unknown>): Promise<{ ms: number; peakRssMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakRssMb: (peak - base) / 1024 / 1024 };
}

const root = await mkdtemp(join(tmpdir(), 'bench-storage-move-'));
try {
  const source = join(root, 'data');
  const bytes = await makeFolder(source);
  const mb = bytes / 1024 / 1024;
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const best = async (run: (round: number) => Promise<unknown>): Promise<{ ms: number; peakRssMb: number }> => {
    let fastest = { ms: Infinity, peakRssMb: 0 };
    for (let round = 0; round < rounds; round += 1) {
      const result = await measure(() => run(round));
      if (result.ms < fastest.ms) fastest = result;
    }
    return fastest;
  };
  const plain = await best(async (round) => {
    await cp(source, join(root, `plain-${round}`), { recursive: true });
  });
  // The least a safe copy needs: the same copy, then flushed to the disk before it is trusted.
  const synced = await best(async (round) => {
    await cp(source, join(root, `synced-${round}`), { recursive: true });
    await run('sync', ['-f', join(root, `synced-${round}`)]);
  });
  for (let round = 0; round < rounds; round += 1) await rm(join(root, `plain-${round}`), { recursive: true }).then(() => rm(join(root, `synced-${round}`), { recursive: true }));
  const appData = join(root, 'app-data');
  await mkdir(appData);
  // Each round moves the folder on to a new place: the same bytes, copied, checked and switched each time.
  let current = source;
  const safe = await best(async (round) => {
    const next = join(root, `moved-${round}`);
    await moveDataFolder(current, next, { defaultDir: appData });
    current = next;
  });
  console.log(`Data folder: ${mb.toFixed(0)} MB in ${largeFiles + smallFiles} files (${largeFiles} × ${largeMb} MB, ${smallFiles} small), best of ${rounds}`);
  console.log(`  fs.cp, no check (baseline):         ${plain.ms.toFixed(0)} ms, ${(mb / (plain.ms / 1000)).toFixed(0)} MB/s, peak RSS +${plain.peakRssMb.toFixed(0)} MB`);
  console.log(`  fs.cp + sync -f (durable, no check): ${synced.ms.toFixed(0)} ms, ${(mb / (synced.ms / 1000)).toFixed(0)} MB/s, peak RSS +${synced.peakRssMb.toFixed(0)} MB`);
  console.log(`  moveDataFolder (copy+verify+switch+remove): ${safe.ms.toFixed(0)} ms, ${(mb / (safe.ms / 1000)).toFixed(0)} MB/s, peak RSS +${safe.peakRssMb.toFixed(0)} MB`);
  console.log(`  ratio safe/plain: ${(safe.ms / plain.ms).toFixed(2)}, safe/durable copy: ${(safe.ms / synced.ms).toFixed(2)}`);
} finally {
  await rm(root, { recursive: true, force: true });
}
