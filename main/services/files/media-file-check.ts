import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { fileErrorReason, nonRegularReason, openForReading } from './file-refusals';
import { fingerprintFile, FileShrankError } from './file-fingerprint';
import { isMediaType, readDurationSec, sniffMediaType } from './media-probe';

/** Deepgram's upload limit: "2 GB", read as 2 × 10⁹ bytes, the safe reading (contract §2.5). */
export const maxUploadBytes = 2_000_000_000;

export interface MediaFile {
  path: string;
  fileName: string;
  sizeBytes: number;
  /** Sent as Content-Type; Deepgram accepts any audio/* or video/*. */
  contentType: string;
  /** From the container's headers; null when they do not state it. */
  durationSec: number | null;
  /** Modification time at the check: the upload refuses a file changed since. */
  mtimeMs: number;
  /** Content identity for duplicate detection (see `fingerprintFile`). */
  fingerprint: string;
}

export type MediaFileCheck = { ok: true; file: MediaFile } | { ok: false; fileName: string; reason: string };

const changedWhileChecked = 'The file changed while it was being checked. Add it again once nothing is writing to it.';

function formatGigabytes(bytes: number): string {
  // Rounded up, so a file just over the limit never reads as "2.00 GB".
  return `${(Math.ceil(bytes / 1e7) / 100).toFixed(2)} GB`;
}

function sameFile(before: Stats, after: Stats): boolean {
  return after.dev === before.dev && after.ino === before.ino && after.size === before.size && after.mtimeMs === before.mtimeMs;
}

/**
 * Decides from the file itself (not its name) whether it can be sent to Deepgram, and says why not.
 * Nothing that is not a regular file is ever opened (opening a FIFO would wait for a writer).
 */
export async function checkMediaFile(path: string): Promise<MediaFileCheck> {
  const fileName = basename(path);
  const refuse = (reason: string): MediaFileCheck => ({ ok: false, fileName, reason });
  if (!isAbsolute(path)) return refuse('The app was given a relative path; add the file again.');
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    return refuse(fileErrorReason(error));
  }
  const notRegular = nonRegularReason(info);
  if (notRegular) return refuse(notRegular);
  if (info.size === 0) return refuse('The file is empty.');
  if (info.size > maxUploadBytes) {
    return refuse(`The file is ${formatGigabytes(info.size)}; Deepgram accepts up to 2 GB. Extract the audio track (for example to MP3 or M4A) and add that.`);
  }
  let handle;
  try {
    handle = await openForReading(path);
  } catch (error) {
    return refuse(fileErrorReason(error));
  }
  try {
    const opened = await handle.stat();
    if (!sameFile(info, opened)) return refuse(changedWhileChecked);
    const type = await sniffMediaType(handle, opened.size);
    if (!type || !isMediaType(type)) {
      const seen = type ? ` (it looks like ${type.ext.toUpperCase()})` : '';
      return refuse(`This doesn’t look like an audio or video file${seen}. Add a recording such as WAV, MP3, M4A, FLAC, OGG, WebM or MP4.`);
    }
    const durationSec = await readDurationSec(handle, opened.size, type.mime);
    const fingerprint = await fingerprintFile(handle, opened.size);
    const file: MediaFile = { path, fileName, sizeBytes: opened.size, contentType: type.mime, durationSec, mtimeMs: opened.mtimeMs, fingerprint };
    return { ok: true, file };
  } catch (error) {
    return refuse(error instanceof FileShrankError ? changedWhileChecked : fileErrorReason(error));
  } finally {
    await handle.close();
  }
}
