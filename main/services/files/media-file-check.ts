import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { fileTypeFromFile } from 'file-type';

/** Deepgram's widely cited upload limit (contract §2.5). */
export const maxUploadBytes = 2 * 1024 ** 3;

export interface MediaFile {
  path: string;
  fileName: string;
  sizeBytes: number;
  /** Sent as Content-Type; Deepgram accepts any audio/* or video/*. */
  contentType: string;
}

export type MediaFileCheck = { ok: true; file: MediaFile } | { ok: false; fileName: string; reason: string };

function formatGigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** Decides from the file itself (not its name) whether it can be sent to Deepgram, and says why not. */
export async function checkMediaFile(path: string): Promise<MediaFileCheck> {
  const fileName = basename(path);
  const refuse = (reason: string): MediaFileCheck => ({ ok: false, fileName, reason });
  if (!isAbsolute(path)) return refuse('The app was given a relative path; add the file again.');
  let info;
  try {
    info = await stat(path);
  } catch {
    return refuse('The file no longer exists. It may have been moved or deleted.');
  }
  if (info.isDirectory()) return refuse('This is a folder. Add the audio or video files inside it.');
  if (!info.isFile()) return refuse('This is not a regular file.');
  try {
    await access(path, constants.R_OK);
  } catch {
    return refuse('The app is not allowed to read this file. Check its permissions.');
  }
  if (info.size === 0) return refuse('The file is empty.');
  if (info.size > maxUploadBytes) {
    return refuse(`The file is ${formatGigabytes(info.size)}; Deepgram accepts up to 2 GB. Extract the audio track (for example to MP3 or M4A) and add that.`);
  }
  const type = await fileTypeFromFile(path).catch(() => undefined);
  if (!type || !/^(audio|video)\//.test(type.mime)) {
    const seen = type ? ` (it looks like ${type.ext.toUpperCase()})` : '';
    return refuse(`This doesn’t look like an audio or video file${seen}. Add a recording such as WAV, MP3, M4A, FLAC, OGG, WebM or MP4.`);
  }
  return { ok: true, file: { path, fileName, sizeBytes: info.size, contentType: type.mime } };
}
