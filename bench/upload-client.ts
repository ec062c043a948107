// One upload through the app's real path (pre-flight, descriptor source, gateway), sampling this
// process's memory while it runs. With `--in-memory` the file is first read into memory and sent
// from there: the baseline the streaming path is compared with.
// Run by bench/upload-memory.ts with NODE_EXTRA_CA_CERTS set; prints one JSON line (times, CPU, memory).
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { defaultTranscribeOptions } from '../common/domain';
import { SdkDeepgramGateway } from '../main/services/deepgram/deepgram-gateway';
import { checkMediaFile } from '../main/services/files/media-file-check';
import { openUploadSource } from '../main/services/files/upload-source';

const [baseUrl, key, path, mode] = process.argv.slice(2) as [string, string, string, string | undefined];
const check = await checkMediaFile(path);
if (!check.ok) throw new Error(check.reason);
global.gc?.();
// rss() alone: the full memoryUsage() also gathers heap statistics, a cost the app does not have.
const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 10);
const cpuBefore = process.cpuUsage();
const started = performance.now();
let progressEvents = 0;
const source = await openUploadSource(check.file);
const inMemory = mode === '--in-memory' ? await readFile(path) : undefined;
try {
  await new SdkDeepgramGateway().transcribeFile(
    { key, baseUrl },
    {
      sizeBytes: source.sizeBytes,
      contentType: check.file.contentType,
      openStream: () => (inMemory ? Readable.from([inMemory]) : source.createStream()),
      options: defaultTranscribeOptions,
      signal: new AbortController().signal,
      onBytes: () => {
        progressEvents += 1;
      },
    },
  );
} finally {
  await source.close();
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ seconds, cpuSeconds, sizeBytes: source.sizeBytes, baselineRss: baseline, peakRss: peak, progressEvents }));
