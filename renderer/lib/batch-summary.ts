/** What the batch panel says about the files it is about to queue. */
export interface BatchSummary {
  count: number;
  /** Sum of the durations that could be read. */
  knownSeconds: number;
  /** Files whose duration could not be read from their headers. */
  unknownCount: number;
}

/** Counts the files and adds up the durations that are known. */
export function summarizeBatch(files: readonly { durationSec: number | null }[]): BatchSummary {
  let knownSeconds = 0;
  let unknownCount = 0;
  for (const file of files) {
    if (file.durationSec === null || !Number.isFinite(file.durationSec)) unknownCount += 1;
    else knownSeconds += Math.max(0, file.durationSec);
  }
  return { count: files.length, knownSeconds, unknownCount };
}
