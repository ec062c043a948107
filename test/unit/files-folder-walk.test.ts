import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPaths } from '../../main/services/files/folder-walk';
import { checkMediaFile } from '../../main/services/files/media-file-check';
import type { MediaFileCheck } from '../../main/services/files/media-file-check';
import { pcmWavHeader } from '../support/audio';

const isRoot = process.getuid?.() === 0;
const nobody = 65534;
let root: string;

/** A short 16 kHz mono WAV of silence. */
async function wav(path: string): Promise<void> {
  await writeFile(path, Buffer.concat([pcmWavHeader(3200), Buffer.alloc(3200)]));
}

async function text(path: string): Promise<void> {
  await writeFile(path, `Notes kept next to the recordings: ${path}\n`);
}

/** Makes a fresh folder under the test root and the given files in it (names ending in / are folders). */
async function tree(name: string, entries: string[]): Promise<string> {
  const base = join(root, name);
  await mkdir(base);
  for (const entry of entries) {
    const path = join(base, entry);
    if (entry.endsWith('/')) await mkdir(path, { recursive: true });
    else await wav(path);
  }
  return base;
}

/** Runs `body` with the effective user id of nobody, so folder permissions apply as they do to a user. */
async function asNobody<T>(body: () => Promise<T>): Promise<T> {
  process.seteuid!(nobody);
  try {
    return await body();
  } finally {
    process.seteuid!(0);
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'folder-walk-'));
  await chmod(root, 0o755);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('expandPaths', () => {
  it('walks a folder of 300 mixed files, skips hidden entries and does not follow a link loop', async () => {
    const base = join(root, 'mixed');
    const folders = ['', 'interviews', 'interviews/2024', 'interviews/2024/march', 'notes'];
    for (const folder of folders) await mkdir(join(base, folder), { recursive: true });
    // 200 recordings, 80 text notes, 15 notes renamed to .mp3, 5 empty .wav: 300 files over 5 folders.
    for (let i = 0; i < 300; i++) {
      const folder = join(base, folders[i % folders.length]!);
      if (i < 200) await wav(join(folder, `recording ${i}.wav`));
      else if (i < 280) await text(join(folder, `note ${i}.txt`));
      else if (i < 295) await text(join(folder, `note ${i}.mp3`));
      else await writeFile(join(folder, `empty ${i}.wav`), '');
    }
    await text(join(base, '.DS_Store'));
    await mkdir(join(base, '.cache'));
    await wav(join(base, '.cache', 'hidden.wav'));
    await symlink('..', join(base, 'interviews', '2024', 'back-up')); // a loop: it leads to its own parent
    await symlink('self.wav', join(base, 'notes', 'self.wav')); // a link to itself
    await symlink(join(base, 'recording 0.wav'), join(base, 'notes', 'shortcut.wav')); // a link to a file

    const { files, rejected } = await expandPaths([base]);

    expect(files).toHaveLength(302);
    expect(new Set(files).size).toBe(302);
    expect(files.some((f) => f.includes('/.'))).toBe(false);
    expect(rejected).toEqual([
      {
        path: join(base, 'interviews', '2024', 'back-up'),
        fileName: 'back-up',
        reason: 'This is a link to a folder; links inside a dropped folder are not followed. Add the folder it points to.',
      },
    ]);

    const checks = await Promise.all(files.map(checkMediaFile));
    const refusals = checks.filter((c): c is Extract<MediaFileCheck, { ok: false }> => !c.ok);
    expect(checks.filter((c) => c.ok)).toHaveLength(201);
    const count = (pattern: RegExp): number => refusals.filter((r) => pattern.test(r.reason)).length;
    expect(count(/doesn’t look like an audio or video file/)).toBe(95);
    expect(count(/The file is empty/)).toBe(5);
    expect(count(/link that leads back to itself/)).toBe(1);
    expect(refusals).toHaveLength(101);
  });

  it('lists files in a stable name order, numbers compared as numbers, folders in place', async () => {
    const base = await tree('order', ['track 10.wav', 'track 2.wav', 'b/', 'b/z.wav', 'b/a.wav', 'B.wav', 'a.wav', 'track 1.wav', 'Zeta.wav']);
    const { files } = await expandPaths([base]);
    expect(files.map((f) => relative(base, f))).toEqual(['a.wav', 'b/a.wav', 'b/z.wav', 'B.wav', 'track 1.wav', 'track 2.wav', 'track 10.wav', 'Zeta.wav']);
    expect((await expandPaths([base])).files).toEqual(files);
  });

  it('keeps names in any script, with emoji and quotes', async () => {
    const names = ['it’s "quoted".wav', 'memo 🎙.wav', 'Интервью.wav', '会議の録音.wav'];
    const base = await tree('names', names);
    const { files } = await expandPaths([base]);
    expect(files.map((f) => relative(base, f)).sort()).toEqual([...names].sort());
    for (const file of files) expect(await checkMediaFile(file), file).toMatchObject({ ok: true });
  });

  it('passes files through as given (hidden or missing ones too) and lists each file once', async () => {
    const base = await tree('given', ['one.wav', 'sub/', 'sub/two.wav']);
    await wav(join(base, '.hidden.wav'));
    const missing = join(base, 'missing.wav');
    const { files, rejected } = await expandPaths([join(base, '.hidden.wav'), missing, join(base, 'sub'), base, 'relative.wav']);
    expect(files).toEqual([join(base, '.hidden.wav'), missing, join(base, 'sub', 'two.wav'), join(base, 'one.wav'), 'relative.wav']);
    expect(rejected).toEqual([]);
  });

  it('follows a link the user dropped, even to a folder', async () => {
    const base = await tree('linked-target', ['inside.wav']);
    const link = join(root, 'dropped-link');
    await symlink(base, link);
    expect((await expandPaths([link])).files).toEqual([join(link, 'inside.wav')]);
  });

  it('adds at most maxFiles and refuses the rest with a reason', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `clip ${i + 1}.wav`);
    const big = await tree('many', names);
    const other = await tree('after', ['late.wav']);
    const { files, rejected } = await expandPaths([big, other, join(other, 'late.wav')], { maxFiles: 10 });
    expect(files.map((f) => relative(big, f))).toEqual(names.slice(0, 10));
    expect(rejected).toEqual([
      { path: big, fileName: 'many', reason: 'More than 10 files were added at once; the rest of this folder was left out. Add its remaining files in smaller batches.' },
      { path: other, fileName: 'after', reason: 'More than 10 files were added at once; the rest of this folder was left out. Add its remaining files in smaller batches.' },
      { path: join(other, 'late.wav'), fileName: 'late.wav', reason: 'More than 10 files were added at once; this file was left out. Add it again once these are queued.' },
    ]);
  });

  it('takes a folder that fills the limit exactly without refusing anything', async () => {
    const base = await tree('exact', ['1.wav', '2.wav', '3.wav']);
    expect(await expandPaths([base], { maxFiles: 3 })).toMatchObject({ files: expect.any(Array), rejected: [] });
  });

  it('refuses a folder the user may not open, with a reason, and walks the rest', async () => {
    const base = await tree('permissions', ['open/', 'open/fine.wav', 'locked/', 'locked/secret.wav']);
    await chmod(join(base, 'locked'), 0o000);
    // Root opens any folder whatever its mode; as the unprivileged user nobody the permission is real.
    const { files, rejected } = isRoot ? await asNobody(() => expandPaths([base])) : await expandPaths([base]);
    expect(files).toEqual([join(base, 'open', 'fine.wav')]);
    expect(rejected).toEqual([{ path: join(base, 'locked'), fileName: 'locked', reason: 'The app is not allowed to open this folder. Check its permissions.' }]);
  });
});
