import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../../../common/errors';
import type { MediaUnavailable, TranscriptMedia } from '../../../common/transcript-media';
import { fingerprintFile } from '../files/file-fingerprint';
import { openForReading } from '../files/file-refusals';
import type { ServableFile } from '../files/file-range-response';
import type { TranscriptStore } from './transcript-store';

export type MediaOpen = { ok: true; file: ServableFile; durationSec: number } | { ok: false; reason: MediaUnavailable | 'not-found'; message: string };

const messages: Record<MediaUnavailable | 'not-found', string> = {
  'not-found': 'This transcript is not in the library any more.',
  'no-media': 'There is no audio to play: this transcript was made from a link, or before the app kept its source file.',
  missing: 'The source file is gone: it was moved, renamed or deleted. Put it back where it was to play it here.',
  changed: 'The source file changed after it was transcribed, so it would not match the transcript. It is not played.',
  unreadable: 'The source file cannot be read. Check its permissions and that its disk is connected.',
};

// What the sniffer names by container, as media elements expect it.
const playableTypes: Record<string, string> = {
  'audio/vnd.wave': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/x-flac': 'audio/flac',
  'audio/x-aiff': 'audio/aiff',
};

/** The content type a media element is given for a type the file check detected. */
export function playableType(detected: string): string {
  return playableTypes[detected] ?? detected;
}

function codeOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function refuse(reason: MediaUnavailable | 'not-found'): MediaOpen {
  return { ok: false, reason, message: messages[reason] };
}

/**
 * Finds the file a transcript was made from, by id, and opens it only if it is still the file that
 * was transcribed: same size and modification time, or, when only the time moved (a copy, a touch),
 * the same content fingerprint. The path never leaves main.
 */
export class MediaSource {
  /** Modification times accepted by fingerprint, by transcript id: one check per change, not per request. */
  private readonly verified = new Map<string, number>();

  constructor(private readonly transcripts: Pick<TranscriptStore, 'mediaFile'>) {}

  /** Opens a transcript's source file for serving; the caller owns the handle. */
  async open(id: string): Promise<MediaOpen> {
    const entry = await this.transcripts.mediaFile(id);
    if (!entry) return refuse('not-found');
    const { media } = entry;
    if (!media) return refuse('no-media');
    let handle: FileHandle;
    try {
      handle = await openForReading(media.path);
    } catch (error) {
      const code = codeOf(error);
      return refuse(code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable');
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new Unavailable('missing');
      if (info.size !== media.sizeBytes) throw new Unavailable('changed');
      if (info.mtimeMs !== media.mtimeMs && this.verified.get(id) !== info.mtimeMs) {
        if (!media.fingerprint || (await fingerprintFile(handle, info.size)) !== media.fingerprint) throw new Unavailable('changed');
        this.verified.set(id, info.mtimeMs);
      }
      const file: ServableFile = { handle, size: info.size, mtimeMs: info.mtimeMs, contentType: playableType(media.contentType) };
      return { ok: true, file, durationSec: entry.durationSec };
    } catch (error) {
      await handle.close().catch(() => undefined);
      return refuse(error instanceof Unavailable ? error.reason : 'unreadable');
    }
  }

  /** Whether a transcript's media can be played now, for the renderer (no path in it). */
  async describe(id: string): Promise<TranscriptMedia> {
    const opened = await this.open(id);
    if (!opened.ok) {
      if (opened.reason === 'not-found') throw new AppError('NOT_FOUND', opened.message);
      return { available: false, reason: opened.reason, message: opened.message };
    }
    await opened.file.handle.close();
    return { available: true, contentType: opened.file.contentType, sizeBytes: opened.file.size, durationSec: opened.durationSec > 0 ? opened.durationSec : null };
  }
}

class Unavailable extends Error {
  constructor(readonly reason: MediaUnavailable) {
    super(reason);
  }
}
