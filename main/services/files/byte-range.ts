/** Inclusive byte positions, as a Content-Range states them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What a GET asks for: the whole file, one range of it, or a range past its end. One range only:
 * a header naming several (which media elements never send) is ignored and answered with the whole
 * file, which HTTP allows, instead of a multipart body. A malformed header is ignored the same way.
 */
export type RangeRequest = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const full: RangeRequest = { kind: 'full' };
const unsatisfiable: RangeRequest = { kind: 'unsatisfiable' };
// 15 digits stay exact as a Number; nothing longer is a real position in a file.
const rangePattern = /^bytes=(\d{0,15})-(\d{0,15})$/i;

/** Reads a `Range` header (`bytes=a-b`, `bytes=a-`, `bytes=-n`) against a file of `size` bytes. */
export function parseRange(header: string | null | undefined, size: number): RangeRequest {
  if (header === null || header === undefined) return full;
  const match = rangePattern.exec(header.trim());
  if (!match) return full;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return full;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return unsatisfiable;
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return full;
  if (start >= size) return unsatisfiable;
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'partial', range: { start, end } };
}
