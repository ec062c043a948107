import { rm, stat } from 'node:fs/promises';
import type { AppErrorValue } from '../../../common/errors';
import type { RecordingEnd, RecordingMark, RecordingStart, RecordingSummary } from '../../../common/recording';
import type { RecordingPaths } from './recording-files';
import { writeMetadata } from './recording-files';
import { RecordingJournal } from './recording-journal';
import { repairWebm } from './webm-repair';

/** What is known of a recording once its capture has ended, from the writer or from the journal. */
export interface EndedCapture {
  id: string;
  meta: RecordingStart;
  startedAt: string;
  endedAt: string;
  marks: RecordingMark[];
  end: RecordingEnd;
  error?: AppErrorValue;
}

/**
 * Turns an ended capture into a finished recording: a playable WebM with duration and cues,
 * `recording.json` beside it, and a `finalized` journal record. Each step can be repeated after
 * a crash; the capture is deleted only once the rest is durable.
 */
export async function finalizeCapture(paths: RecordingPaths, capture: EndedCapture, now: () => number): Promise<RecordingSummary> {
  const { durationSec } = await repairWebm(paths.capture, paths.audio);
  const { size } = await stat(paths.audio);
  const summary: RecordingSummary = {
    id: capture.id,
    startedAt: capture.startedAt,
    endedAt: capture.endedAt,
    durationSec,
    sizeBytes: size,
    channelLayout: capture.meta.channelLayout,
    sampleRate: capture.meta.sampleRate,
    devices: capture.meta.devices,
    marks: capture.marks,
    end: capture.end,
  };
  if (capture.meta.title !== undefined) summary.title = capture.meta.title;
  if (capture.error) summary.error = capture.error;
  await writeMetadata(paths, summary);
  const journal = await RecordingJournal.reopen(paths.journal);
  try {
    await journal.append({ type: 'finalized', at: new Date(now()).toISOString(), durationSec });
    await journal.sync();
  } finally {
    await journal.close();
  }
  await rm(paths.capture, { force: true });
  return summary;
}
