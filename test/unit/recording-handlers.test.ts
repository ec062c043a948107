import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxChunkBytes, recordingEventContract, recordingInvokeContract } from '../../common/recording';
import { recordingHandlers, toRecordingEventMessage } from '../../main/services/recordings/recording-handlers';
import { RecordingService } from '../../main/services/recordings/recording-service';
import { ManualClock } from '../support/manual-clock';
import { mediaRecorderChunks } from '../support/media-recorder';

type Channel = keyof typeof recordingInvokeContract;
let chunks: Buffer[];

beforeAll(async () => {
  chunks = await mediaRecorderChunks(6);
}, 60_000);

/** What `handle()` does around a handler: parse the arguments, call, parse the result. */
async function invoke(handlers: ReturnType<typeof recordingHandlers>, channel: Channel, args: unknown[]): Promise<{ ok: true; value: unknown } | { ok: false; issue: string }> {
  const contract = recordingInvokeContract[channel];
  const parsed = contract.args.safeParse(args);
  if (!parsed.success) return { ok: false, issue: parsed.error.issues[0]?.message ?? 'invalid' };
  const handler = handlers[channel] as (...a: unknown[]) => Promise<unknown>;
  const value = await handler(...(parsed.data as unknown[]));
  return { ok: true, value: contract.result.parse(value) };
}

describe('recording channels', () => {
  it('record, pause, stop and list through the contract, with chunks as the Uint8Array IPC delivers', async () => {
    const clock = new ManualClock();
    const service = new RecordingService({ dataDir: await mkdtemp(join(tmpdir(), 'rec-ipc-')), logger: { info() {}, warn() {}, error() {} }, clock });
    const events: unknown[] = [];
    service.subscribe((event) => {
      const message = toRecordingEventMessage(event);
      events.push(recordingEventContract[message.event].parse(message.payload));
    });
    const handlers = recordingHandlers(service);
    const started = await invoke(handlers, 'recording.start', [{ channelLayout: 'two-channel', mimeType: 'audio/webm;codecs=opus', sampleRate: 48000, devices: { microphone: 'Mic', system: 'System' } }]);
    expect(started.ok).toBe(true);
    const { id } = (started as { value: { id: string } }).value;
    for (const [seq, chunk] of chunks.entries()) {
      clock.advance(1000);
      // Structured clone hands main a plain Uint8Array, not a Buffer.
      const bytes = new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
      expect(await invoke(handlers, 'recording.chunk', [{ id, seq, bytes }])).toEqual({ ok: true, value: 'written' });
      if (seq === 2) {
        expect(await invoke(handlers, 'recording.pause', [{ id }])).toEqual({ ok: true, value: null });
        expect(await invoke(handlers, 'recording.current', [])).toMatchObject({ ok: true, value: { id, state: 'paused', chunks: 3 } });
        expect(await invoke(handlers, 'recording.resume', [{ id }])).toEqual({ ok: true, value: null });
      }
    }
    expect(await invoke(handlers, 'recording.chunk', [{ id, seq: 0, bytes: chunks[0]! }])).toEqual({ ok: true, value: 'duplicate' });
    const stopped = await invoke(handlers, 'recording.stop', [{ id }]);
    expect(stopped).toMatchObject({ ok: true, value: { id, channelLayout: 'two-channel', end: 'stopped' } });
    expect(await invoke(handlers, 'recording.current', [])).toEqual({ ok: true, value: null });
    expect(await invoke(handlers, 'recordings.list', [])).toEqual({ ok: true, value: [(stopped as { value: unknown }).value] });
    expect(await invoke(handlers, 'recordings.takeRecovered', [])).toEqual({ ok: true, value: { recovered: [], failed: [], discarded: [] } });
    expect(events.length).toBeGreaterThan(chunks.length);
    expect(events.at(-1)).toEqual((stopped as { value: unknown }).value);
  });

  it('refuses chunks that are not bytes, are empty or too large, and ids that could name another folder', async () => {
    const handlers = recordingHandlers(new RecordingService({ dataDir: await mkdtemp(join(tmpdir(), 'rec-ipc-')), logger: { info() {}, warn() {}, error() {} } }));
    for (const bytes of [[1, 2, 3], { 0: 1, 1: 2 }, 'AAEC', new Uint8Array(0), new Uint8Array(maxChunkBytes + 1)]) {
      expect(await invoke(handlers, 'recording.chunk', [{ id: 'rec-1', seq: 0, bytes }])).toMatchObject({ ok: false });
    }
    for (const id of ['../etc', 'a/b', '', 'x'.repeat(65)]) {
      expect(await invoke(handlers, 'recording.stop', [{ id }])).toMatchObject({ ok: false });
    }
    expect(await invoke(handlers, 'recording.chunk', [{ id: 'rec-1', seq: -1, bytes: new Uint8Array(1) }])).toMatchObject({ ok: false });
    expect(await invoke(handlers, 'recording.start', [{ channelLayout: 'stereo', mimeType: 'audio/webm;codecs=opus', sampleRate: 48000, devices: {} }])).toMatchObject({ ok: false });
  });
});
