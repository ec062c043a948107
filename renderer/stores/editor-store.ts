import { create } from 'zustand';
import type { Unsubscribe } from '../../common/api';
import type { AppErrorValue, Result } from '../../common/errors';
import type { EditedTranscript, EditOp } from '../../common/transcript/edit-layer';
import { applyEditPatch } from '../../common/transcript/edit-patch';
import type { EditPatch } from '../../common/transcript/edit-patch';
import { app } from '../ipc/app-client';

export interface EditorState {
  /** The transcript being read and corrected; main keeps the edits, this is what they give. */
  transcriptId: string | null;
  edited: EditedTranscript | null;
  /** False while `edited` holds only the first screen's paragraphs and the rest is on its way. */
  complete: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** The saved edits could not be read: the transcript opened without them (the file was kept aside). */
  damaged: { reason: string; keptAt: string | null } | null;
  error: AppErrorValue | null;
  load: (transcriptId: string) => Promise<void>;
  apply: (op: EditOp) => Promise<boolean>;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  clear: () => void;
  /** Hears from main when a debounced save failed. */
  subscribe: () => Unsubscribe;
}

type ChangeResult = Result<{ patch: EditPatch; canUndo: boolean; canRedo: boolean }>;

/** Paragraphs asked for first: more than any window shows at once, a small part of a long transcript. */
export const firstScreenParagraphs = 60;

export const useEditorStore = create<EditorState>()((set, get) => {
  // Changes go to main one after another, in the order the user made them.
  let queue: Promise<unknown> = Promise.resolve();
  const change = (transcriptId: string, send: () => Promise<ChangeResult>): Promise<boolean> => {
    const run = queue.then(async () => {
      const result = await send();
      if (get().transcriptId !== transcriptId) return false;
      if (!result.ok) {
        set({ error: result.error });
        return false;
      }
      const edited = get().edited;
      set({ edited: edited ? applyEditPatch(edited, result.value.patch) : edited, canUndo: result.value.canUndo, canRedo: result.value.canRedo, error: null });
      return true;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    transcriptId: null,
    edited: null,
    complete: false,
    canUndo: false,
    canRedo: false,
    damaged: null,
    error: null,

    load: async (transcriptId) => {
      if (get().transcriptId === transcriptId && get().edited) return;
      set({ transcriptId, edited: null, complete: false, canUndo: false, canRedo: false, damaged: null, error: null });
      // A long transcript is not sent whole to paint its first screen: its first paragraphs come first.
      const first = await app.edits.get({ id: transcriptId, paragraphs: { from: 0, count: firstScreenParagraphs } });
      if (get().transcriptId !== transcriptId) return;
      if (!first.ok) {
        set({ error: first.error });
        return;
      }
      const { transcript, canUndo, canRedo, damaged, paragraphsTotal } = first.value;
      const complete = paragraphsTotal === undefined || transcript.paragraphs.length >= paragraphsTotal;
      set({ edited: transcript, complete, canUndo, canRedo, damaged });
      if (complete) return;
      // The rest before any change: changes answer with patches of the whole transcript.
      const rest = queue.then(async () => {
        const all = await app.edits.get({ id: transcriptId });
        if (get().transcriptId !== transcriptId) return;
        if (!all.ok) set({ error: all.error });
        else set({ edited: all.value.transcript, complete: true, canUndo: all.value.canUndo, canRedo: all.value.canRedo });
      });
      queue = rest.catch(() => undefined);
      await rest;
    },

    apply: (op) => {
      const id = get().transcriptId;
      return id ? change(id, () => app.edits.apply({ id, op })) : Promise.resolve(false);
    },
    undo: async () => {
      const id = get().transcriptId;
      if (id && get().canUndo) await change(id, () => app.edits.undo({ id }));
    },
    redo: async () => {
      const id = get().transcriptId;
      if (id && get().canRedo) await change(id, () => app.edits.redo({ id }));
    },
    clear: () => set({ transcriptId: null, edited: null, complete: false, canUndo: false, canRedo: false, damaged: null, error: null }),
    subscribe: () =>
      app.edits.onSaveFailed(({ id, error }) => {
        if (id === get().transcriptId) set({ error });
      }),
  };
});
