// Export benchmark: rendering a ten-hour diarized transcript in each format, against serializing
// the same response with JSON.stringify (the least any export must do): time (best of rounds) and
// peak memory. Each format runs in a child process of its own, whose peak resident size (getrusage)
// above what it held before the export is that export's peak memory. A figure, not a test.
import { execFileSync } from 'node:child_process';
import { resourceUsage } from 'node:process';
import { listenResponseSchema } from '../common/deepgram-response';
import { buildExportDocument } from '../common/transcript/export-document';
import { defaultExportOptions, exportFormats } from '../common/transcript/export-formats';
import type { EditedTranscript } from '../common/transcript/export-input';
import { renderExport } from '../main/services/export/export-service';
import { longTranscript } from './long-transcript';
import { bestOf } from './best-of';

const hours = Number(process.env.BENCH_HOURS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

function transcript(): EditedTranscript {
  const response = listenResponseSchema.parse(longTranscript({ hours, turnWords: 40, paragraphWords: 120 }));
  const count = response.results.channels[0]!.alternatives[0]!.words.length;
  // Every 50th word edited, every speaker renamed: the work the edit layer will add.
  const ranges = Array.from({ length: Math.floor(count / 50) }, (_, i) => ({ channel: 0, from: i * 50, to: i * 50 + 1, text: 'Édité' }));
  return { title: 'Bench', response, speakerNames: { 'speaker:0': 'Анна', 'speaker:1': '会議', 'speaker:2': 'Zoë 🚀' }, edits: { ranges } };
}

interface Measured {
  ms: number;
  bytes: number;
  /** Peak resident size above the resident size before the first round, in MB. */
  peakMb: number;
}

/** One figure, measured in this process (the child's side). */
async function measureOne(what: string): Promise<Measured> {
  const input = transcript();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().rss;
  // maxRSS only grows: what the input took is below `before`, everything above it is the export's.
  let bytes = 0;
  const ms = await bestOf(rounds, async () => {
    if (what === 'baseline') bytes = JSON.stringify(input.response).length;
    else if (what === 'model') bytes = buildExportDocument(input).segments.length;
    else bytes = (await renderExport(input, what as (typeof exportFormats)[number], defaultExportOptions)).data.length;
  });
  return { ms, bytes, peakMb: Math.max(0, resourceUsage().maxRSS * 1024 - before) / 1e6 };
}

const child = process.env.BENCH_EXPORT_ONE;
if (child) {
  console.log(JSON.stringify(await measureOne(child)));
} else {
  const inChild = (what: string): Measured => {
    const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', import.meta.filename], { env: { ...process.env, BENCH_EXPORT_ONE: what }, encoding: 'utf8', maxBuffer: 1e6 });
    return JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
  };
  const baseline = inChild('baseline');
  const words = Math.round(hours * 3600 * 2.5);
  console.log(`## Export of a ${hours} h transcript (${words.toLocaleString('en')} words), best of ${rounds}, each format in its own process\n`);
  console.log('| format | time | ratio to baseline | peak memory above input | output |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(`| baseline: JSON.stringify of the response | ${baseline.ms.toFixed(0)} ms | 1.0 | ${baseline.peakMb.toFixed(0)} MB | ${(baseline.bytes / 1e6).toFixed(1)} MB |`);
  const model = inChild('model');
  console.log(`| document model (shared by all formats) | ${model.ms.toFixed(0)} ms | ${(model.ms / baseline.ms).toFixed(1)} | ${model.peakMb.toFixed(0)} MB | ${model.bytes} segments |`);
  for (const format of exportFormats) {
    const m = inChild(format);
    console.log(`| ${format} | ${m.ms.toFixed(0)} ms | ${(m.ms / baseline.ms).toFixed(1)} | ${m.peakMb.toFixed(0)} MB | ${(m.bytes / 1e6).toFixed(1)} MB |`);
  }
}
