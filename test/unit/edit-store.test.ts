import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import { pushEdit } from '../../common/transcript/edit-history';
import { applyEdits, emptyEditLayer } from '../../common/transcript/edit-layer';
import type { EditLayer, EditOp } from '../../common/transcript/edit-layer';
import { buildSourceTranscript } from '../../common/transcript/source-transcript';
import type { SourceTranscript } from '../../common/transcript/source-transcript';
import type { AppError } from '../../common/errors';
import { EditStore, nodeEditFileSystem } from '../../main/services/library/edit-store';
import type { EditFileSystem, Schedule } from '../../main/services/library/edit-store';
import { TranscriptStore } from '../../main/services/library/transcript-store';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import { deepgramFixtures, loadResponse } from '../support/transcript-fixtures';

const root = resolve(import.meta.dirname, '../..');
const fixture = 'prerecorded_nova2_diarize_utterances_paragraphs.json';

/** A library with one real transcript in it. */
async function library(): Promise<{ dataDir: string; id: string; transcripts: TranscriptStore; source: SourceTranscript }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edits-'));
  const transcripts = new TranscriptStore(dataDir);
  const response = loadResponse(fixture);
  const { id } = await transcripts.save({ title: 'spacewalk.wav', sizeBytes: 1, options: defaultTranscribeOptions, requestId: null, response });
  return { dataDir, id, transcripts, source: buildSourceTranscript(response) };
}

/** The real file system, with every write recorded and optionally held or failed. */
class RecordingFs implements EditFileSystem {
  readonly writes: { path: string; data: string }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** When set, each write waits for this before touching the disk. */
  gate: Promise<void> | undefined;
  failNext: string | undefined;

  readFile = nodeEditFileSystem.readFile;
  rename = nodeEditFileSystem.rename;
  exists = nodeEditFileSystem.exists;
  remove = nodeEditFileSystem.remove;

  writeFileAtomic = async (path: string, data: string): Promise<void> => {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.gate;
      if (this.failNext) {
        const code = this.failNext;
        this.failNext = undefined;
        throw Object.assign(new Error(`${code}: refused`), { code });
      }
      await nodeEditFileSystem.writeFileAtomic(path, data);
      this.writes.push({ path, data });
    } finally {
      this.inFlight -= 1;
    }
  };
}

/** Timers the test fires by hand: no test waits on the clock. */
class ManualTimers {
  private tasks: { run: () => void; canceled: boolean }[] = [];
  readonly schedule: Schedule = (run) => {
    const task = { run, canceled: false };
    this.tasks.push(task);
    return () => {
      task.canceled = true;
    };
  };

  get waiting(): number {
    return this.tasks.filter((t) => !t.canceled).length;
  }

  fire(): void {
    const due = this.tasks.filter((t) => !t.canceled);
    this.tasks = [];
    for (const task of due) task.run();
  }
}

function rename(name: string): EditOp {
  return { type: 'renameSpeaker', speaker: 's0', name };
}

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe.skipIf(skipsWithoutShared(deepgramFixtures))('EditStore', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
  beforeAll(() => requireShared(deepgramFixtures));

  it('coalesces a burst of changes into one write of the last state, after the quiet period', async () => {
    const { dataDir, id, source } = await library();
    const fs = new RecordingFs();
    const timers = new ManualTimers();
    const store = new EditStore(dataDir, { fs, schedule: timers.schedule });
    let layer = emptyEditLayer();
    for (let i = 0; i < 20; i += 1) {
      layer = pushEdit(layer, rename(`Name ${i}`), source, i * 5000);
      store.save(id, layer);
    }
    expect(fs.writes).toHaveLength(0);
    expect(timers.waiting).toBe(1);
    timers.fire();
    await store.flush();
    expect(fs.writes).toHaveLength(1);
    expect(JSON.parse(await readFile(store.pathOf(id), 'utf8'))).toEqual(layer);
    // Reopened after a restart: the same edits.
    expect((await new EditStore(dataDir).load(id)).layer).toEqual(layer);
  });

  it('writes with the real timer once changes pause', async () => {
    const { dataDir, id, source } = await library();
    let written!: () => void;
    const firstWrite = new Promise<void>((r) => (written = r));
    const fs = new RecordingFs();
    const store = new EditStore(dataDir, { fs: { ...nodeEditFileSystem, writeFileAtomic: async (path, data) => (await fs.writeFileAtomic(path, data), written()) }, debounceMs: 20 });
    const layer = pushEdit(emptyEditLayer(), rename('Ana'), source, 0);
    store.save(id, layer);
    store.save(id, layer);
    await firstWrite;
    expect(JSON.parse(await readFile(store.pathOf(id), 'utf8'))).toEqual(layer);
    expect(fs.writes).toHaveLength(1);
  });

  it('gives back the newest state before it is written, so a reopened transcript shows every keystroke', async () => {
    const { dataDir, id, source } = await library();
    const timers = new ManualTimers();
    const store = new EditStore(dataDir, { schedule: timers.schedule });
    const first = pushEdit(emptyEditLayer(), rename('Ana'), source, 0);
    store.save(id, first);
    await store.flush();
    const second = pushEdit(first, rename('Bo'), source, 5000);
    store.save(id, second);
    expect((await store.load(id)).layer).toEqual(second);
    expect((await new EditStore(dataDir).load(id)).layer).toEqual(first);
  });

  it('flush writes at once, and the canceled timer writes nothing more', async () => {
    const { dataDir, id, source } = await library();
    const fs = new RecordingFs();
    const timers = new ManualTimers();
    const store = new EditStore(dataDir, { fs, schedule: timers.schedule });
    const layer = pushEdit(emptyEditLayer(), rename('Ana'), source, 0);
    store.save(id, layer);
    await store.flush();
    expect(fs.writes).toHaveLength(1);
    expect(timers.waiting).toBe(0);
    timers.fire();
    await store.flush();
    expect(fs.writes).toHaveLength(1);
  });

  it('never runs two writes of a file at once, and the newest state is written last', async () => {
    const { dataDir, id, source } = await library();
    const fs = new RecordingFs();
    const timers = new ManualTimers();
    const store = new EditStore(dataDir, { fs, schedule: timers.schedule });
    let release!: () => void;
    fs.gate = new Promise<void>((r) => (release = r));
    const states: EditLayer[] = [];
    let layer = emptyEditLayer();
    for (let i = 0; i < 5; i += 1) {
      layer = pushEdit(layer, rename(`Name ${i}`), source, i * 5000);
      states.push(layer);
      store.save(id, layer);
      timers.fire();
    }
    const flushed = store.flush();
    release();
    await flushed;
    expect(fs.maxInFlight).toBe(1);
    expect(fs.writes.at(-1)?.data).toBe(JSON.stringify(states.at(-1)));
    expect(fs.writes.length).toBeLessThanOrEqual(2);
    expect(JSON.parse(await readFile(store.pathOf(id), 'utf8'))).toEqual(states.at(-1));
  });

  it('keeps a change that failed to write, reports it, and writes it next time', async () => {
    const { dataDir, id, source } = await library();
    const fs = new RecordingFs();
    const timers = new ManualTimers();
    const reported: AppError[] = [];
    const store = new EditStore(dataDir, { fs, schedule: timers.schedule, onWriteError: (_id, error) => reported.push(error) });
    const layer = pushEdit(emptyEditLayer(), rename('Ana'), source, 0);
    store.save(id, layer);
    fs.failNext = 'ENOSPC';
    await expect(store.flush()).rejects.toMatchObject({ code: 'SAVE_FAILED', message: expect.stringContaining('disk is full') as unknown });
    await store.flush();
    expect(JSON.parse(await readFile(store.pathOf(id), 'utf8'))).toEqual(layer);

    // A failed debounced write has nobody awaiting it: it is reported instead.
    const next = pushEdit(layer, rename('Bo'), source, 5000);
    store.save(id, next);
    fs.failNext = 'EACCES';
    timers.fire();
    await store.flush();
    expect(reported.map((e) => e.code)).toEqual(['SAVE_FAILED']);
    expect(JSON.parse(await readFile(store.pathOf(id), 'utf8'))).toEqual(next);
  });

  it('never writes the response: its bytes are the same after any edit, and only the edits file is written', async () => {
    const { dataDir, id, source, transcripts } = await library();
    const responsePath = join(dataDir, 'transcripts', `${id}.response.json`);
    const before = sha(await readFile(responsePath));
    const fs = new RecordingFs();
    const store = new EditStore(dataDir, { fs });
    const [first] = source.paragraphs;
    let layer = (await store.load(id)).layer;
    for (const op of [
      rename('Ana'),
      { type: 'mergeSpeakers', from: 's1', into: 's0' },
      { type: 'reassignParagraph', paragraph: first?.key ?? '', speaker: 's2' },
      { type: 'editParagraphText', paragraph: first?.key ?? '', text: 'Entirely new words.' },
      { type: 'editParagraphText', paragraph: first?.key ?? '', text: '' },
    ] satisfies EditOp[]) {
      layer = pushEdit(layer, op, source, Date.now());
      store.save(id, layer);
      await store.flush();
    }
    expect(sha(await readFile(responsePath))).toBe(before);
    expect(new Set(fs.writes.map((w) => w.path))).toEqual(new Set([store.pathOf(id)]));
    const { response } = await transcripts.get(id);
    expect(applyEdits(response, (await new EditStore(dataDir).load(id)).layer).paragraphs.map((p) => p.key)).not.toContain(first?.key);
  });

  it('sets a truncated edits file aside, reports it, and opens the transcript unedited', async () => {
    const { dataDir, id, source, transcripts } = await library();
    const store = new EditStore(dataDir);
    const layer = pushEdit(emptyEditLayer(), { type: 'editParagraphText', paragraph: source.paragraphs[0]?.key ?? '', text: 'Changed.' }, source, 0);
    store.save(id, layer);
    await store.flush();
    const path = store.pathOf(id);
    const full = await readFile(path);
    await truncate(path, Math.floor(full.length / 2));
    const cut = await readFile(path);

    const reopened = new EditStore(dataDir);
    const loaded = await reopened.load(id);
    expect(loaded.layer).toEqual(emptyEditLayer());
    expect(loaded.damaged).toEqual({ reason: 'the edits file is cut short or not JSON', keptAt: `${path}.damaged` });
    expect(await readFile(`${path}.damaged`)).toEqual(cut);
    const { response } = await transcripts.get(id);
    expect(applyEdits(response, loaded.layer)).toEqual(applyEdits(response, emptyEditLayer()));

    // Editing again starts a fresh file; a second damaged file does not replace the first.
    reopened.save(id, layer);
    await reopened.flush();
    expect((await new EditStore(dataDir).load(id)).damaged).toBeNull();
    await writeFile(path, JSON.stringify({ ...layer, version: 2 }));
    expect((await new EditStore(dataDir).load(id)).damaged).toEqual({ reason: 'the edits file has an unknown version (2)', keptAt: `${path}.damaged-2` });
    expect(await readFile(`${path}.damaged`)).toEqual(cut);
  });

  it('refuses ids that are not transcript ids', async () => {
    const store = new EditStore(await mkdtemp(join(tmpdir(), 'edits-')));
    await expect(store.load('../secrets')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => store.save('a/b', emptyEditLayer())).toThrow(/Not a transcript id/);
  });

  it('removes a transcript’s edits, and a waiting write does not bring them back', async () => {
    const { dataDir, id, source } = await library();
    const timers = new ManualTimers();
    const store = new EditStore(dataDir, { schedule: timers.schedule });
    store.save(id, pushEdit(emptyEditLayer(), rename('Ana'), source, 0));
    await store.flush();
    store.save(id, pushEdit(emptyEditLayer(), rename('Bo'), source, 0));
    await store.remove(id);
    timers.fire();
    await store.flush();
    expect((await readdir(join(dataDir, 'transcripts'))).filter((n) => n.includes('.edits'))).toEqual([]);
  });

  it('keeps a flushed edit when the process is killed right after, while it goes on writing newer states', async () => {
    const { dataDir, id, source, transcripts } = await library();
    const key = source.paragraphs[1]?.key ?? '';
    const script = [
      `const { EditStore } = await import(${JSON.stringify(join(root, 'main/services/library/edit-store.ts'))});`,
      `const { pushEdit } = await import(${JSON.stringify(join(root, 'common/transcript/edit-history.ts'))});`,
      `const { buildSourceTranscript } = await import(${JSON.stringify(join(root, 'common/transcript/source-transcript.ts'))});`,
      `const { TranscriptStore } = await import(${JSON.stringify(join(root, 'main/services/library/transcript-store.ts'))});`,
      'const [dataDir, id, key] = process.argv.slice(1);',
      'const { response } = await new TranscriptStore(dataDir).get(id);',
      'const source = buildSourceTranscript(response);',
      'const store = new EditStore(dataDir, { debounceMs: 0 });',
      'let layer = (await store.load(id)).layer;',
      "layer = pushEdit(layer, { type: 'editParagraphText', paragraph: key, text: 'Kept after the crash.' }, source, Date.now());",
      'store.save(id, layer);',
      'await store.flush();',
      "process.stdout.write('flushed\\n');",
      // Keep writing newer states so that the kill lands while writes are under way.
      'let n = 0;',
      "setInterval(() => { layer = pushEdit(layer, { type: 'renameSpeaker', speaker: 's0', name: `Name ${n++}` }, source, Date.now()); store.save(id, layer); if (n === 20) process.stdout.write('saving\\n'); }, 1);",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir, id, key], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolveFlushed, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // Kill once newer states are being written.
        if (out.includes('saving')) resolveFlushed();
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${String(code)})`)));
    });
    const exited = new Promise((r) => child.once('exit', (_code, signal) => r(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const loaded = await new EditStore(dataDir).load(id);
    expect(loaded.damaged).toBeNull();
    const { response } = await transcripts.get(id);
    expect(applyEdits(response, loaded.layer).paragraphs.find((p) => p.key === key)?.text).toBe('Kept after the crash.');
    expect((await readdir(join(dataDir, 'transcripts'))).filter((n) => n.includes('damaged'))).toEqual([]);
  });
});
