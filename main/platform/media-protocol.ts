import { transcriptIdOfMediaPath, transcriptMediaPrefix } from '../../common/transcript-media';
import { fileRangeResponse } from '../services/files/file-range-response';
import type { MediaOpen } from '../services/library/media-source';

/** What serves a transcript's source file: `MediaSource` in the app and the web host. */
export interface MediaOpener {
  open(id: string): Promise<MediaOpen>;
}

const statusOf: Record<Exclude<MediaOpen, { ok: true }>['reason'], number> = {
  'not-found': 404,
  'no-media': 404,
  missing: 404,
  changed: 409,
  unreadable: 403,
};

/** Whether a URL path belongs to the media routes (valid or not): they never fall through to files. */
export function isMediaPath(pathname: string): boolean {
  return pathname.startsWith(transcriptMediaPrefix);
}

/**
 * Answers GET/HEAD `/media/transcript/<id>` with the transcript's source file and byte ranges of it.
 * Anything but a valid id is 404; errors are bare statuses, so no path or reason text ever leaves.
 */
export async function serveMediaRequest(request: Request, media: MediaOpener, headers: Readonly<Record<string, string>>): Promise<Response> {
  const bare = (status: number): Response => new Response(null, { status, headers: { ...headers, 'cache-control': 'no-store' } });
  if (request.method !== 'GET' && request.method !== 'HEAD') return bare(405);
  const id = transcriptIdOfMediaPath(new URL(request.url).pathname);
  if (id === undefined) return bare(404);
  const opened = await media.open(id);
  if (!opened.ok) return bare(statusOf[opened.reason]);
  // no-store: a transcript's audio is not copied into the browser's disk cache.
  return fileRangeResponse(
    { method: request.method, range: request.headers.get('range'), ifRange: request.headers.get('if-range') },
    opened.file,
    { ...headers, 'cache-control': 'no-store' },
  );
}
