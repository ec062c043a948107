import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, normalize } from 'node:path';
import type { RejectedFile } from '../../../common/domain';
import { folderErrorReason } from './file-refusals';

/** The most files one drop may add; the rest are refused with a reason. */
export const defaultMaxFiles = 5000;

export interface ExpandOptions {
  maxFiles?: number;
}

export interface ExpandedPaths {
  /** Candidates in a stable order, each still to be checked by `checkMediaFile`. */
  files: string[];
  rejected: RejectedFile[];
}

const collator = new Intl.Collator('en', { numeric: true });

// Numeric collation so "track 2" comes before "track 10"; ties broken by code point so the order never depends on the run.
function byName(a: Dirent, b: Dirent): number {
  return collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Turns dropped paths (files or folders) into the files to check: folders are walked recursively in
 * name order, skipping hidden entries and never following a link to a folder (so a link loop ends).
 * Anything that is not a folder is passed on as it is, for `checkMediaFile` to accept or explain.
 */
export async function expandPaths(paths: readonly string[], options: ExpandOptions = {}): Promise<ExpandedPaths> {
  const maxFiles = options.maxFiles ?? defaultMaxFiles;
  const files: string[] = [];
  const seen = new Set<string>();
  const rejected: RejectedFile[] = [];
  const reject = (path: string, reason: string): void => {
    rejected.push({ path, fileName: basename(path), reason });
  };
  const tooMany = `More than ${maxFiles} files were added at once`;

  /** False when the limit is reached and `path` was left out. */
  const add = (path: string): boolean => {
    const key = normalize(path);
    if (seen.has(key)) return true;
    if (files.length >= maxFiles) return false;
    seen.add(key);
    files.push(path);
    return true;
  };

  /** False when the limit cut the walk short. */
  const walk = async (folder: string): Promise<boolean> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      reject(folder, folderErrorReason(error));
      return true;
    }
    for (const entry of entries.filter((e) => !e.name.startsWith('.')).sort(byName)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!(await walk(path))) return false;
        continue;
      }
      if (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isDirectory()) {
        reject(path, 'This is a link to a folder; links inside a dropped folder are not followed. Add the folder it points to.');
        continue;
      }
      if (!add(path)) return false;
    }
    return true;
  };

  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      if (!add(path)) reject(path, `${tooMany}; this file was left out. Add it again once these are queued.`);
      continue;
    }
    if (!(await walk(path))) {
      reject(path, `${tooMany}; the rest of this folder was left out. Add its remaining files in smaller batches.`);
    }
  }
  return { files, rejected };
}
