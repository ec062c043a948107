// One repair with the app's own code, in its own process so that its peak RSS is its own.
// Prints one JSON line: { seconds, durationSec }.
import { repairWebm } from '../main/services/recordings/webm-repair';

const [source, target] = process.argv.slice(2);
if (!source || !target) throw new Error('usage: recording-repair-run.ts <live.webm> <repaired.webm>');
const started = performance.now();
const { durationSec } = await repairWebm(source, target);
process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, durationSec })}\n`);
