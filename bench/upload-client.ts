// One upload through the app's real gateway, sampling this process's memory while it runs.
// Run by bench/upload-memory.ts with NODE_EXTRA_CA_CERTS set; prints one JSON line.
import { stat } from 'node:fs/promises';
import { defaultTranscribeOptions } from '../common/domain';
import { SdkDeepgramGateway } from '../main/services/deepgram/deepgram-gateway';

const [baseUrl, key, path] = process.argv.slice(2) as [string, string, string];
const sizeBytes = (await stat(path)).size;
global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const started = performance.now();
let progressEvents = 0;
await new SdkDeepgramGateway().transcribeFile(
  { key, baseUrl },
  {
    path,
    sizeBytes,
    contentType: 'audio/wav',
    fileName: 'bench.wav',
    options: defaultTranscribeOptions,
    signal: new AbortController().signal,
    onBytes: () => {
      progressEvents += 1;
    },
  },
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ seconds, sizeBytes, baselineRss: baseline, peakRss: peak, progressEvents }));
