// Editing benchmark on a ten-hour transcript: what one keystroke costs in main (push the edit,
// replay the layer over the response, diff the result into a patch), against toParagraphs, which
// the viewer already runs over the same response on open. A figure, not a test.
import type { ListenResponse } from '../common/deepgram-response';
import { pushEdit } from '../common/transcript/edit-history';
import { applyEditsToSource, emptyEditLayer } from '../common/transcript/edit-layer';
import type { EditLayer } from '../common/transcript/edit-layer';
import { diffEditedTranscripts } from '../common/transcript/edit-patch';
import { toParagraphs } from '../common/transcript/paragraphs';
import { buildSourceTranscript } from '../common/transcript/source-transcript';
import { longTranscript } from './long-transcript';
import { bestOf } from './best-of';

const hours = Number(process.env.BENCH_HOURS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const loggedEdits = Number(process.env.BENCH_EDITS ?? 500);

function response(): ListenResponse {
  return longTranscript({ hours });
}

const input = response();
const source = buildSourceTranscript(input);
// A session's worth of edits: keystrokes spread over many paragraphs, renames, reassignments.
let layer: EditLayer = emptyEditLayer();
for (let i = 0; i < loggedEdits; i += 1) {
  const paragraph = source.paragraphs[(i * 37) % source.paragraphs.length];
  if (!paragraph) continue;
  const text = paragraph.words.map((w) => w.text).join(' ');
  layer = pushEdit(layer, i % 10 === 0 ? { type: 'renameSpeaker', speaker: `s${i % 3}`, name: `Name ${i}` } : { type: 'editParagraphText', paragraph: paragraph.key, text: `${text} typed${i}` }, source, i * 5000, { maxEntries: loggedEdits });
}
const model = applyEditsToSource(source, layer);
const target = source.paragraphs[5];
if (!target) throw new Error('no paragraph');

const baseline = await bestOf(rounds, () => toParagraphs(input));
const build = await bestOf(rounds, () => buildSourceTranscript(input));
const replay = await bestOf(rounds, () => applyEditsToSource(source, layer));
const keystroke = await bestOf(rounds, () => {
  const next = pushEdit(layer, { type: 'editParagraphText', paragraph: target.key, text: `${target.words.map((w) => w.text).join(' ')} x` }, source, 1e12, { maxEntries: loggedEdits });
  diffEditedTranscripts(model, applyEditsToSource(source, next));
});
const serialized = JSON.stringify(layer).length;

console.log(`Editing a ${hours} h transcript (${source.paragraphs.reduce((n, p) => n + p.words.length, 0).toLocaleString('en')} words, ${source.paragraphs.length.toLocaleString('en')} paragraphs), ${layer.entries.length} edits in the log, best of ${rounds}:`);
console.log(`  toParagraphs over the response (baseline): ${baseline.toFixed(1)} ms`);
console.log(`  buildSourceTranscript (once per open):      ${build.toFixed(1)} ms`);
console.log(`  replay the layer (applyEditsToSource):      ${replay.toFixed(1)} ms`);
console.log(`  one keystroke (push + replay + patch):      ${keystroke.toFixed(1)} ms`);
console.log(`  ratio keystroke/baseline: ${(keystroke / baseline).toFixed(2)}`);
console.log(`  edits file: ${(serialized / 1024).toFixed(0)} KiB`);
