import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ALL_FORMATS, Conversion, FilePathSource, FilePathTarget, Input, Output, WebMOutputFormat } from 'mediabunny';

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
    const output = new Output({ format: new WebMOutputFormat(), target: new FilePathTarget(temp) });
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
