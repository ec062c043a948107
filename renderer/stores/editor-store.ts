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
    canUndo: false,
    canRedo: false,
    damaged: null,
    error: null,

    load: async (transcriptId) => {
      if (get().transcriptId === transcriptId && get().edited) return;
      set({ transcriptId, edited: null, canUndo: false, canRedo: false, damaged: null, error: null });
      const result = await app.edits.get({ id: transcriptId });
      if (get().transcriptId !== transcriptId) return;
      if (!result.ok) {
        set({ error: result.error });
        return;
      }
      set({ edited: result.value.transcript, canUndo: result.value.canUndo, canRedo: result.value.canRedo, damaged: result.value.damaged });
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
    clear: () => set({ transcriptId: null, edited: null, canUndo: false, canRedo: false, damaged: null, error: null }),
    subscribe: () =>
      app.edits.onSaveFailed(({ id, error }) => {
        if (id === get().transcriptId) set({ error });
      }),
  };
});
