import { spawn } from 'node:child_process';
import { access, appendFile, mkdir, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordingStart } from '../../common/recording';
import { recordingPaths, recordingsRoot } from '../../main/services/recordings/recording-files';
import { readJournal } from '../../main/services/recordings/recording-journal';
import { RecordingService } from '../../main/services/recordings/recording-service';
import { RecordingWriter } from '../../main/services/recordings/recording-writer';
import { ManualClock } from '../support/manual-clock';
import { decodedAudioMd5, decodedSeconds, headerDuration, mediaRecorderChunks } from '../support/media-recorder';
import { webmLayout } from '../support/webm-layout';

const root = resolve(import.meta.dirname, '../..');
const meta: RecordingStart = { channelLayout: 'mono', mimeType: 'audio/webm;codecs=opus', sampleRate: 48000, devices: { microphone: 'Fake mic' } };
const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };
let chunks: Buffer[];
let chunkDir: string;
let work: string;

beforeAll(async () => {
  chunks = await mediaRecorderChunks(6);
  work = await mkdtemp(join(tmpdir(), 'rec-recovery-'));
  chunkDir = join(work, 'chunks');
  await mkdir(chunkDir);
  await Promise.all(chunks.map((chunk, seq) => writeFile(join(chunkDir, `${String(seq).padStart(4, '0')}.chunk`), chunk)));
}, 60_000);

type ChildLine = { started?: string; appended?: number; lastSyncAt?: string | null; failed?: { code: string; message: string }; finished?: boolean; done?: boolean };

/**
 * Runs the recording service in a child process (optionally under `prlimit`) and hands each JSON
 * line it prints to `onLine`; `onLine` answers true to SIGKILL the child there and then.
 */
async function runRecorder(dataDir: string, onLine: (line: ChildLine) => boolean, options: { fileSizeLimit?: number; gapMs?: number } = {}): Promise<ChildLine[]> {
  const node = [process.execPath, '--import', 'tsx', join(root, 'test/support/recording-process.ts')];
  const [command, ...args] = options.fileSizeLimit === undefined ? node : ['prlimit', `--fsize=${options.fileSizeLimit}`, '--', ...node];
  const child = spawn(command!, args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, CHUNK_DIR: chunkDir, CHUNK_GAP_MS: String(options.gapMs ?? 150) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: ChildLine[] = [];
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for await (const text of createInterface({ input: child.stdout })) {
    const line = JSON.parse(text) as ChildLine;
    lines.push(line);
    if (onLine(line)) {
      child.kill('SIGKILL');
      break;
    }
  }
  child.kill('SIGKILL');
  await exited;
  return lines;
}

/** The chunks the journal vouches for, in order. */
async function journaledChunks(journal: string): Promise<number> {
  return (await readJournal(journal)).records.filter((record) => record.type === 'chunk').length;
}

async function rawFile(name: string, count: number): Promise<string> {
  const path = join(work, name);
  await writeFile(path, Buffer.concat(chunks.slice(0, count)));
  return path;
}

/** What every recovered recording must be: playable, seekable, with exactly the audio of its first `count` chunks. */
async function expectWholeAudioOf(audio: string, count: number): Promise<void> {
  const raw = await rawFile(`first-${count}-${Math.random().toString(36).slice(2)}.webm`, count);
  expect(await decodedAudioMd5(audio), `audio of the first ${count} chunks`).toBe(await decodedAudioMd5(raw));
  const layout = await webmLayout(audio);
  expect(layout).toMatchObject({ segmentSizeKnown: true, unknownSizeElements: 0, hasDuration: true });
  expect(layout.cuePoints).toBeGreaterThan(0);
  const duration = (await headerDuration(audio))!;
  expect(Math.abs(duration - (await decodedSeconds(raw)))).toBeLessThan(0.1);
  expect(Math.abs((await decodedSeconds(audio, { seekSec: duration - 1 })) - 1)).toBeLessThan(0.25);
}

describe('recording recovery', () => {
  it('finds a recording whose process was killed mid-recording and repairs it with every chunk it had written', async () => {
    const dataDir = join(work, 'killed');
    const lines = await runRecorder(dataDir, (line) => line.appended === 3);
    const id = lines.find((line) => line.started)!.started!;
    const paths = recordingPaths(recordingsRoot(dataDir), id);
    // Killed: nothing was finished.
    await expect(access(paths.audio)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await webmLayout(paths.capture)).toMatchObject({ segmentSizeKnown: false, hasDuration: false, cuePoints: 0 });

    const service = new RecordingService({ dataDir, logger: silentLogger });
    const report = await service.recoverUnfinished();
    expect(report.failed).toEqual([]);
    expect(report.recovered.map((recording) => [recording.id, recording.end])).toEqual([[id, 'recovered']]);
    const kept = await journaledChunks(paths.journal);
    // Chunks 0..3 were written when the child said so; a kill loses nothing the process had written.
    expect(kept).toBeGreaterThanOrEqual(4);
    await expectWholeAudioOf(paths.audio, kept);
    expect(report.recovered[0]!.durationSec).toBeCloseTo((await headerDuration(paths.audio))!, 1);
    expect(await service.list()).toEqual(report.recovered);
    // The window asks for what was found once it is up; asking again finds nothing new.
    expect(service.takeRecovered()).toEqual(report);
    expect(service.takeRecovered()).toEqual({ recovered: [], failed: [], discarded: [] });
    // Done once: the next launch finds nothing to do.
    expect(await service.recoverUnfinished()).toEqual({ recovered: [], failed: [], discarded: [] });
  });

  it('cuts a chunk torn by the crash (and its torn journal line) so the cluster around it is not lost', async () => {
    const dataDir = join(work, 'torn');
    const paths = recordingPaths(recordingsRoot(dataDir), 'rec-torn');
    const clock = new ManualClock();
    const writer = await RecordingWriter.start('rec-torn', meta, { paths, clock, syncIntervalMs: 1000 });
    for (const seq of [0, 1, 2]) {
      clock.advance(1000);
      await writer.append(seq, chunks[seq]!);
    }
    // The crash: half of chunk 3 reached the file, and part of its journal line.
    await appendFile(paths.capture, chunks[3]!.subarray(0, chunks[3]!.length >> 1));
    await appendFile(paths.journal, '{"type":"chunk","seq":3,"offset":');

    const report = await new RecordingService({ dataDir, logger: silentLogger }).recoverUnfinished();
    expect(report.recovered.map((recording) => recording.id)).toEqual(['rec-torn']);
    await expectWholeAudioOf(paths.audio, 3);
  });

  it('after a power cut keeps only the chunks the capture holds whole, even if the journal names more', async () => {
    const dataDir = join(work, 'power');
    const paths = recordingPaths(recordingsRoot(dataDir), 'rec-power');
    const clock = new ManualClock();
    const writer = await RecordingWriter.start('rec-power', meta, { paths, clock, syncIntervalMs: 1000 });
    for (const seq of [0, 1, 2, 3]) {
      clock.advance(1000);
      await writer.append(seq, chunks[seq]!);
    }
    const threeChunks = chunks[0]!.length + chunks[1]!.length + chunks[2]!.length;
    await truncate(paths.capture, threeChunks + 500);
    const report = await new RecordingService({ dataDir, logger: silentLogger }).recoverUnfinished();
    expect(report.recovered).toHaveLength(1);
    await expectWholeAudioOf(paths.audio, 3);
  });

  it('removes a recording that crashed before its first chunk, and leaves finished ones alone', async () => {
    const dataDir = join(work, 'empty');
    const service = new RecordingService({ dataDir, logger: silentLogger, newId: () => 'rec-done' });
    const { id } = await service.start(meta);
    await service.append(id, 0, chunks[0]!);
    await service.append(id, 1, chunks[1]!);
    const done = await service.stop(id);
    const empty = recordingPaths(recordingsRoot(dataDir), 'rec-empty');
    await RecordingWriter.start('rec-empty', meta, { paths: empty, clock: new ManualClock(), syncIntervalMs: 1000 });
    const report = await new RecordingService({ dataDir, logger: silentLogger }).recoverUnfinished();
    expect(report).toEqual({ recovered: [], failed: [], discarded: ['rec-empty'] });
    await expect(access(empty.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await service.list()).toEqual([done]);
  });

  it('when a file size limit (as a full disk) stops the recording and its repair, finishes it at the next launch', async () => {
    const dataDir = join(work, 'fsize');
    const threeChunks = chunks[0]!.length + chunks[1]!.length + chunks[2]!.length;
    // Room for three chunks and a bit of the fourth, too little for the repaired copy as well.
    const lines = await runRecorder(dataDir, (line) => line.failed !== undefined, { fileSizeLimit: threeChunks + 100, gapMs: 0 });
    const id = lines.find((line) => line.started)!.started!;
    const failed = lines.find((line) => line.failed)!;
    expect(failed.failed).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('(EFBIG)') });
    expect(failed.finished).toBe(false);
    expect(lines.filter((line) => line.appended !== undefined).map((line) => line.appended)).toEqual([0, 1, 2]);
    const paths = recordingPaths(recordingsRoot(dataDir), id);
    expect((await readFile(paths.capture)).length).toBe(threeChunks);
    expect((await readJournal(paths.journal)).records.at(-1)).toMatchObject({ type: 'stop', reason: 'write-failed' });

    const report = await new RecordingService({ dataDir, logger: silentLogger }).recoverUnfinished();
    expect(report.recovered.map((recording) => [recording.id, recording.end, recording.error?.code])).toEqual([[id, 'write-failed', 'SAVE_FAILED']]);
    await expectWholeAudioOf(paths.audio, 3);
  });
});
