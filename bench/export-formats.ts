// Export benchmark: rendering a ten-hour diarized transcript in each format, against serializing
// the same response with JSON.stringify (the least any export must do). A figure, not a test.
import { listenResponseSchema } from '../common/deepgram-response';
import { buildExportDocument } from '../common/transcript/export-document';
import { defaultExportOptions, exportFormats } from '../common/transcript/export-formats';
import type { EditedTranscript } from '../common/transcript/export-input';
import { renderExport } from '../main/services/export/export-service';
import { longTranscript } from './long-transcript';

const hours = Number(process.env.BENCH_HOURS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

function transcript(): EditedTranscript {
  const response = listenResponseSchema.parse(longTranscript({ hours, turnWords: 40, paragraphWords: 120 }));
  const count = response.results.channels[0]!.alternatives[0]!.words.length;
  // Every 50th word edited, every speaker renamed: the work the edit layer will add.
  const ranges = Array.from({ length: Math.floor(count / 50) }, (_, i) => ({ channel: 0, from: i * 50, to: i * 50 + 1, text: 'Édité' }));
  return { title: 'Bench', response, speakerNames: { 'speaker:0': 'Анна', 'speaker:1': '会議', 'speaker:2': 'Zoë 🚀' }, edits: { ranges } };
}

async function best(run: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const input = transcript();
const wordCount = input.response.results.channels[0]?.alternatives[0]?.words.length ?? 0;
const baseline = await best(() => Promise.resolve(JSON.stringify(input.response)));
console.log(`${hours} h, ${wordCount} words, best of ${rounds}; baseline JSON.stringify of the response: ${baseline.toFixed(0)} ms`);
const model = await best(() => Promise.resolve(buildExportDocument(input)));
console.log(`  ${'document model'.padEnd(16)} ${model.toFixed(0).padStart(6)} ms  ${(model / baseline).toFixed(1)}× baseline`);
for (const format of exportFormats) {
  let size = 0;
  const ms = await best(async () => {
    size = (await renderExport(input, format, defaultExportOptions)).data.length;
  });
  console.log(`  ${format.padEnd(16)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / baseline).toFixed(1)}× baseline  ${(size / 1e6).toFixed(1)} MB`);
}
