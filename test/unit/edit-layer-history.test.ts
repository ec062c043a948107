import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { canRedo, canUndo, pushEdit, redoEdit, undoEdit } from '../../common/transcript/edit-history';
import { applyEditsToSource, editLayerSchema, emptyEditLayer } from '../../common/transcript/edit-layer';
import type { EditedTranscript, EditLayer, EditOp } from '../../common/transcript/edit-layer';
import { applyEditPatch, diffEditedTranscripts } from '../../common/transcript/edit-patch';
import { buildSourceTranscript } from '../../common/transcript/source-transcript';
import type { SourceTranscript } from '../../common/transcript/source-transcript';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import { deepgramFixtures, loadResponse } from '../support/transcript-fixtures';

const fixture = 'prerecorded_nova2_diarize_utterances_paragraphs.json';

type Action = { kind: 'push'; op: EditOp } | { kind: 'undo' } | { kind: 'redo' };

/** Operations on the real paragraphs and speakers of the response, as a person would make them. */
function opArbitrary(source: SourceTranscript): fc.Arbitrary<EditOp> {
  const keys = source.paragraphs.map((p) => p.key);
  const speaker = fc.constantFrom('s0', 's1', 's2', 's3');
  const paragraph = fc.constantFrom(...keys);
  const words = fc.array(fc.constantFrom('yes', 'no', 'Houston,', 'copy.', 'the', 'hatch'), { maxLength: 6 });
  return fc.oneof(
    paragraph.map((key) => ({ type: 'editParagraphText' as const, paragraph: key, text: '' })),
    fc.record({ type: fc.constant('renameSpeaker' as const), speaker, name: fc.constantFrom('Ana', 'Bo', '', 'Chris') }),
    fc.record({ type: fc.constant('mergeSpeakers' as const), from: speaker, into: speaker }),
    fc.record({ type: fc.constant('reassignParagraph' as const), paragraph, speaker: fc.option(speaker, { nil: null }) }),
    // Edits keep some of the paragraph's words, drop others and add new ones.
    fc.record({ paragraph, keep: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), words }).map(({ paragraph: key, keep, words: added }) => {
      const old = source.byKey.get(key)?.words ?? [];
      const kept = old.filter((_, i) => keep[i % keep.length]).map((w) => w.text);
      kept.splice(kept.length >> 1, 0, ...added);
      return { type: 'editParagraphText' as const, paragraph: key, text: kept.join(' ') };
    }),
  );
}

function actionArbitrary(source: SourceTranscript): fc.Arbitrary<Action[]> {
  const push = opArbitrary(source).map((op): Action => ({ kind: 'push', op }));
  return fc.array(fc.oneof({ arbitrary: push, weight: 3 }, { arbitrary: fc.constant<Action>({ kind: 'undo' }), weight: 1 }, { arbitrary: fc.constant<Action>({ kind: 'redo' }), weight: 1 }), { maxLength: 30 });
}

/** The model an independent done/undone stack says should be shown, computed afresh (nothing cached from earlier states). */
function referenceModel(done: EditOp[]): EditedTranscript {
  const layer: EditLayer = { ...emptyEditLayer(), entries: done.map((op, i) => ({ at: i, op })), cursor: done.length };
  return applyEditsToSource(buildSourceTranscript(loadResponse(fixture)), layer);
}

/** What the app would read back from disk. */
function roundTrip(layer: EditLayer): EditLayer {
  return editLayerSchema.parse(JSON.parse(JSON.stringify(layer)));
}

describe.skipIf(skipsWithoutShared(deepgramFixtures))('edit history', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
  beforeAll(() => requireShared(deepgramFixtures));
  const source = (): SourceTranscript => buildSourceTranscript(loadResponse(fixture));

  it('applying edits then undoing them all gives the original back; redoing them all gives the edits back', () => {
    const src = source();
    const original = applyEditsToSource(src, emptyEditLayer());
    fc.assert(
      fc.property(fc.array(opArbitrary(src), { minLength: 1, maxLength: 25 }), (ops) => {
        // Far apart in time: one undo step each.
        let layer = ops.reduce((l, op, i) => pushEdit(l, op, src, i * 5000), emptyEditLayer());
        const edited = applyEditsToSource(src, layer);
        while (canUndo(layer)) layer = roundTrip(undoEdit(layer));
        expect(layer.cursor).toBe(0);
        expect(applyEditsToSource(src, layer)).toEqual(original);
        while (canRedo(layer)) layer = roundTrip(redoEdit(layer));
        expect(applyEditsToSource(src, layer)).toEqual(edited);
      }),
      { numRuns: 80 },
    );
  });

  it('matches a plain undo/redo stack for any mix of edits, undos and redos: a new edit drops what was undone', () => {
    const src = source();
    fc.assert(
      fc.property(actionArbitrary(src), (actions) => {
        let layer = emptyEditLayer();
        let done: EditOp[] = [];
        let undone: EditOp[] = [];
        actions.forEach((action, i) => {
          if (action.kind === 'push') {
            layer = pushEdit(layer, action.op, src, i * 5000);
            done = [...done, action.op];
            undone = [];
          } else if (action.kind === 'undo') {
            layer = undoEdit(layer);
            const last = done.at(-1);
            if (last) [done, undone] = [done.slice(0, -1), [...undone, last]];
          } else {
            layer = redoEdit(layer);
            const next = undone.at(-1);
            if (next) [done, undone] = [[...done, next], undone.slice(0, -1)];
          }
          expect(canUndo(layer)).toBe(done.length > 0);
          expect(canRedo(layer)).toBe(undone.length > 0);
        });
        expect(applyEditsToSource(src, roundTrip(layer))).toEqual(referenceModel(done));
      }),
      { numRuns: 120 },
    );
  });

  it('folds the oldest steps beyond the bound into the base without changing the transcript', () => {
    const src = source();
    fc.assert(
      fc.property(fc.array(opArbitrary(src), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 5 }), (ops, bound) => {
        let bounded = emptyEditLayer();
        let unbounded = emptyEditLayer();
        ops.forEach((op, i) => {
          bounded = roundTrip(pushEdit(bounded, op, src, i * 5000, { maxEntries: bound }));
          unbounded = pushEdit(unbounded, op, src, i * 5000);
        });
        expect(bounded.entries.length).toBe(Math.min(bound, ops.length));
        expect(applyEditsToSource(src, bounded)).toEqual(applyEditsToSource(src, unbounded));
        // Undo reaches back only as far as the bound; what it reaches matches the unbounded log there.
        let steps = 0;
        while (canUndo(bounded)) {
          bounded = undoEdit(bounded);
          unbounded = undoEdit(unbounded);
          steps += 1;
        }
        expect(steps).toBe(Math.min(bound, ops.length));
        expect(applyEditsToSource(src, bounded)).toEqual(applyEditsToSource(src, unbounded));
      }),
      { numRuns: 80 },
    );
  });

  it('sends only what changed: patches applied one after another rebuild every state', () => {
    const src = source();
    fc.assert(
      fc.property(actionArbitrary(src), (actions) => {
        let layer = emptyEditLayer();
        let shown = applyEditsToSource(src, layer);
        actions.forEach((action, i) => {
          const before = applyEditsToSource(src, layer);
          layer = action.kind === 'push' ? pushEdit(layer, action.op, src, i * 5000) : action.kind === 'undo' ? undoEdit(layer) : redoEdit(layer);
          const after = applyEditsToSource(src, layer);
          const patch = diffEditedTranscripts(before, after);
          const changed = after.paragraphs.filter((p) => JSON.stringify(p) !== JSON.stringify(before.paragraphs.find((q) => q.key === p.key)));
          expect(patch.upserted.map((p) => p.key)).toEqual(changed.map((p) => p.key));
          shown = applyEditPatch(shown, patch);
          expect(shown).toEqual(after);
          expect(after).toEqual(applyEditsToSource(buildSourceTranscript(loadResponse(fixture)), layer));
        });
      }),
      { numRuns: 80 },
    );
  });

  it('finds no change between equal models built apart, and exactly the paragraph that differs', () => {
    const response = loadResponse(fixture);
    const fresh = (): EditedTranscript => applyEditsToSource(buildSourceTranscript(response), emptyEditLayer());
    expect(diffEditedTranscripts(fresh(), fresh())).toEqual({ upserted: [], removed: [], speakers: fresh().speakers, ignoredOps: 0 });
    const changes: ((p: { speaker: string | null; speakerName: string | null; text: string; words: { text: string; start: number; end: number; interpolated: boolean }[] }) => void)[] = [
      (p) => (p.speaker = 's9'),
      (p) => (p.speakerName = 'Other'),
      (p) => (p.text = `${p.text}!`),
      (p) => p.words.pop(),
      (p) => ((p.words[1] ?? { text: '' }).text = 'changed'),
      (p) => ((p.words[1] ?? { start: 0 }).start += 0.01),
      (p) => ((p.words[1] ?? { end: 0 }).end += 0.01),
      (p) => ((p.words[1] ?? { interpolated: false }).interpolated = true),
    ];
    changes.forEach((change, i) => {
      const after = structuredClone(fresh());
      const target = after.paragraphs[i];
      if (!target) throw new Error('too few paragraphs');
      change(target as unknown as Parameters<typeof change>[0]);
      expect(diffEditedTranscripts(fresh(), after).upserted.map((p) => p.key), `change ${i}`).toEqual([target.key]);
    });
  });

  it('makes keystrokes in one paragraph within a second one undo step, and nothing else', () => {
    const src = source();
    const [first, second] = src.paragraphs;
    if (!first || !second) throw new Error('fixture has fewer than two paragraphs');
    const text = first.words.map((w) => w.text).join(' ');
    const typing = (suffix: string): EditOp => ({ type: 'editParagraphText', paragraph: first.key, text: `${text}${suffix}` });
    const original = applyEditsToSource(src, emptyEditLayer());

    let layer = emptyEditLayer();
    layer = pushEdit(layer, typing(' H'), src, 10_000);
    layer = pushEdit(layer, typing(' He'), src, 10_400);
    layer = pushEdit(layer, typing(' Hel'), src, 11_300);
    expect(layer.entries).toHaveLength(1);
    expect(applyEditsToSource(src, layer).paragraphs[0]?.text).toBe(`${text} Hel`);
    expect(applyEditsToSource(src, undoEdit(layer))).toEqual(original);

    // A pause longer than a second starts a new step; exactly a second still coalesces.
    layer = pushEdit(layer, typing(' Hello'), src, 12_301);
    expect(layer.entries).toHaveLength(2);
    layer = pushEdit(layer, typing(' Hello!'), src, 13_301);
    expect(layer.entries).toHaveLength(2);
    expect(applyEditsToSource(src, layer).paragraphs[0]?.text).toBe(`${text} Hello!`);
    expect(applyEditsToSource(src, undoEdit(layer)).paragraphs[0]?.text).toBe(`${text} Hel`);
    // A clock that went back is not "within a second".
    expect(pushEdit(layer, typing(' Hello?'), src, 13_000).entries).toHaveLength(3);
    // Another paragraph, or another kind of edit, is its own step even right away.
    layer = pushEdit(layer, { type: 'editParagraphText', paragraph: second.key, text: 'Other.' }, src, 13_302);
    layer = pushEdit(layer, { type: 'renameSpeaker', speaker: 's0', name: 'Ana' }, src, 13_303);
    layer = pushEdit(layer, { type: 'renameSpeaker', speaker: 's0', name: 'Anabel' }, src, 13_304);
    layer = pushEdit(layer, { type: 'reassignParagraph', paragraph: first.key, speaker: 's2' }, src, 13_305);
    layer = pushEdit(layer, typing(' Hello!!'), src, 13_306);
    expect(layer.entries).toHaveLength(7);
    layer = undoEdit(layer);
    expect(layer.entries.at(-1)?.op).toEqual({ type: 'editParagraphText', paragraph: first.key, text: `${text} Hello!!` });

    // After an undo, typing again never folds into the undone step, and drops it.
    layer = undoEdit(undoEdit(undoEdit(undoEdit(layer))));
    expect(canRedo(layer)).toBe(true);
    layer = pushEdit(layer, typing(' Help'), src, 13_307);
    expect(layer.entries).toHaveLength(3);
    expect(canRedo(layer)).toBe(false);
    expect(applyEditsToSource(src, layer).paragraphs[0]?.text).toBe(`${text} Help`);
    expect(applyEditsToSource(src, undoEdit(layer)).paragraphs[0]?.text).toBe(`${text} Hello!`);
  });

  it('refuses damaged or unknown layers when read', () => {
    const good = pushEdit(emptyEditLayer(), { type: 'renameSpeaker', speaker: 's0', name: 'Ana' }, source(), 1);
    expect(editLayerSchema.safeParse(good).success).toBe(true);
    expect(editLayerSchema.safeParse({ ...good, version: 2 }).success).toBe(false);
    expect(editLayerSchema.safeParse({ ...good, cursor: 2 }).success).toBe(false);
    expect(editLayerSchema.safeParse({ ...good, entries: [{ at: 1, op: { type: 'renameSpeaker', speaker: '../x', name: 'a' } }] }).success).toBe(false);
    expect(editLayerSchema.safeParse({ ...good, entries: [{ at: 1, op: { type: 'deleteEverything' } }] }).success).toBe(false);
  });
});
