import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Where `path` lies inside `folder`, as `/`-separated parts (`recordings/<id>/audio.webm`): a place
 * that stays true when the folder moves. Undefined for the folder itself and for anything outside it.
 */
export function placeInFolder(folder: string, path: string): string | undefined {
  const rel = relative(folder, path);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
  return rel.split(sep).join('/');
}

/** The path of a place in `folder`; undefined for a place that is empty or climbs out of it. */
export function pathOfPlace(folder: string, place: string): string | undefined {
  const parts = place.split('/');
  return parts.some((part) => part === '' || part === '..') ? undefined : join(folder, ...parts);
}
