// A main process reduced to its recording service, for tests that kill it or starve its disk: it
// records the chunk files it is given, one every CHUNK_GAP_MS, and prints a JSON line after each.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RecordingService } from '../../main/services/recordings/recording-service';

const { DATA_DIR, CHUNK_DIR, CHUNK_GAP_MS, SYNC_INTERVAL_MS } = process.env;
if (!DATA_DIR || !CHUNK_DIR) throw new Error('DATA_DIR and CHUNK_DIR are required');

const print = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};
const service = new RecordingService({
  dataDir: DATA_DIR,
  logger: { info: () => {}, warn: () => {}, error: () => {} },
  syncIntervalMs: Number(SYNC_INTERVAL_MS ?? 1000),
});
service.subscribe((event) => {
  if (event.type === 'failed') print({ failed: event.error, finished: event.recording !== undefined });
});
const { id } = await service.start({ channelLayout: 'mono', mimeType: 'audio/webm;codecs=opus', sampleRate: 48000, devices: { microphone: 'Fake mic' } });
print({ started: id });
const names = (await readdir(CHUNK_DIR)).filter((name) => name.endsWith('.chunk')).sort();
for (const [seq, name] of names.entries()) {
  try {
    await service.append(id, seq, await readFile(join(CHUNK_DIR, name)));
  } catch (error) {
    print({ refused: seq, code: (error as { code?: string }).code });
    break;
  }
  print({ appended: seq, lastSyncAt: service.current()?.lastSyncAt ?? null });
  await new Promise((done) => setTimeout(done, Number(CHUNK_GAP_MS ?? 0)));
}
print({ done: true });
// Wait to be killed, or for a failed recording to finish in the background.
setTimeout(() => undefined, 30_000);
