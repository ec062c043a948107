import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ALL_FORMATS, Conversion, FilePathSource, Input, Output, StreamTarget, WebMOutputFormat } from 'mediabunny';
import type { StreamTargetChunk } from 'mediabunny';

export interface RepairResult {
  durationSec: number;
}

/**
 * Remuxes a live WebM (unknown sizes, no Duration, no Cues, possibly cut short) into a file with
 * its duration and cues, copying the Opus packets as they are. The output appears atomically:
 * it is written beside the target and renamed into place once complete.
 */
export async function repairWebm(source: string, target: string): Promise<RepairResult> {
  const temp = join(dirname(target), `.${randomUUID()}.repair.webm`);
  const input = new Input({ source: new FilePathSource(source), formats: ALL_FORMATS });
  try {
    const output = new Output({ format: new WebMOutputFormat(), target: new StreamTarget(durableFile(temp), { chunked: true }) });
    // 'forced' never re-encodes: a track that cannot be copied is dropped, and an empty result refused below.
    const conversion = await Conversion.init({ input, output, copy: { mode: 'forced' } });
    if (!conversion.isValid || conversion.utilizedTracks.length === 0) {
      const reasons = conversion.discardedTracks.map((track) => track.reason).join(', ');
      throw new Error(`The recording holds no audio that can be copied${reasons ? ` (${reasons})` : ''}.`);
    }
    await conversion.execute();
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    input.dispose();
  }
  const durationSec = await readDuration(temp).catch(async (error: unknown) => {
    await rm(temp, { force: true });
    throw error;
  });
  await rename(temp, target);
  return { durationSec };
}

/** The duration a WebM's header declares, or the one its packets span when it declares none. */
export async function readDuration(path: string): Promise<number> {
  const input = new Input({ source: new FilePathSource(path), formats: ALL_FORMATS });
  try {
    return (await input.getDurationFromMetadata()) ?? (await input.computeDuration());
  } finally {
    input.dispose();
  }
}

/**
 * The repaired file's sink. mediabunny's own FilePathTarget ignores short writes (a disk filling up
 * leaves a silently truncated file) and never fsyncs; this one retries short writes, lets errors
 * fail the repair, and makes the file durable before it is renamed into place.
 */
function durableFile(path: string): WritableStream<StreamTargetChunk> {
  let handle: FileHandle | undefined;
  return new WritableStream<StreamTargetChunk>({
    start: async () => {
      handle = await open(path, 'wx', 0o600);
    },
    write: async ({ data, position }) => {
      let done = 0;
      try {
        while (done < data.byteLength) {
          const { bytesWritten } = await handle!.write(data, done, data.byteLength - done, position + done);
          done += bytesWritten;
        }
      } catch (error) {
        // A failed write errors the stream, which calls neither close nor abort.
        await handle!.close().catch(() => undefined);
        handle = undefined;
        throw error;
      }
    },
    close: async () => {
      await handle!.sync();
      await handle!.close();
    },
    abort: async () => {
      await handle?.close();
    },
  });
}
