import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { idSchema } from '../../../common/domain';
import { AppError } from '../../../common/errors';
import { editLayerSchema, emptyEditLayer } from '../../../common/transcript/edit-layer';
import type { EditLayer } from '../../../common/transcript/edit-layer';
import { writeFileAtomic } from '../fs/atomic-file';
import { describeWriteError } from '../fs/write-errors';

/** The file operations the store makes; injected in tests to count and fail writes. */
export interface EditFileSystem {
  /** Rejects with ENOENT when the file does not exist. */
  readFile(path: string): Promise<string>;
  writeFileAtomic(path: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  remove(path: string): Promise<void>;
}

export const nodeEditFileSystem: EditFileSystem = {
  readFile: (path) => readFile(path, 'utf8'),
  writeFileAtomic,
  rename,
  exists: (path) => stat(path).then(() => true, () => false),
  remove: (path) => rm(path, { force: true }),
};

/** Schedules a call; returns how to cancel it. */
export type Schedule = (run: () => void, ms: number) => () => void;

const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface EditStoreOptions {
  /** Quiet time after the last change before it is written. */
  debounceMs?: number;
  fs?: EditFileSystem;
  schedule?: Schedule;
  /** A write that failed with nobody awaiting it (the debounced ones); the state is kept and written again next time. */
  onWriteError?: (transcriptId: string, error: AppError) => void;
}

/** Why a transcript's edits could not be read, and where the unreadable file was kept. */
export interface DamagedEdits {
  reason: string;
  /** The damaged file, moved aside; null when it could not be moved. */
  keptAt: string | null;
}

export interface LoadedEdits {
  layer: EditLayer;
  /** Set when the edits file was unreadable: the transcript opens unedited. */
  damaged: DamagedEdits | null;
}

interface Slot {
  /** The newest state, written or not. */
  latest: EditLayer;
  /** A state not yet handed to a write. */
  pending: EditLayer | undefined;
  cancelTimer: (() => void) | undefined;
  /** Writes of this transcript, one after another; never rejects. */
  chain: Promise<void>;
}

/**
 * The edit layer of each transcript in `<dataDir>/transcripts/<id>.edits.json`, beside the
 * response it applies to (which it never writes). Changes are written after a quiet period,
 * one write at a time per transcript, always the newest state last.
 */
export class EditStore {
  private readonly dir: string;
  private readonly debounceMs: number;
  private readonly fs: EditFileSystem;
  private readonly schedule: Schedule;
  private readonly slots = new Map<string, Slot>();

  constructor(dataDir: string, private readonly options: EditStoreOptions = {}) {
    this.dir = join(dataDir, 'transcripts');
    this.debounceMs = options.debounceMs ?? 500;
    this.fs = options.fs ?? nodeEditFileSystem;
    this.schedule = options.schedule ?? realSchedule;
  }

  /** Where a transcript's edits live. */
  pathOf(transcriptId: string): string {
    if (!idSchema.safeParse(transcriptId).success) throw new AppError('INVALID_ARGUMENT', 'Not a transcript id.');
    return join(this.dir, `${transcriptId}.edits.json`);
  }

  /** A transcript's edits: the newest state if this session changed them, else the file; a damaged file is moved aside and reported. */
  async load(transcriptId: string): Promise<LoadedEdits> {
    const path = this.pathOf(transcriptId);
    const slot = this.slots.get(transcriptId);
    if (slot) return { layer: slot.latest, damaged: null };

    let text: string;
    try {
      text = await this.fs.readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { layer: emptyEditLayer(), damaged: null };
      return { layer: emptyEditLayer(), damaged: { reason: `the edits file could not be read (${errorCode(error)})`, keptAt: null } };
    }
    const parsed = parseLayer(text);
    if (parsed.ok) return { layer: parsed.layer, damaged: null };
    return { layer: emptyEditLayer(), damaged: { reason: parsed.reason, keptAt: await this.setAside(path) } };
  }

  /** Takes a transcript's new edit state; it is written once changes pause for the debounce time. */
  save(transcriptId: string, layer: EditLayer): void {
    this.pathOf(transcriptId);
    const slot = this.slot(transcriptId, layer);
    slot.latest = layer;
    slot.pending = layer;
    slot.cancelTimer?.();
    slot.cancelTimer = this.schedule(() => {
      slot.cancelTimer = undefined;
      this.write(transcriptId, slot).catch((error: unknown) => this.options.onWriteError?.(transcriptId, asAppError(error, this.dir)));
    }, this.debounceMs);
  }

  /** Writes every waiting change now (on quit, or before an export); rejects if one could not be saved. */
  async flush(): Promise<void> {
    const writes = [...this.slots].map(([id, slot]) => {
      slot.cancelTimer?.();
      slot.cancelTimer = undefined;
      return this.write(id, slot);
    });
    const failures = (await Promise.allSettled(writes)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures[0]) throw asAppError(failures[0].reason, this.dir);
  }

  /** Forgets a transcript's edits and deletes their file (the transcript itself is being deleted). */
  async remove(transcriptId: string): Promise<void> {
    const path = this.pathOf(transcriptId);
    const slot = this.slots.get(transcriptId);
    if (slot) {
      slot.cancelTimer?.();
      slot.pending = undefined;
      this.slots.delete(transcriptId);
      await slot.chain;
    }
    await this.fs.remove(path);
  }

  private slot(transcriptId: string, layer: EditLayer): Slot {
    let slot = this.slots.get(transcriptId);
    if (!slot) {
      slot = { latest: layer, pending: undefined, cancelTimer: undefined, chain: Promise.resolve() };
      this.slots.set(transcriptId, slot);
    }
    return slot;
  }

  /** Queues a write of whatever is pending when its turn comes, so no two writes of a file overlap. */
  private write(transcriptId: string, slot: Slot): Promise<void> {
    const path = this.pathOf(transcriptId);
    const run = slot.chain.then(async () => {
      const layer = slot.pending;
      if (layer === undefined) return;
      slot.pending = undefined;
      try {
        await this.fs.writeFileAtomic(path, JSON.stringify(layer));
      } catch (error) {
        // Kept for the next write unless a newer state came meanwhile.
        slot.pending ??= layer;
        throw error;
      }
    });
    slot.chain = run.catch(() => undefined);
    return run;
  }

  private async setAside(path: string): Promise<string | null> {
    for (let n = 1; n <= 100; n += 1) {
      const target = n === 1 ? `${path}.damaged` : `${path}.damaged-${n}`;
      if (await this.fs.exists(target)) continue;
      try {
        await this.fs.rename(path, target);
        return target;
      } catch {
        return null;
      }
    }
    return null;
  }
}

function parseLayer(text: string): { ok: true; layer: EditLayer } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the edits file is cut short or not JSON' };
  }
  const parsed = editLayerSchema.safeParse(json);
  if (parsed.success) return { ok: true, layer: parsed.data };
  const version = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined;
  return { ok: false, reason: version === 1 ? 'the edits file does not have the expected shape' : `the edits file has an unknown version (${String(version)})` };
}

function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown error';
}

function asAppError(error: unknown, dir: string): AppError {
  return error instanceof AppError ? error : describeWriteError(error, 'Your edits', dir);
}
