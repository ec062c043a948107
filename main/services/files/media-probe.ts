import type { FileHandle } from 'node:fs/promises';
import { fileTypeFromTokenizer } from 'file-type';
import { parseFromTokenizer } from 'music-metadata';
import { DescriptorTokenizer } from './descriptor-tokenizer';

export interface MediaType {
  /** Sent as Content-Type; Deepgram accepts any audio/* or video/*. */
  mime: string;
  ext: string;
}

// Headers sit in a few places (start, end, an index): an hour of M4A has 0.7 MB of them. A file
// that needs more than this keeps its duration in no header and would need a walk of the file.
const durationBudget = { reads: 1000, bytes: 16 * 1024 * 1024 };

/** The file's type from its content signature, read from the open descriptor; undefined when unknown. */
export async function sniffMediaType(handle: FileHandle, sizeBytes: number): Promise<MediaType | undefined> {
  const type = await fileTypeFromTokenizer(new DescriptorTokenizer(handle, { size: sizeBytes }));
  return type ? { mime: type.mime, ext: type.ext } : undefined;
}

/** Whether Deepgram takes this type of content. */
export function isMediaType(type: MediaType): boolean {
  return /^(audio|video)\//.test(type.mime);
}

/**
 * The duration the container's headers state, in seconds; null when they state none. `duration: false`
 * keeps music-metadata from reading every frame to count them, and the budget stops a container walk.
 */
export async function readDurationSec(handle: FileHandle, sizeBytes: number, mime: string): Promise<number | null> {
  const tokenizer = new DescriptorTokenizer(handle, { size: sizeBytes, mimeType: mime }, durationBudget);
  try {
    const { format } = await parseFromTokenizer(tokenizer, { duration: false, skipCovers: true, mkvUseIndex: true });
    const duration = format.duration;
    return duration !== undefined && Number.isFinite(duration) && duration > 0 ? duration : null;
  } catch {
    return null;
  }
}
