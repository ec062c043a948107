import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFilesToFolder } from '../../main/services/export/export-folder';

// FAT and exFAT drives (USB sticks) have no hard links; link() fails there as it does here.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    link: () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' })),
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-nolinks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writing exports where the disk has no hard links', () => {
  it('still numbers clashes, replaces nothing and leaves no staging file', async () => {
    writeFileSync(join(dir, 'Talk.txt'), 'keep me');
    const written = await writeFilesToFolder(dir, [
      { title: 'Talk', extension: 'txt', data: 'one' },
      { title: 'Talk', extension: 'txt', data: 'two' },
    ]);
    expect(written.map((w) => w.fileName)).toEqual(['Talk (2).txt', 'Talk (3).txt']);
    expect(readFileSync(join(dir, 'Talk.txt'), 'utf8')).toBe('keep me');
    expect(written.map((w) => readFileSync(w.path, 'utf8'))).toEqual(['one', 'two']);
    expect(readdirSync(dir).sort()).toEqual(['Talk (2).txt', 'Talk (3).txt', 'Talk.txt']);
  });
});
