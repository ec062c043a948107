import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inCi } from './ci';

/**
 * `../shared` next to the repository: the Deepgram API contract and recorded responses.
 * DG_TEST_SHARED_DIR points elsewhere (a checkout laid out differently, or a test of the lookup).
 */
export const sharedDir = resolve(process.env['DG_TEST_SHARED_DIR'] ?? resolve(import.meta.dirname, '../../../shared'));

export interface SharedFolder {
  path: string;
  available: boolean;
  /** Why the folder cannot be used; empty when it can. */
  reason: string;
}

/** Looks up a folder of ../shared; missing or empty counts as unavailable, with the reason. */
export function sharedFolder(name: string): SharedFolder {
  const path = join(sharedDir, name);
  let entries: string[];
  try {
    if (!statSync(path).isDirectory()) return { path, available: false, reason: `${path} is not a folder` };
    entries = readdirSync(path);
  } catch {
    return { path, available: false, reason: `${path} not found (../shared is not next to this checkout)` };
  }
  if (entries.length === 0) return { path, available: false, reason: `${path} is empty` };
  return { path, available: true, reason: '' };
}

/** Whether suites reading the folder skip: only outside CI, and only when it is missing. */
export function skipsWithoutShared(folder: SharedFolder): boolean {
  return !folder.available && !inCi();
}

/** Call first in a suite that reads the folder: under CI a missing folder fails it with the reason. */
export function requireShared(folder: SharedFolder): void {
  if (!folder.available) throw new Error(`CI=true but the tests reading ../shared cannot run: ${folder.reason}. They must run in CI.`);
}
