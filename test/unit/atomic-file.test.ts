import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readJsonFile, writeFileAtomic } from '../../main/services/fs/atomic-file';

const execFileAsync = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const MB = 1024 ** 2;

/**
 * Runs writeFileAtomic in a child process whose file size limit (RLIMIT_FSIZE, as a full disk
 * would) makes any write past `limit` bytes fail with EFBIG part-way through.
 */
async function writeWithSizeLimit(target: string, size: number, limit: number): Promise<{ ok: boolean; code?: string }> {
  const script = [
    `const { writeFileAtomic } = await import(${JSON.stringify(join(root, 'main/services/fs/atomic-file.ts'))});`,
    'const [target, size] = process.argv.slice(1);',
    'try {',
    "  await writeFileAtomic(target, new Uint8Array(Number(size)).fill(0x6e));",
    '  process.stdout.write(JSON.stringify({ ok: true }));',
    '} catch (error) {',
    '  process.stdout.write(JSON.stringify({ ok: false, code: error.code }));',
    '}',
  ].join('\n');
  const { stdout } = await execFileAsync(
    'prlimit',
    [`--fsize=${limit}`, '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script, target, String(size)],
    { cwd: root },
  );
  return JSON.parse(stdout) as { ok: boolean; code?: string };
}

describe('writeFileAtomic', () => {
  it('replaces the content, creates missing folders and leaves no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'nested', 'settings.json');
    await writeFileAtomic(target, '{"version":1,"a":1}');
    await writeFileAtomic(target, '{"version":1,"a":2}');
    expect(await readJsonFile(target)).toEqual({ version: 1, a: 2 });
    expect(await readdir(join(dir, 'nested'))).toEqual(['settings.json']);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readJsonFile(join(dir, 'missing.json'))).toBeUndefined();
  });

  it('keeps the old content whole when the write fails part-way (disk full)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'transcript.json');
    const old = Buffer.from('{"version":1,"content":"the old, complete file"}\n');
    await writeFile(target, old);
    const outcome = await writeWithSizeLimit(target, 8 * MB, 1 * MB);
    expect(outcome).toEqual({ ok: false, code: 'EFBIG' });
    const after = await readFile(target);
    expect({ bytes: after.length, oldContent: after.equals(old) }).toEqual({ bytes: old.length, oldContent: true });
    expect(await readdir(dir), 'a temporary file left behind').toEqual(['transcript.json']);
  });

  it('never shows a reader a truncated or partial file while a large write is under way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const target = join(dir, 'library.json');
    const old = Buffer.alloc(64 * 1024, 0x6f);
    const next = Buffer.alloc(32 * MB, 0x6e);
    await writeFile(target, old);

    let writing = true;
    const seen = { old: 0, next: 0, other: [] as number[] };
    const reader = (async () => {
      // Reads until the write is over, and once more after it.
      for (let last = false; !last; ) {
        last = !writing;
        const content = await readFile(target);
        if (content.equals(old)) seen.old += 1;
        else if (content.equals(next)) seen.next += 1;
        else seen.other.push(content.length);
      }
    })();
    await writeFileAtomic(target, next);
    writing = false;
    await reader;

    expect(seen.other, 'sizes of torn reads').toEqual([]);
    // The reader ran alongside the write: it saw the old file, then the new one.
    expect(seen.old).toBeGreaterThan(0);
    expect(seen.next).toBeGreaterThan(0);
  });
});
