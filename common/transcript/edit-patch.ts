import type { EditedParagraph, EditedSpeaker, EditedTranscript, ParagraphKey } from './edit-layer';

/**
 * What changed between two states of an edited transcript: a keystroke in a ten-hour transcript
 * sends one paragraph, not all of them.
 */
export interface EditPatch {
  /** Paragraphs that are new or differ; each carries its `order` to place it. */
  upserted: EditedParagraph[];
  removed: ParagraphKey[];
  /** The whole speaker list (short): names and counts change together. */
  speakers: EditedSpeaker[];
  ignoredOps: number;
}

function sameParagraph(a: EditedParagraph, b: EditedParagraph): boolean {
  if (a.words === b.words) return a.speaker === b.speaker && a.speakerName === b.speakerName;
  return (
    a.speaker === b.speaker &&
    a.speakerName === b.speakerName &&
    a.text === b.text &&
    a.words.length === b.words.length &&
    a.words.every((w, i) => {
      const v = b.words[i];
      return v !== undefined && w.text === v.text && w.start === v.start && w.end === v.end && w.interpolated === v.interpolated;
    })
  );
}

/** The changes that turn `before` into `after`. */
export function diffEditedTranscripts(before: EditedTranscript, after: EditedTranscript): EditPatch {
  const old = new Map(before.paragraphs.map((p) => [p.key, p]));
  const upserted: EditedParagraph[] = [];
  for (const paragraph of after.paragraphs) {
    const previous = old.get(paragraph.key);
    old.delete(paragraph.key);
    if (!previous || !sameParagraph(previous, paragraph)) upserted.push(paragraph);
  }
  return { upserted, removed: [...old.keys()], speakers: after.speakers, ignoredOps: after.ignoredOps };
}

/** `before` with a patch applied: what the renderer keeps in step with main. */
export function applyEditPatch(before: EditedTranscript, patch: EditPatch): EditedTranscript {
  const removed = new Set(patch.removed);
  const replaced = new Map(patch.upserted.map((p) => [p.key, p]));
  const kept = before.paragraphs.filter((p) => !removed.has(p.key) && !replaced.has(p.key));
  const paragraphs = [...kept, ...patch.upserted].sort((a, b) => a.order - b.order);
  return { ...before, paragraphs, speakers: patch.speakers, ignoredOps: patch.ignoredOps };
}
