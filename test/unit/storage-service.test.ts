import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StorageMoveProgress } from '../../common/storage';
import { resolveDataDir } from '../../main/services/storage/data-location';
import type { Job } from '../../common/domain';
import type { RecordingService } from '../../main/services/recordings/recording-service';
import { createStorage } from '../../main/services/storage/create-storage';
import { storageHandlers } from '../../main/services/storage/storage-handlers';
import { entryFate, StorageService } from '../../main/services/storage/storage-service';
import type { StorageServiceDeps } from '../../main/services/storage/storage-service';
import { StorageSettingsStore } from '../../main/services/storage/storage-settings-store';

async function setup(overrides: Partial<StorageServiceDeps> = {}): Promise<{ service: StorageService; dataDir: string; root: string; calls: string[]; progress: StorageMoveProgress[] }> {
  const root = await mkdtemp(join(tmpdir(), 'storage-service-'));
  const dataDir = join(root, 'app-data');
  await mkdir(join(dataDir, 'transcripts'), { recursive: true });
  await writeFile(join(dataDir, 'transcripts', 'a.meta.json'), '{"version":1}');
  await mkdir(join(dataDir, 'Cache'));
  await writeFile(join(dataDir, 'Cache', 'engine'), 'not the app’s');
  const calls: string[] = [];
  const progress: StorageMoveProgress[] = [];
  const service = new StorageService({
    dataDir,
    defaultDir: dataDir,
    settings: new StorageSettingsStore(dataDir),
    busy: () => null,
    prepare: async () => void calls.push('prepare'),
    retire: async () => void calls.push('retire'),
    onProgress: (p) => progress.push(p),
    restart: () => calls.push('restart'),
    ...overrides,
  });
  return { service, dataDir, root, calls, progress };
}

describe('StorageService', () => {
  it('keeps links by default and remembers the choice of copies across a restart', async () => {
    const { service, dataDir } = await setup();
    expect((await service.status()).keepSourceCopies).toBe(false);
    expect((await service.setKeepSourceCopies(true)).keepSourceCopies).toBe(true);
    expect(await new StorageSettingsStore(dataDir).keepSourceCopies()).toBe(true);
  });

  it('refuses to move while jobs or a recording run, with the reason', async () => {
    const { service, dataDir, root } = await setup({ busy: () => 'A recording is running. Stop it, then move the data folder.' });
    expect((await service.status()).moveBlocked).toMatch(/recording is running/);
    await expect(service.move(join(root, 'elsewhere'))).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/recording is running/) as unknown });
    expect(await resolveDataDir(dataDir)).toBe(dataDir);
  });

  it('moves the app’s entries out of the default folder, then restarts, and refuses a second move', async () => {
    const { service, dataDir, root, calls, progress } = await setup();
    const target = join(root, 'moved');
    const result = await service.move(target);
    expect(result).toMatchObject({ dataDir: target, files: 1, restarting: true });
    expect(await readdir(target)).toEqual(['transcripts']);
    expect((await readdir(dataDir)).sort()).toEqual(['Cache', 'data-location.json']);
    expect(progress.at(-1)?.phase).toBe('removing');
    await expect.poll(() => calls).toEqual(['prepare', 'retire', 'restart']);
    expect(await service.status()).toMatchObject({ dataDir: target, moveBlocked: expect.stringMatching(/must start again/) as unknown });
    await expect(service.move(join(root, 'again'))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('cancels a running move and keeps the current folder', async () => {
    const holder: { service?: StorageService } = {};
    const made = await setup({ prepare: async () => holder.service!.cancelMove() });
    holder.service = made.service;
    await expect(made.service.move(join(made.root, 'canceled'))).rejects.toMatchObject({ code: 'CANCELED' });
    expect(await resolveDataDir(made.dataDir)).toBe(made.dataDir);
    expect(made.calls).not.toContain('restart');
  });
});

describe('storage handlers', () => {
  it('with a folder dialog, move only to the folder chosen in it; without one, to a typed folder', async () => {
    const { service, root } = await setup();
    const chosen = join(root, 'chosen');
    const withDialog = storageHandlers({ storage: service, transcripts: { deleteOptions: async () => ({ audio: 'none' }) }, chooseFolder: async () => chosen });
    await expect(withDialog['storage.move']({ to: join(root, 'made-up') })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await withDialog['storage.chooseFolder']()).toBe(chosen);
    await expect(withDialog['storage.move']({ to: join(root, 'made-up') })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await withDialog['storage.move']({ to: chosen })).dataDir).toBe(chosen);

    const other = await setup();
    const typed = storageHandlers({ storage: other.service, transcripts: { deleteOptions: async () => ({ audio: 'none' }) } });
    await expect(typed['storage.chooseFolder']()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect((await typed['storage.move']({ to: join(other.root, 'typed') })).dataDir).toBe(join(other.root, 'typed'));
  });
});

describe('createStorage', () => {
  it('blocks a move while a job is unfinished or a recording runs, and not for finished jobs', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'create-storage-'));
    let jobs: { state: Job['state'] }[] = [{ state: 'done' }, { state: 'failed' }];
    const live: { recording?: unknown } = {};
    const { handlers } = createStorage({ dataDir, defaultDir: dataDir, logger: console });
    const channels = handlers({
      transcripts: { anchorOwnedMedia: async () => 0, deleteOptions: async () => ({ audio: 'none' }) },
      queue: { list: () => jobs as Job[], suspend: async () => undefined },
      recordings: { current: () => live.recording as ReturnType<RecordingService['current']> },
      editStore: { flush: async () => undefined },
      librarySearch: { close: () => undefined },
      onProgress: () => undefined,
    });
    expect((await channels['storage.status']()).moveBlocked).toBeNull();
    jobs = [...jobs, { state: 'queued' }];
    expect((await channels['storage.status']()).moveBlocked).toMatch(/Transcriptions are running or waiting/);
    jobs = [{ state: 'done' }];
    live.recording = { id: 'rec' };
    expect((await channels['storage.status']()).moveBlocked).toMatch(/recording is running/);
  });
});

describe('createStorage guard', () => {
  it('refuses new transcriptions and recordings while the folder moves and once it moved, and lets the rest through', async () => {
    const root = await mkdtemp(join(tmpdir(), 'storage-guard-'));
    const dataDir = join(root, 'data');
    await mkdir(join(dataDir, 'transcripts'), { recursive: true });
    await writeFile(join(dataDir, 'transcripts', 'a.meta.json'), '{"version":1}');
    let release: () => void = () => undefined;
    const flushed = new Promise<void>((done) => (release = done));
    const storage = createStorage({ dataDir, defaultDir: join(root, 'app-data'), logger: console });
    const channels = storage.handlers({
      transcripts: { anchorOwnedMedia: async () => 0, deleteOptions: async () => ({ audio: 'none' }) },
      queue: { list: () => [], suspend: async () => undefined },
      recordings: { current: () => undefined },
      editStore: { flush: () => flushed },
      librarySearch: { close: () => undefined },
      onProgress: () => undefined,
    });
    const started: string[] = [];
    const guarded = storage.guard({
      'recording.start': async () => void started.push('recording'),
      'transcribe.start': async () => void started.push('transcription'),
      'transcripts.list': async () => void started.push('list'),
    });
    await guarded['recording.start']();
    const move = channels['storage.move']({ to: join(root, 'moved') });
    await expect(guarded['recording.start']()).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/being moved/) as unknown });
    await expect(guarded['transcribe.start']()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await guarded['transcripts.list']();
    release();
    await move;
    await expect(guarded['recording.start']()).rejects.toMatchObject({ message: expect.stringMatching(/must start again/) as unknown });
    expect(started).toEqual(['recording', 'list']);
  });
});

describe('appDataEntries', () => {
  it('names every file and folder the services keep in the data folder, so a move from the default folder takes them all', async () => {
    const found = new Set<string>();
    const visit = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await visit(path);
        else if (entry.name.endsWith('.ts')) {
          for (const match of (await readFile(path, 'utf8')).matchAll(/join\((?:deps\.|this\.|options\.)?dataDir,\s*'([^']+)'/g)) found.add(match[1]!);
        }
      }
    };
    await visit(join(import.meta.dirname, '../../main/services'));
    expect(found.size).toBeGreaterThan(5);
    const fate = entryFate(true);
    // The window's size and place belongs to the app-data folder (the desktop shell keeps it there), not to the library.
    const missing = [...found].filter((name) => name !== 'window-state.json' && fate(name) === 'keep');
    expect(missing, 'data-folder entries a move from the default folder would leave behind: add them to appDataEntries').toEqual([]);
  });
});
