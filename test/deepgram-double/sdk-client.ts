// Run by sdk-compat.test.ts in a child process, because NODE_EXTRA_CA_CERTS (the only way to make the SDK's
// fetch trust the test CA) is read at process start. Prints one JSON line per step.
import { createReadStream, readFileSync } from 'node:fs';
import { DeepgramClient } from '@deepgram/sdk';

const [baseUrl = '', apiKey = '', wav = '', junk = ''] = process.argv.slice(2);

function report(step: string, value: unknown): void {
  process.stdout.write(`${JSON.stringify({ step, value })}\n`);
}

function failure(error: unknown): { statusCode: unknown; body: unknown; message: string } {
  const e = error as { statusCode?: unknown; body?: unknown; message?: string };
  return { statusCode: e.statusCode, body: e.body, message: e.message ?? String(error) };
}

async function main(): Promise<void> {
  const dg = new DeepgramClient({ apiKey, baseUrl });
  report('projects', await dg.manage.v1.projects.list());
  report(
    'file',
    await dg.listen.v1.media.transcribeFile(createReadStream(wav), { model: 'nova-3', smart_format: true, diarize: true, utterances: true }, { maxRetries: 0 }),
  );
  report('junk', await dg.listen.v1.media.transcribeFile(readFileSync(junk), { model: 'nova-3' }, { maxRetries: 0 }).then(() => null, failure));
  report(
    'bad-key',
    await new DeepgramClient({ apiKey: 'wrong', baseUrl }).manage.v1.projects.list({ maxRetries: 0 }).then(() => null, failure),
  );

  const socket = await dg.listen.v1.connect({ model: 'nova-3', encoding: 'linear16', sample_rate: 16000, reconnectAttempts: 0 });
  const messages: unknown[] = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (event: { code: number }) => resolve(event.code)));
  socket.on('message', (message: unknown) => messages.push(message));
  socket.connect();
  await socket.waitForOpen();
  socket.sendMedia(readFileSync(wav).subarray(44));
  socket.sendCloseStream({ type: 'CloseStream' });
  const code = await closed;
  report('live', { code, messages });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    report('crash', failure(error));
    process.exit(1);
  },
);
