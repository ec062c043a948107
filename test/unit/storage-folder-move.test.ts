import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import type { StorageMoveProgress } from '../../common/storage';
import { writeFileAtomic } from '../../main/services/fs/atomic-file';
import { forgetDataLocation, locationFilePath, resolveDataDir, writeDataLocation } from '../../main/services/storage/data-location';
import { moveDataFolder } from '../../main/services/storage/folder-move';
import { entryFate } from '../../main/services/storage/storage-service';
import { diskIo } from '../../main/services/storage/verified-copy';
import type { CopyIo } from '../../main/services/storage/verified-copy';
import { speechWav } from '../support/audio';

const run = promisify(execFile);
let root: string;
let wav: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'storage-move-'));
  wav = await speechWav(root, 'The data folder moves with every recording.');
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under `dir` with its sha256, by relative path: the whole folder as one comparable value. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const visit = async (path: string): Promise<void> => {
    for (const name of await readdir(path)) {
      const full = join(path, name);
      if ((await lstat(full)).isDirectory()) await visit(full);
      else out[relative(dir, full)] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  };
  await visit(dir);
  return out;
}

let counter = 0;
/** A data folder as the app leaves it: transcripts, a recording (real audio), settings, and a 3 MB source copy. */
async function dataFolder(): Promise<{ defaultDir: string; dataDir: string }> {
  counter += 1;
  const defaultDir = join(root, `app-data-${counter}`);
  const dataDir = join(root, `data-${counter}`);
  await mkdir(join(dataDir, 'transcripts'), { recursive: true });
  await mkdir(join(dataDir, 'recordings', 'rec1'), { recursive: true });
  await mkdir(join(dataDir, 'sources', 'copy1'), { recursive: true });
  await mkdir(defaultDir, { recursive: true });
  await writeFile(join(dataDir, 'transcripts', 'a.meta.json'), JSON.stringify({ version: 1, title: 'a' }));
  await writeFile(join(dataDir, 'transcripts', 'a.response.json'), JSON.stringify({ version: 1, words: 'x'.repeat(50_000) }));
  await writeFile(join(dataDir, 'recordings', 'rec1', 'audio.wav'), await readFile(wav));
  await writeFile(join(dataDir, 'sources', 'copy1', 'meeting.bin'), randomBytes(3 * 1024 * 1024));
  await writeFile(join(dataDir, 'queue.json'), '{"version":1,"jobs":[]}');
  await writeFile(join(dataDir, 'library-index.sqlite'), 'derived');
  await writeDataLocation(defaultDir, dataDir);
  return { defaultDir, dataDir };
}

function expectAppError(error: unknown, code: AppError['code'], message: RegExp): void {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => {
      throw new Error('expected the move to fail');
    },
    (error: unknown) => error,
  );
}

/** After a failed move: the old folder is whole and still in use, and no partial copy is left. */
async function expectNothingMoved(defaultDir: string, dataDir: string, before: Record<string, string>, target: string): Promise<void> {
  expect(await tree(dataDir)).toEqual(before);
  expect(await resolveDataDir(defaultDir)).toBe(dataDir);
  expect(await lstat(target).catch(() => null)).toBeNull();
}

describe('moveDataFolder', () => {
  it('copies, verifies, switches and removes the old folder, reporting progress by bytes', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const target = join(root, 'moved-here', 'Deepgram data');
    const progress: StorageMoveProgress[] = [];
    const result = await moveDataFolder(dataDir, target, { defaultDir, fate: entryFate(false), onProgress: (p) => progress.push(p) });

    const { ['library-index.sqlite']: index, ...expected } = before;
    expect(index).toBeDefined();
    expect(await tree(target)).toEqual(expected);
    expect(await resolveDataDir(defaultDir)).toBe(target);
    expect(await lstat(dataDir).catch(() => null)).toBeNull();
    expect(result.files).toBe(Object.keys(expected).length);

    const bytes = progress.filter((p) => p.phase === 'copying' || p.phase === 'verifying');
    const total = bytes.at(-1)!.bytesTotal;
    expect(total).toBe(result.bytes * 3);
    expect(bytes.at(-1)!.bytesDone).toBe(total);
    expect(bytes.every((p, i) => i === 0 || p.bytesDone >= bytes[i - 1]!.bytesDone)).toBe(true);
    expect(progress.map((p) => p.phase).filter((p, i, all) => all[i - 1] !== p)).toEqual(['copying', 'verifying', 'switching', 'removing']);
  });

  it('stops the old folder’s writers after the switch and before the removal, so a last write there is removed too', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const target = join(root, 'retired-target');
    let seenLocation: string | undefined;
    await moveDataFolder(dataDir, target, {
      defaultDir,
      afterSwitch: async () => {
        seenLocation = (JSON.parse(await readFile(locationFilePath(defaultDir), 'utf8')) as { dataDir: string }).dataDir;
        // What a queue does when it is stopped: one last save into the folder it was built on.
        await writeFileAtomic(join(dataDir, 'queue.json'), '{"version":1,"jobs":["last"]}');
      },
    });
    expect(seenLocation).toBe(target);
    expect(await lstat(dataDir).catch(() => null)).toBeNull();
    expect(await readFile(join(target, 'queue.json'), 'utf8')).toBe('{"version":1,"jobs":[]}');
  });

  it('from the default app-data folder, moves only the app’s entries and leaves the engine’s files and the location file', async () => {
    const defaultDir = join(root, 'shared-default');
    await mkdir(join(defaultDir, 'transcripts'), { recursive: true });
    await mkdir(join(defaultDir, 'Cache'), { recursive: true });
    await writeFile(join(defaultDir, 'transcripts', 'b.meta.json'), '{"version":1}');
    await writeFile(join(defaultDir, 'Cache', 'data_0'), 'browser cache');
    await writeFile(join(defaultDir, 'preferences.json'), '{"version":1}');
    const target = join(root, 'from-default');
    await moveDataFolder(defaultDir, target, { defaultDir, fate: entryFate(true) });
    expect(Object.keys(await tree(target)).sort()).toEqual(['preferences.json', join('transcripts', 'b.meta.json')]);
    expect(Object.keys(await tree(defaultDir)).sort()).toEqual([join('Cache', 'data_0'), 'data-location.json']);
    expect(await resolveDataDir(defaultDir)).toBe(target);
  });

  it('refuses a target inside the current folder, one around it, a non-empty one and one it cannot write to', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    expectAppError(await failure(moveDataFolder(dataDir, join(dataDir, 'inner'), { defaultDir })), 'INVALID_ARGUMENT', /outside the current data folder/);
    expectAppError(await failure(moveDataFolder(dataDir, dataDir, { defaultDir })), 'INVALID_ARGUMENT', /outside the current data folder/);
    expectAppError(await failure(moveDataFolder(dataDir, root, { defaultDir })), 'INVALID_ARGUMENT', /does not contain the current data folder/);
    const full = join(root, 'not-empty');
    await mkdir(full, { recursive: true });
    await writeFile(join(full, 'someone-else.txt'), 'mine');
    expectAppError(await failure(moveDataFolder(dataDir, full, { defaultDir })), 'INVALID_ARGUMENT', /not empty/);
    expect(await readFile(join(full, 'someone-else.txt'), 'utf8')).toBe('mine');
    const aFile = join(root, 'a-file');
    await writeFile(aFile, 'x');
    expectAppError(await failure(moveDataFolder(dataDir, join(aFile, 'below'), { defaultDir })), 'INVALID_ARGUMENT', /cannot be created/);
    expect(await tree(dataDir)).toEqual(before);
    expect(await resolveDataDir(defaultDir)).toBe(dataDir);
  });

  it('refuses a read-only folder (a read-only mount, since root may write anywhere else)', async (context) => {
    const { defaultDir, dataDir } = await dataFolder();
    const mountPoint = join(root, 'read-only');
    await mkdir(mountPoint, { recursive: true });
    const mounted = await run('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', mountPoint]).then(
      () => true,
      () => false,
    );
    if (!mounted) {
      await chmod(mountPoint, 0o500);
      if (process.getuid?.() === 0) context.skip('cannot mount a read-only tmpfs here and root ignores permissions');
    }
    try {
      expectAppError(await failure(moveDataFolder(dataDir, mountPoint, { defaultDir })), 'INVALID_ARGUMENT', /cannot write to that folder.*(EROFS|EACCES)/);
      expect(await resolveDataDir(defaultDir)).toBe(dataDir);
    } finally {
      if (mounted) await run('umount', [mountPoint]);
    }
  });

  it('fails when a file changes between its copy and its check, and removes the partial copy', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const target = join(root, 'changed-target');
    const watched = join(dataDir, 'recordings', 'rec1', 'audio.wav');
    let opened = 0;
    // A real write to the real file, once it has been copied and before it is read again to check it.
    const io: CopyIo = {
      ...diskIo,
      openRead: async (path) => {
        if (path === watched && ++opened === 2) await appendFile(watched, Buffer.from('late chunk'));
        return diskIo.openRead(path);
      },
    };
    const error = await failure(moveDataFolder(dataDir, target, { defaultDir, io }));
    expectAppError(error, 'FILE_REJECTED', /recordings.rec1.audio\.wav changed while the data was being moved/);
    expect(opened).toBe(2);
    expect(await lstat(target).catch(() => null)).toBeNull();
    expect(await resolveDataDir(defaultDir)).toBe(dataDir);
    expect((await readFile(watched)).subarray(-10).toString()).toBe('late chunk');
  });

  it('fails on an unreadable file and leaves everything as it was', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const target = join(root, 'unreadable-target');
    const locked = join(dataDir, 'transcripts', 'a.response.json');
    let io: CopyIo | undefined;
    if (process.getuid?.() === 0) {
      // Root reads files whatever their mode: the refusal the OS gives others is planted at the open.
      io = { ...diskIo, openRead: async (path) => (path === locked ? Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) : diskIo.openRead(path)) };
    } else {
      await chmod(locked, 0o000);
    }
    const error = await failure(moveDataFolder(dataDir, target, { defaultDir, ...(io ? { io } : {}) }));
    if (!io) await chmod(locked, 0o600);
    expectAppError(error, 'FILE_REJECTED', /a\.response\.json could not be copied: the app is not allowed/);
    await expectNothingMoved(defaultDir, dataDir, before, target);
  });

  it('fails when the target fills up (a writer that answers ENOSPC after 1 MB) and removes the partial copy', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const target = join(root, 'full-target');
    let written = 0;
    const io: CopyIo = {
      ...diskIo,
      openWrite: async (path) => {
        const real = await diskIo.openWrite(path);
        return {
          ...real,
          write: async (chunk) => {
            if (written + chunk.byteLength > 1024 * 1024) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
            written += chunk.byteLength;
            await real.write(chunk);
          },
        };
      },
    };
    const error = await failure(moveDataFolder(dataDir, target, { defaultDir, io }));
    expectAppError(error, 'SAVE_FAILED', /the disk is full \(ENOSPC\)/);
    await expectNothingMoved(defaultDir, dataDir, before, target);
  });

  it('fails on a real full disk (a 1 MB tmpfs) and removes the partial copy', async (context) => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const mountPoint = join(root, 'small-disk');
    await mkdir(mountPoint, { recursive: true });
    const mounted = await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]).then(
      () => true,
      () => false,
    );
    if (!mounted) context.skip('cannot mount a tmpfs here (needs root); the injected ENOSPC writer covers this');
    try {
      const target = join(mountPoint, 'data');
      const error = await failure(moveDataFolder(dataDir, target, { defaultDir }));
      expectAppError(error, 'SAVE_FAILED', /ENOSPC/);
      await expectNothingMoved(defaultDir, dataDir, before, target);
      expect(await readdir(mountPoint)).toEqual([]);
    } finally {
      await run('umount', [mountPoint]);
    }
  });

  it('fails when the copy on disk does not read back as written (a writer that silently flips a byte)', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const target = join(root, 'corrupt-target');
    const io: CopyIo = {
      ...diskIo,
      openWrite: async (path) => {
        const real = await diskIo.openWrite(path);
        return { ...real, write: (chunk) => real.write(path.endsWith('meeting.bin') ? Buffer.from(chunk).fill(0, 100, 101) : chunk) };
      },
    };
    const error = await failure(moveDataFolder(dataDir, target, { defaultDir, io }));
    expectAppError(error, 'SAVE_FAILED', /copy of sources.copy1.meeting\.bin does not match the original/);
    await expectNothingMoved(defaultDir, dataDir, before, target);
  });

  it('stops when aborted midway, before the switch, and removes the partial copy', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const target = join(root, 'aborted-target');
    const controller = new AbortController();
    const error = await failure(
      moveDataFolder(dataDir, target, {
        defaultDir,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesDone > 1024 * 1024) controller.abort();
        },
      }),
    );
    expectAppError(error, 'CANCELED', /stopped/);
    await expectNothingMoved(defaultDir, dataDir, before, target);
  });

  it('leaves the old folder in use when the switch itself cannot be written', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const target = join(root, 'no-switch-target');
    // The location file's place is taken by a folder: the atomic rename onto it fails.
    await rm(locationFilePath(defaultDir));
    await mkdir(join(locationFilePath(defaultDir), 'blocker'), { recursive: true });
    const error = await failure(moveDataFolder(dataDir, target, { defaultDir }));
    expectAppError(error, 'SAVE_FAILED', /could not record the new place/);
    expect(await tree(dataDir)).toEqual(before);
    expect(await lstat(target).catch(() => null)).toBeNull();
  });
});

describe('resolveDataDir', () => {
  it('is the default folder without a location file, the named one with it, and an error when that is gone or the file is damaged', async () => {
    const defaultDir = join(root, 'resolve-default');
    await mkdir(defaultDir, { recursive: true });
    expect(await resolveDataDir(defaultDir)).toBe(defaultDir);
    const elsewhere = join(root, 'resolve-elsewhere');
    await mkdir(elsewhere);
    await writeDataLocation(defaultDir, elsewhere);
    expect(JSON.parse(await readFile(locationFilePath(defaultDir), 'utf8'))).toEqual({ version: 1, dataDir: elsewhere });
    expect(await resolveDataDir(defaultDir)).toBe(elsewhere);
    await rm(elsewhere, { recursive: true });
    expectAppError(await failure(resolveDataDir(defaultDir)), 'NOT_FOUND', /resolve-elsewhere cannot be found/);
    await writeFile(locationFilePath(defaultDir), '{"version":1,"dataDir":"relative/path"}');
    expectAppError(await failure(resolveDataDir(defaultDir)), 'NOT_FOUND', /damaged/);
    await forgetDataLocation(defaultDir);
    expect(await resolveDataDir(defaultDir)).toBe(defaultDir);
  });
});

const repoRoot = join(import.meta.dirname, '../..');

/** Runs a move in a child process that kills itself (SIGKILL, as a crash or power cut) at `when`. */
async function moveAndCrash(from: string, to: string, defaultDir: string, when: 'copying' | 'after-switch'): Promise<NodeJS.Signals | null> {
  const script = [
    `const { moveDataFolder } = await import(${JSON.stringify(join(repoRoot, 'main/services/storage/folder-move.ts'))});`,
    `const [from, to, defaultDir, when] = process.argv.slice(1);`,
    `const crash = () => process.kill(process.pid, 'SIGKILL');`,
    `await moveDataFolder(from, to, {`,
    `  defaultDir,`,
    `  onProgress: (p) => { if (when === 'copying' && p.phase === 'copying' && p.bytesDone > 2 * 1024 * 1024) crash(); },`,
    `  afterSwitch: async () => { if (when === 'after-switch') crash(); },`,
    `});`,
  ].join('\n');
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, from, to, defaultDir, when], { cwd: repoRoot }, (error) => {
      done(error && 'signal' in error ? (error.signal as NodeJS.Signals | null) : null);
    });
  });
}

describe('a move cut short by a crash', () => {
  it('before the switch: the next start removes the partial copy and keeps the old folder in use, untouched', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    const before = await tree(dataDir);
    const target = join(root, 'crash-before-switch');
    expect(await moveAndCrash(dataDir, target, defaultDir, 'copying')).toBe('SIGKILL');
    expect(await lstat(target).catch(() => null)).not.toBeNull();
    expect(await resolveDataDir(defaultDir)).toBe(dataDir);
    expect(await lstat(target).catch(() => null)).toBeNull();
    expect(await tree(dataDir)).toEqual(before);
    expect(await readdir(defaultDir)).toEqual(['data-location.json']);
  });

  it('after the switch: the next start uses the new folder and removes the old one', async () => {
    const { defaultDir, dataDir } = await dataFolder();
    // No fates given in the child: every entry moves, the index included.
    const expected = await tree(dataDir);
    const target = join(root, 'crash-after-switch');
    expect(await moveAndCrash(dataDir, target, defaultDir, 'after-switch')).toBe('SIGKILL');
    expect(await lstat(dataDir).catch(() => null)).not.toBeNull();
    expect(await resolveDataDir(defaultDir)).toBe(target);
    expect(await lstat(dataDir).catch(() => null)).toBeNull();
    expect(await tree(target)).toEqual(expected);
    expect(await readdir(defaultDir)).toEqual(['data-location.json']);
  });
});

