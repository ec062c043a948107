import { randomUUID } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

// File systems without hard links (FAT, exFAT, some network shares) answer link() with one of these.
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/**
 * Writes a new file atomically and never replaces one: if `path` exists (or appears meanwhile) it
 * fails with EEXIST and leaves that file alone. The complete file is staged under a hidden name, then
 * hard-linked to `path`, which the OS refuses to do over an existing file.
 */
export async function createFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const staged = join(dir, `.${randomUUID()}.part`);
  await writeFileAtomic(staged, data);
  try {
    try {
      await link(staged, path);
    } catch (error) {
      if (!noHardLinks.has(errorCode(error) as string)) throw error;
      // Without hard links: claim the name exclusively first, then move the full file over the claim.
      const claim = await open(path, 'wx');
      await claim.close();
      await rename(staged, path);
    }
  } finally {
    await rm(staged, { force: true });
  }
  const dirHandle = await open(dir, 'r').catch(() => undefined);
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
}
