import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `dir` (recursively) whose bytes contain one of `secrets`. */
export async function filesContaining(dir: string, secrets: string[]): Promise<string[]> {
  const hits: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path).catch(() => Buffer.alloc(0));
    if (secrets.some((secret) => content.includes(secret))) hits.push(path);
  }
  return hits;
}

/** Frames (IPC results and events) that carried a secret. */
export function framesContaining(frames: readonly string[], secrets: string[]): string[] {
  return frames.filter((frame) => secrets.some((secret) => frame.includes(secret)));
}
