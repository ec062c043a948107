import { access, mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RecordingStart } from '../../common/recording';
import { recordingPaths, recordingsRoot } from '../../main/services/recordings/recording-files';
import { readJournal } from '../../main/services/recordings/recording-journal';
import { RecordingService } from '../../main/services/recordings/recording-service';
import type { RecordingEvent } from '../../main/services/recordings/recording-service';
import type { CaptureFile } from '../../main/services/recordings/recording-writer';
import { ManualClock } from '../support/manual-clock';
import { decodedAudioMd5, decodedSeconds, headerDuration, mediaRecorderChunks } from '../support/media-recorder';
import { webmLayout } from '../support/webm-layout';

const meta: RecordingStart = {
  title: 'Weekly sync',
  channelLayout: 'two-channel',
  mimeType: 'audio/webm;codecs=opus',
  sampleRate: 48000,
  devices: { microphone: 'USB mic', system: 'Speakers (loopback)' },
};
const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };
let chunks: Buffer[];
let work: string;

beforeAll(async () => {
  chunks = await mediaRecorderChunks(6);
  work = await mkdtemp(join(tmpdir(), 'rec-service-'));
}, 60_000);

/** The same chunks written straight to a file: what MediaRecorder alone would have left. */
async function rawFile(name: string, parts: Buffer[]): Promise<string> {
  const path = join(work, name);
  await writeFile(path, Buffer.concat(parts));
  return path;
}

function setup(extra: Partial<ConstructorParameters<typeof RecordingService>[0]> = {}) {
  const clock = new ManualClock();
  const events: RecordingEvent[] = [];
  const indicator: boolean[] = [];
  const dataDir = join(work, `data-${Math.random().toString(36).slice(2)}`);
  let n = 0;
  const service = new RecordingService({
    dataDir,
    logger: silentLogger,
    clock,
    newId: () => `rec-${++n}`,
    indicator: { set: (recording) => indicator.push(recording) },
    ...extra,
  });
  service.subscribe((event) => events.push(event));
  return { service, clock, events, indicator, root: recordingsRoot(dataDir) };
}

describe('RecordingService', () => {
  it('finishes a stopped recording into a seekable WebM with duration and cues, and versioned metadata beside it', async () => {
    const { service, clock, events, indicator, root } = setup();
    const { id } = await service.start(meta);
    for (const [seq, chunk] of chunks.entries()) {
      clock.advance(1000);
      expect(await service.append(id, seq, chunk)).toBe('written');
    }
    const recording = await service.stop(id);
    const paths = recordingPaths(root, id);
    const raw = await rawFile('whole.webm', chunks);

    // The capture as MediaRecorder leaves it has none of this; the finished file has all of it.
    expect(await webmLayout(raw)).toMatchObject({ segmentSizeKnown: false, hasDuration: false, cuePoints: 0 });
    const layout = await webmLayout(paths.audio);
    expect(layout).toMatchObject({ segmentSizeKnown: true, unknownSizeElements: 0, hasDuration: true });
    expect(layout.cuePoints).toBe(layout.clusters);
    // Not one sample changed: the packets were copied, not re-encoded.
    expect(await decodedAudioMd5(paths.audio)).toBe(await decodedAudioMd5(raw));
    const decoded = await decodedSeconds(raw);
    expect(Math.abs((await headerDuration(paths.audio))! - decoded)).toBeLessThan(0.1);
    expect(Math.abs(recording.durationSec - decoded)).toBeLessThan(0.1);
    // Seeking near the end decodes just the end.
    expect(Math.abs((await decodedSeconds(paths.audio, { seekSec: recording.durationSec - 1.5 })) - 1.5)).toBeLessThan(0.25);

    expect(recording).toMatchObject({
      id,
      title: 'Weekly sync',
      channelLayout: 'two-channel',
      sampleRate: 48000,
      devices: { microphone: 'USB mic', system: 'Speakers (loopback)' },
      marks: [],
      end: 'stopped',
    });
    expect(JSON.parse(await readFile(paths.metadata, 'utf8'))).toEqual({ version: 1, recording });
    await expect(access(paths.capture)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readJournal(paths.journal)).records.at(-1)).toMatchObject({ type: 'finalized' });
    expect(await service.list()).toEqual([recording]);
    expect(await service.audioPath(id)).toBe(paths.audio);
    expect(events.at(-1)).toEqual({ type: 'finished', recording });
    expect(events.filter((event) => event.type === 'progress').at(-1)).toMatchObject({
      type: 'progress',
      progress: { id, state: 'recording', chunks: chunks.length, bytesWritten: Buffer.concat(chunks).length, elapsedSec: chunks.length },
    });
    expect(indicator).toEqual([true, false]);
    expect(service.current()).toBeUndefined();
    expect(await service.recoverUnfinished()).toEqual({ recovered: [], failed: [], discarded: [] });
  });

  it('makes one file of a paused recording and keeps the pause as a mark for the transcript', async () => {
    const { service, clock, events, root } = setup();
    const { id } = await service.start(meta);
    const [first, second] = [chunks.slice(0, 3), chunks.slice(3)];
    let seq = 0;
    for (const chunk of first) {
      clock.advance(1000);
      await service.append(id, seq++, chunk);
    }
    await service.pause(id);
    expect(events.at(-1)).toMatchObject({ type: 'progress', progress: { state: 'paused', elapsedSec: 3 } });
    clock.advance(45_000);
    await service.resume(id);
    for (const chunk of second) {
      clock.advance(1000);
      await service.append(id, seq++, chunk);
    }
    const recording = await service.stop(id);
    expect(recording.marks).toEqual([{ kind: 'pause', atSec: 3, pausedSec: 45 }]);
    const records = (await readJournal(recordingPaths(root, id).journal)).records;
    expect(records.filter((record) => record.type === 'pause' || record.type === 'resume')).toMatchObject([
      { type: 'pause', mediaSec: 3 },
      { type: 'resume', pausedSec: 45 },
    ]);
    expect(await decodedAudioMd5(recordingPaths(root, id).audio)).toBe(await decodedAudioMd5(await rawFile('paused.webm', chunks)));
  });

  it('refuses a second recording, and chunks for a recording that is not running', async () => {
    const { service } = setup();
    const { id } = await service.start(meta);
    await expect(service.start(meta)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.append('rec-999', 0, chunks[0]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await service.append(id, 0, chunks[0]!);
    await service.stop(id);
    await expect(service.append(id, 1, chunks[1]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says why a recording could not start, and leaves nothing behind after recovery', async () => {
    const openCapture = async (): Promise<CaptureFile> => {
      throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
    };
    const { service, indicator } = setup({ openCapture });
    await expect(service.start(meta)).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('could not start because the disk is full (ENOSPC)') });
    expect(indicator).toEqual([]);
    expect(service.current()).toBeUndefined();
    expect(await service.recoverUnfinished()).toEqual({ recovered: [], failed: [], discarded: ['rec-1'] });
  });

  it('keeps a capture that cannot be made playable, says so, and leaves it for recovery to retry', async () => {
    const { service, root } = setup();
    const { id } = await service.start(meta);
    await service.append(id, 0, Buffer.from('not a WebM at all, as a renderer bug might send'));
    await expect(service.stop(id)).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('The recording is kept') });
    const paths = recordingPaths(root, id);
    expect((await readFile(paths.capture)).toString()).toContain('not a WebM');
    expect(await service.list()).toEqual([]);
    const report = await service.recoverUnfinished();
    expect(report.failed.map((failure) => failure.id)).toEqual([id]);
    expect((await readFile(paths.capture)).toString()).toContain('not a WebM');
  });

  it('on a full disk stops cleanly, keeps what was written and still finishes it for transcription', async () => {
    const room = chunks[0]!.length + chunks[1]!.length + chunks[2]!.length + 1000;
    const openCapture = async (path: string): Promise<CaptureFile> => {
      const handle = await open(path, 'wx');
      let used = 0;
      return {
        write: async (buffer, offset, length, position) => {
          if (used >= room) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          const { bytesWritten } = await handle.write(buffer, offset, Math.min(length, room - used), position);
          used += bytesWritten;
          return { bytesWritten };
        },
        sync: () => handle.sync(),
        truncate: (length) => handle.truncate(length),
        close: () => handle.close(),
      };
    };
    const { service, clock, events, indicator, root } = setup({ openCapture });
    const { id } = await service.start(meta);
    let refused: unknown;
    for (const [seq, chunk] of chunks.entries()) {
      clock.advance(1000);
      refused = await service.append(id, seq, chunk).then(() => undefined, (error: unknown) => error);
      if (refused) break;
    }
    expect(refused).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('the disk is full (ENOSPC)') });
    await vi.waitFor(() => expect(events.at(-1)?.type).toBe('failed'));
    const failed = events.at(-1) as Extract<RecordingEvent, { type: 'failed' }>;
    expect(failed.error).toMatchObject({ code: 'SAVE_FAILED' });
    expect(failed.recording).toMatchObject({ id, end: 'write-failed', error: { code: 'SAVE_FAILED' } });
    expect(indicator).toEqual([true, false]);
    const audio = recordingPaths(root, id).audio;
    expect(await decodedAudioMd5(audio)).toBe(await decodedAudioMd5(await rawFile('kept.webm', chunks.slice(0, 3))));
    expect(await service.list()).toEqual([failed.recording]);
  });
});
