import type { ListenResponse } from '../../../common/deepgram-response';
import { AppError } from '../../../common/errors';
import { canRedo, canUndo, pushEdit, redoEdit, undoEdit } from '../../../common/transcript/edit-history';
import type { EditHistoryOptions } from '../../../common/transcript/edit-history';
import { applyEditsToSource } from '../../../common/transcript/edit-layer';
import type { EditedTranscript, EditLayer, EditOp } from '../../../common/transcript/edit-layer';
import { diffEditedTranscripts } from '../../../common/transcript/edit-patch';
import type { EditPatch } from '../../../common/transcript/edit-patch';
import { buildSourceTranscript } from '../../../common/transcript/source-transcript';
import type { SourceTranscript } from '../../../common/transcript/source-transcript';
import type { DamagedEdits, EditStore } from './edit-store';

/** Where the original responses come from (TranscriptStore in the app). */
export interface ResponseSource {
  get(id: string): Promise<{ response: ListenResponse }>;
}

/** Ready-built source transcripts kept on disk (SourceCache in the app), so a long response need not be parsed again. */
export interface SourceKeeper {
  read(id: string): Promise<SourceTranscript | undefined>;
  write(id: string, source: SourceTranscript): Promise<void>;
  remove(id: string): Promise<void>;
}

/** A transcript opened for editing. */
export interface EditSession {
  transcript: EditedTranscript;
  canUndo: boolean;
  canRedo: boolean;
  /** Set when the saved edits could not be read: the transcript opened unedited. */
  damaged: DamagedEdits | null;
}

/** The result of an edit, an undo or a redo: what changed, and what can be undone now. */
export interface EditResult {
  patch: EditPatch;
  canUndo: boolean;
  canRedo: boolean;
}

interface Open {
  source: SourceTranscript;
  layer: EditLayer;
  model: EditedTranscript;
}

/** Transcripts kept ready in memory: the one on screen and a few recently closed. */
const cacheSize = 4;

/**
 * Editing of transcripts: each change is applied over the original response, kept for undo,
 * saved through the EditStore, and answered with what changed. Changes to one transcript are
 * applied one at a time, in the order they arrive.
 */
export class TranscriptEditService {
  private readonly open = new Map<string, Promise<Open>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => number;
  private readonly history: EditHistoryOptions;
  private readonly sources: SourceKeeper | undefined;

  constructor(
    private readonly responses: ResponseSource,
    private readonly store: EditStore,
    options: { now?: () => number; history?: EditHistoryOptions; sources?: SourceKeeper } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.history = options.history ?? {};
    this.sources = options.sources;
  }

  /** Opens a transcript with its edits in effect. */
  async get(transcriptId: string): Promise<EditSession> {
    return this.serial(transcriptId, async () => {
      const damaged = this.open.has(transcriptId) ? null : await this.load(transcriptId);
      const state = await this.state(transcriptId);
      return { transcript: state.model, canUndo: canUndo(state.layer), canRedo: canRedo(state.layer), damaged };
    });
  }

  /** The transcript as edited, for export and search. */
  async edited(transcriptId: string): Promise<EditedTranscript> {
    return (await this.get(transcriptId)).transcript;
  }

  /** Applies one edit and saves it (debounced). */
  async apply(transcriptId: string, op: EditOp): Promise<EditResult> {
    return this.change(
      transcriptId,
      (layer, source) => {
        const paragraph = op.type === 'editParagraphText' || op.type === 'reassignParagraph' ? op.paragraph : undefined;
        if (paragraph !== undefined && !source.byKey.has(paragraph)) throw new AppError('INVALID_ARGUMENT', 'That paragraph is not in this transcript. Reopen the transcript and try again.');
        return pushEdit(layer, op, source, this.now(), this.history);
      },
      { keepIfUnchanged: false },
    );
  }

  /** Undoes the last edit in effect. */
  async undo(transcriptId: string): Promise<EditResult> {
    return this.change(transcriptId, (layer) => undoEdit(layer));
  }

  /** Redoes the last undone edit. */
  async redo(transcriptId: string): Promise<EditResult> {
    return this.change(transcriptId, (layer) => redoEdit(layer));
  }

  /** Forgets a deleted transcript and its edits. */
  async remove(transcriptId: string): Promise<void> {
    await this.serial(transcriptId, async () => {
      this.open.delete(transcriptId);
      await Promise.all([this.store.remove(transcriptId), this.sources?.remove(transcriptId)]);
    });
  }

  private async change(transcriptId: string, next: (layer: EditLayer, source: SourceTranscript) => EditLayer, options = { keepIfUnchanged: true }): Promise<EditResult> {
    return this.serial(transcriptId, async () => {
      if (!this.open.has(transcriptId)) await this.load(transcriptId);
      const state = await this.state(transcriptId);
      const layer = next(state.layer, state.source);
      const model = layer === state.layer ? state.model : applyEditsToSource(state.source, layer);
      const patch = diffEditedTranscripts(state.model, model);
      // An edit that changes nothing (the same text, a name it already has) is not an undo step.
      const unchanged = patch.upserted.length === 0 && patch.removed.length === 0 && sameSpeakers(state.model, model);
      if (layer !== state.layer && (options.keepIfUnchanged || !unchanged)) {
        this.remember(transcriptId, Promise.resolve({ source: state.source, layer, model }));
        this.store.save(transcriptId, layer);
        return { patch, canUndo: canUndo(layer), canRedo: canRedo(layer) };
      }
      return { patch: diffEditedTranscripts(state.model, state.model), canUndo: canUndo(state.layer), canRedo: canRedo(state.layer) };
    });
  }

  private async load(transcriptId: string): Promise<DamagedEdits | null> {
    const loading = (async (): Promise<{ open: Open; damaged: DamagedEdits | null }> => {
      const [source, { layer, damaged }] = await Promise.all([this.source(transcriptId), this.store.load(transcriptId)]);
      return { open: { source, layer, model: applyEditsToSource(source, layer) }, damaged };
    })();
    const opened = loading.then((l) => l.open);
    // Awaited by the next change; the failure itself is reported below.
    opened.catch(() => undefined);
    this.remember(transcriptId, opened);
    try {
      return (await loading).damaged;
    } catch (error) {
      this.open.delete(transcriptId);
      throw error;
    }
  }

  /** The paragraphs of the original response: from the kept copy when there is one, else built and kept. */
  private async source(transcriptId: string): Promise<SourceTranscript> {
    const kept = await this.sources?.read(transcriptId);
    if (kept) return kept;
    const source = buildSourceTranscript((await this.responses.get(transcriptId)).response);
    const sources = this.sources;
    // Written after the answer has gone out: the copy only speeds up the next open.
    if (sources) setTimeout(() => void sources.write(transcriptId, source).catch(() => undefined), 0);
    return source;
  }

  private state(transcriptId: string): Promise<Open> {
    const state = this.open.get(transcriptId);
    if (!state) throw new Error(`transcript ${transcriptId} is not open`);
    return state;
  }

  private remember(transcriptId: string, state: Promise<Open>): void {
    this.open.delete(transcriptId);
    this.open.set(transcriptId, state);
    for (const key of this.open.keys()) {
      if (this.open.size <= cacheSize) break;
      this.open.delete(key);
    }
  }

  private serial<T>(transcriptId: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(transcriptId) ?? Promise.resolve()).then(work);
    const settled = run.catch(() => undefined);
    this.queues.set(transcriptId, settled);
    void settled.then(() => {
      if (this.queues.get(transcriptId) === settled) this.queues.delete(transcriptId);
    });
    return run;
  }
}

function sameSpeakers(a: EditedTranscript, b: EditedTranscript): boolean {
  return a.speakers.length === b.speakers.length && a.speakers.every((s, i) => {
    const t = b.speakers[i];
    return t !== undefined && s.key === t.key && s.name === t.name && s.paragraphs === t.paragraphs;
  });
}
