import { foldEntries } from './edit-layer';
import type { EditLayer, EditOp } from './edit-layer';
import type { SourceTranscript } from './source-transcript';

export interface EditHistoryOptions {
  /** Keystrokes in one paragraph closer together than this are one undo step. */
  coalesceMs?: number;
  /** Undo steps kept; older ones are folded into the layer's base and can no longer be undone. */
  maxEntries?: number;
}

export const defaultCoalesceMs = 1000;
export const defaultMaxEntries = 500;

/**
 * The layer with one more edit in effect: any undone edits are dropped, and text typed into the
 * same paragraph within `coalesceMs` of the previous keystroke replaces that step instead of
 * adding one.
 */
export function pushEdit(layer: EditLayer, op: EditOp, source: SourceTranscript, now: number, options: EditHistoryOptions = {}): EditLayer {
  const coalesceMs = options.coalesceMs ?? defaultCoalesceMs;
  const maxEntries = Math.max(1, options.maxEntries ?? defaultMaxEntries);
  const at = Math.max(0, Math.floor(now));
  const kept = layer.entries.slice(0, layer.cursor);
  const last = kept.at(-1);
  const coalesces =
    layer.cursor === layer.entries.length &&
    last !== undefined &&
    op.type === 'editParagraphText' &&
    last.op.type === 'editParagraphText' &&
    last.op.paragraph === op.paragraph &&
    at >= last.at &&
    at - last.at <= coalesceMs;
  const entries = coalesces ? [...kept.slice(0, -1), { at, op }] : [...kept, { at, op }];
  const next: EditLayer = { ...layer, entries, cursor: entries.length };
  return entries.length > maxEntries ? foldEntries(source, next, entries.length - maxEntries) : next;
}

/** Whether there is an edit to undo. */
export function canUndo(layer: EditLayer): boolean {
  return layer.cursor > 0;
}

/** Whether there is an undone edit to redo. */
export function canRedo(layer: EditLayer): boolean {
  return layer.cursor < layer.entries.length;
}

/** The layer with its last edit in effect undone (kept for redo). */
export function undoEdit(layer: EditLayer): EditLayer {
  return canUndo(layer) ? { ...layer, cursor: layer.cursor - 1 } : layer;
}

/** The layer with the last undone edit back in effect. */
export function redoEdit(layer: EditLayer): EditLayer {
  return canRedo(layer) ? { ...layer, cursor: layer.cursor + 1 } : layer;
}
