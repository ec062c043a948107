import { mkdtemp, open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RecordingStart } from '../../common/recording';
import { recordingPaths } from '../../main/services/recordings/recording-files';
import type { RecordingPaths } from '../../main/services/recordings/recording-files';
import { readJournal } from '../../main/services/recordings/recording-journal';
import { RecordingWriter } from '../../main/services/recordings/recording-writer';
import type { CaptureFile } from '../../main/services/recordings/recording-writer';
import { ManualClock } from '../support/manual-clock';
import { mediaRecorderChunks } from '../support/media-recorder';

const meta: RecordingStart = { channelLayout: 'mono', mimeType: 'audio/webm;codecs=opus', sampleRate: 48000, devices: { microphone: 'Fake mic' } };
let chunks: Buffer[];

beforeAll(async () => {
  chunks = await mediaRecorderChunks(6);
}, 60_000);

interface Logged {
  events: { kind: 'write' | 'sync'; at: number }[];
}

/** The real capture file, with every write and fsync noted at the clock's time. */
function loggingCapture(clock: ManualClock, log: Logged): (path: string) => Promise<CaptureFile> {
  return async (path) => {
    const handle = await open(path, 'wx');
    return {
      write: async (buffer, offset, length, position) => {
        log.events.push({ kind: 'write', at: clock.now() });
        return handle.write(buffer, offset, length, position);
      },
      sync: async () => {
        await handle.sync();
        log.events.push({ kind: 'sync', at: clock.now() });
      },
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  };
}

/** A capture file on a disk that fills up after `room` bytes: the write that crosses it lands in part, then ENOSPC. */
function fillingCapture(room: number): (path: string) => Promise<CaptureFile> {
  return async (path) => {
    const handle = await open(path, 'wx');
    let used = 0;
    return {
      write: async (buffer, offset, length, position) => {
        if (used >= room) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        const fits = Math.min(length, room - used);
        const { bytesWritten } = await handle.write(buffer, offset, fits, position);
        used += bytesWritten;
        return { bytesWritten };
      },
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  };
}

async function newPaths(): Promise<RecordingPaths> {
  return recordingPaths(join(await mkdtemp(join(tmpdir(), 'rec-writer-')), 'recordings'), 'rec-1');
}

describe('RecordingWriter', () => {
  it('makes every chunk durable within the sync interval, even when no chunk follows it', async () => {
    const clock = new ManualClock();
    const log: Logged = { events: [] };
    const writer = await RecordingWriter.start('rec-1', meta, { paths: await newPaths(), clock, syncIntervalMs: 2000, openCapture: loggingCapture(clock, log) });
    // An odd number of chunks a second apart: the last one lands between two syncs.
    const sent = chunks.slice(0, 5);
    for (const [seq, chunk] of sent.entries()) {
      clock.advance(1000);
      await writer.append(seq, chunk);
    }
    expect(log.events.at(-1)?.kind).toBe('write');
    // The last chunk has nobody after it to trigger a sync: the timer must.
    clock.advance(2000);
    await vi.waitFor(() => expect(log.events.at(-1)?.kind).toBe('sync'));
    const writes = log.events.filter((event) => event.kind === 'write');
    const syncs = log.events.filter((event) => event.kind === 'sync');
    expect(writes).toHaveLength(sent.length);
    for (const write of writes) {
      const covered = syncs.find((sync) => sync.at >= write.at);
      expect(covered && covered.at - write.at, `chunk written at ${write.at}`).toBeLessThanOrEqual(2000);
    }
    expect(writer.snapshot().lastSyncAt).toBe(new Date(syncs.at(-1)!.at).toISOString());
  });

  it('writes the chunks in order, ignores an exact repeat and refuses one out of order, leaving the file intact', async () => {
    const clock = new ManualClock();
    const paths = await newPaths();
    const writer = await RecordingWriter.start('rec-1', meta, { paths, clock, syncIntervalMs: 1000 });
    const [c0, c1, c2, c3] = chunks as [Buffer, Buffer, Buffer, Buffer];
    expect(await writer.append(0, c0)).toBe('written');
    expect(await writer.append(1, c1)).toBe('written');
    expect(await writer.append(1, c1)).toBe('duplicate');
    expect(await writer.append(0, c0)).toBe('duplicate');
    await expect(writer.append(1, c2)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('already written') });
    await expect(writer.append(3, c3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('came before chunk 2') });
    await expect(writer.append(-1, c0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(writer.append(2, new Uint8Array(0))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await writer.append(2, c2)).toBe('written');
    expect(await writer.append(3, c3)).toBe('written');
    const stopped = await writer.stop();
    expect(Buffer.compare(await readFile(paths.capture), Buffer.concat([c0, c1, c2, c3]))).toBe(0);
    expect(stopped).toMatchObject({ state: 'stopped', chunks: 4, bytesWritten: c0.length + c1.length + c2.length + c3.length });
    const journaled = (await readJournal(paths.journal)).records.flatMap((record) => (record.type === 'chunk' ? [[record.seq, record.offset, record.length]] : []));
    expect(journaled).toEqual([
      [0, 0, c0.length],
      [1, c0.length, c1.length],
      [2, c0.length + c1.length, c2.length],
      [3, c0.length + c1.length + c2.length, c3.length],
    ]);
    await expect(writer.append(4, c0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('already stopped') });
  });

  it('journals pauses and resumes on the recording’s own time line, pauses excluded', async () => {
    const clock = new ManualClock();
    const paths = await newPaths();
    const writer = await RecordingWriter.start('rec-1', meta, { paths, clock, syncIntervalMs: 1000 });
    clock.advance(2000);
    await writer.pause();
    clock.advance(30_000);
    expect(writer.snapshot()).toMatchObject({ state: 'paused', mediaSec: 2 });
    await writer.resume();
    clock.advance(1500);
    await writer.markGap('system-audio-lost');
    clock.advance(500);
    const stopped = await writer.stop();
    expect(stopped.mediaSec).toBe(4);
    expect(stopped.marks).toEqual([
      { kind: 'pause', atSec: 2, pausedSec: 30 },
      { kind: 'gap', atSec: 3.5, reason: 'system-audio-lost' },
    ]);
    const records = (await readJournal(paths.journal)).records;
    expect(records.map((record) => record.type)).toEqual(['start', 'pause', 'resume', 'gap', 'stop']);
    expect(records[1]).toMatchObject({ type: 'pause', mediaSec: 2 });
    expect(records[2]).toMatchObject({ type: 'resume', pausedSec: 30 });
    expect(records[4]).toMatchObject({ type: 'stop', reason: 'stopped', mediaSec: 4 });
  });

  it('stops cleanly when the disk fills up: complete chunks kept, the torn one cut off, a clear error', async () => {
    const clock = new ManualClock();
    const paths = await newPaths();
    const [c0, c1, c2, c3] = chunks as [Buffer, Buffer, Buffer, Buffer];
    const room = c0.length + c1.length + Math.floor(c2.length / 2);
    const failures: string[] = [];
    const writer = await RecordingWriter.start('rec-1', meta, {
      paths,
      clock,
      syncIntervalMs: 1000,
      openCapture: fillingCapture(room),
      onFailure: (error) => failures.push(error.message),
    });
    clock.advance(1000);
    await writer.append(0, c0);
    clock.advance(1000);
    await writer.append(1, c1);
    clock.advance(1000);
    const failed = await writer.append(2, c2).then(
      () => undefined,
      (error: unknown) => error as Error & { code?: string },
    );
    expect(failed?.code).toBe('SAVE_FAILED');
    const message = failed?.message ?? '';
    expect(message).toContain('the disk is full (ENOSPC)');
    expect(message).toContain('0:03 is kept');
    expect(failures).toEqual([message]);
    // Later chunks and stop get the same answer; nothing more is written.
    await expect(writer.append(3, c3)).rejects.toMatchObject({ code: 'SAVE_FAILED' });
    expect((await writer.stop()).state).toBe('failed');
    expect(Buffer.compare(await readFile(paths.capture), Buffer.concat([c0, c1]))).toBe(0);
    const records = (await readJournal(paths.journal)).records;
    expect(records.filter((record) => record.type === 'chunk')).toHaveLength(2);
    expect(records.at(-1)).toMatchObject({ type: 'stop', reason: 'write-failed', error: { code: 'SAVE_FAILED' } });
  });
});
