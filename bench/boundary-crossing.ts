// Boundary benchmark: what it costs to make a ten-hour transcript safe to cross to the renderer
// (every string redacted, then parsed with the contract's result schema), against the copy the
// IPC transport makes of it anyway (structured clone). A figure, not a test.
import { invokeContract } from '../common/contract';
import { toOutgoing } from '../main/ipc/outgoing';
import { SecretRedactor } from '../main/services/logging/logger';
import { longTranscript } from './long-transcript';
import { bestOf } from './best-of';

const hours = Number(process.env.BENCH_HOURS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

function transcript(): unknown {
  const response = longTranscript({ hours, turnWords: 1 });
  const count = response.results.channels[0]!.alternatives[0]!.words.length;
  return { summary: { id: 'bench', title: 'Bench', createdAt: new Date().toISOString(), durationSec: hours * 3600, sizeBytes: 1, requestId: 'bench', options: { model: 'nova-3', language: 'en', smartFormat: true, diarize: true } }, response, words: count };
}

const value = transcript() as { words: number };
const redactor = new SecretRedactor();
redactor.add('f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed');
const redact = (text: string): string => redactor.redact(text);
const schema = invokeContract['transcripts.get'].result;

const clone = await bestOf(rounds, () => structuredClone(value));
const crossing = await bestOf(rounds, () => {
  const outgoing = toOutgoing(schema, value, redact);
  if (!outgoing.ok) throw new Error('the bench transcript does not fit the contract');
});
console.log(`transcripts.get, ${hours} h (${value.words.toLocaleString('en')} words), best of ${rounds}:`);
console.log(`  structured clone (the IPC copy, baseline): ${clone.toFixed(0)} ms`);
console.log(`  redact + contract parse (the boundary):    ${crossing.toFixed(0)} ms`);
console.log(`  ratio boundary/clone: ${(crossing / clone).toFixed(2)}`);
