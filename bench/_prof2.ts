import { performance } from 'node:perf_hooks';
import { longTranscript } from './long-transcript';
import { listenResponseSchema } from '../common/deepgram-response';
import { buildSourceTranscript } from '../common/transcript/source-transcript';
import { applyEditsToSource, emptyEditLayer } from '../common/transcript/edit-layer';
const r = longTranscript({ hours: 10 });
const text = JSON.stringify({ version: 1, response: r });
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const j = JSON.parse(text);
  const a = performance.now() - t; t = performance.now();
  const z = listenResponseSchema.parse(j.response);
  const b = performance.now() - t; t = performance.now();
  const s = buildSourceTranscript(z);
  const c = performance.now() - t; t = performance.now();
  const e = applyEditsToSource(s, emptyEditLayer());
  const d = performance.now() - t; t = performance.now();
  const compact = JSON.stringify({ p: s.paragraphs.map((p) => [p.key, p.speaker, p.start, p.end, p.room.start, p.room.end, p.words.map((w) => w.text).join(' '), p.words.map((w) => w.start), p.words.map((w) => w.end), p.words.map((w) => w.confidence ?? -1)]) });
  const f = performance.now() - t; t = performance.now();
  JSON.parse(compact);
  const g = performance.now() - t;
  console.log(`parse ${a.toFixed(1)} zod ${b.toFixed(1)} build ${c.toFixed(1)} apply ${d.toFixed(1)} compact-write ${f.toFixed(1)} compact-parse ${g.toFixed(1)} sizes ${text.length} ${compact.length} ${e.paragraphs.length}`);
}
