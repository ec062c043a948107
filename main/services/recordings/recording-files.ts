import { join } from 'node:path';
import { z } from 'zod';
import { idSchema } from '../../../common/domain';
import { recordingSummarySchema } from '../../../common/recording';
import type { RecordingSummary } from '../../../common/recording';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

/** The files of one recording, all in `<data>/recordings/<id>/`. */
export interface RecordingPaths {
  dir: string;
  /** MediaRecorder's chunks, appended as they arrive: a live WebM without duration or cues. */
  capture: string;
  journal: string;
  /** The playable, seekable file made from the capture when the recording ends. */
  audio: string;
  /** The recording's metadata (`recording.json`, versioned). */
  metadata: string;
}

/** The folder that holds every recording. */
export function recordingsRoot(dataDir: string): string {
  return join(dataDir, 'recordings');
}

/** Where the files of recording `id` live; refuses an id that could name another folder. */
export function recordingPaths(root: string, id: string): RecordingPaths {
  idSchema.parse(id);
  const dir = join(root, id);
  return {
    dir,
    capture: join(dir, 'capture.webm'),
    journal: join(dir, 'journal.ndjson'),
    audio: join(dir, 'audio.webm'),
    metadata: join(dir, 'recording.json'),
  };
}

export const metadataVersion = 1;
const metadataFileSchema = z.object({ version: z.literal(metadataVersion), recording: recordingSummarySchema });

/** Writes `recording.json` atomically. */
export async function writeMetadata(paths: RecordingPaths, summary: RecordingSummary): Promise<void> {
  const file: z.infer<typeof metadataFileSchema> = { version: metadataVersion, recording: summary };
  await writeFileAtomic(paths.metadata, `${JSON.stringify(file, null, 2)}\n`);
}

/** Reads `recording.json`; undefined when it is missing or not a format this version knows. */
export async function readMetadata(paths: RecordingPaths): Promise<RecordingSummary | undefined> {
  const raw = await readJsonFile(paths.metadata).catch(() => undefined);
  const parsed = metadataFileSchema.safeParse(raw);
  return parsed.success ? parsed.data.recording : undefined;
}
