import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addGap, applyCaptionUpdate, draftText, emptyDraft } from '../../common/live/caption-lines';
import type { CaptionSegment, CaptionUpdate, Lane, LiveDraft } from '../../common/live';
import { liveDraftSchema } from '../../common/live';

const id = 'rec-1';
const final = (lane: Lane, start: number, end: number, text: string, speaker?: number): CaptionSegment => ({ lane, start, end, text, ...(speaker === undefined ? {} : { speaker }) });
const update = (finals: CaptionSegment[], lineEnds: Lane[] = []): CaptionUpdate => ({ recordingId: id, finals, lineEnds });

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('applyCaptionUpdate', () => {
  it('appends finals to the open line until a line end, then starts a new line', () => {
    let draft = emptyDraft(id, 1);
    draft = applyCaptionUpdate(draft, update([final(0, 0, 1, 'Hello there.')]));
    draft = applyCaptionUpdate(draft, update([final(0, 1, 2, 'How are you?')], [0]));
    draft = applyCaptionUpdate(draft, update([final(0, 2.5, 3, 'Fine.')]));
    expect(draft.lines).toEqual([
      { lane: 0, start: 0, end: 2, text: 'Hello there. How are you?', closed: true },
      { lane: 0, start: 2.5, end: 3, text: 'Fine.', closed: false },
    ]);
    expect(liveDraftSchema.parse(draft)).toEqual(draft);
  });

  it('keeps two lanes apart and orders their lines by start', () => {
    let draft = emptyDraft(id, 2);
    draft = applyCaptionUpdate(draft, update([final(1, 0.5, 1.5, 'Others speak.')]));
    draft = applyCaptionUpdate(draft, update([final(0, 0.2, 1, 'I speak.')]));
    draft = applyCaptionUpdate(draft, update([final(1, 1.5, 2, 'Still others.')], [1]));
    expect(draft.lines.map((l) => [l.lane, l.start, l.text, l.closed])).toEqual([
      [0, 0.2, 'I speak.', false],
      [1, 0.5, 'Others speak. Still others.', true],
    ]);
  });

  it('starts a new line when the speaker changes on the same lane', () => {
    let draft = emptyDraft(id, 1);
    draft = applyCaptionUpdate(draft, update([final(0, 0, 1, 'Hi.', 0), final(0, 1, 2, 'Hello.', 1)]));
    expect(draft.lines).toEqual([
      { lane: 0, start: 0, end: 1, text: 'Hi.', speaker: 0, closed: true },
      { lane: 0, start: 1, end: 2, text: 'Hello.', speaker: 1, closed: false },
    ]);
  });

  it('skips empty finals, ignores other recordings, and returns the same draft when nothing changes', () => {
    const draft = deepFreeze(applyCaptionUpdate(emptyDraft(id, 1), update([final(0, 0, 1, 'One.')])));
    expect(applyCaptionUpdate(draft, update([final(0, 1, 2, '  ')]))).toBe(draft);
    expect(applyCaptionUpdate(draft, { ...update([final(0, 1, 2, 'Two.')]), recordingId: 'other' })).toBe(draft);
    expect(applyCaptionUpdate(draft, update([], [1]))).toBe(draft);
  });

  it('never changes the draft it is given, and shares the lines that did not change', () => {
    let draft = emptyDraft(id, 2);
    draft = applyCaptionUpdate(draft, update([final(0, 0, 1, 'A.')], [0]));
    draft = applyCaptionUpdate(draft, update([final(1, 0.5, 1, 'B.')]));
    const frozen = deepFreeze(draft);
    const next = applyCaptionUpdate(frozen, update([final(1, 1, 2, 'C.')]));
    expect(next.lines[0]).toBe(frozen.lines[0]);
    expect(next.lines[1]?.text).toBe('B. C.');
    expect(frozen.lines[1]?.text).toBe('B.');
  });
});

/** Updates as a live stream makes them: finals monotonic per lane, line ends anywhere. */
const streamArb = fc
  .array(
    fc.record({
      lane: fc.constantFrom<Lane>(0, 1),
      gap: fc.double({ min: 0, max: 2, noNaN: true }),
      length: fc.double({ min: 0, max: 3, noNaN: true }),
      text: fc.constantFrom('', 'alpha', 'beta gamma', 'delta.', 'ε ζ'),
      speaker: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
      endsLine: fc.boolean(),
      alsoEnds: fc.array(fc.constantFrom<Lane>(0, 1), { maxLength: 2 }),
    }),
    { maxLength: 60 },
  )
  .map((steps) => {
    const clock = [0, 0];
    return steps.map((s): CaptionUpdate => {
      const start = (clock[s.lane] ?? 0) + s.gap;
      const end = start + s.length;
      clock[s.lane] = end;
      return update([final(s.lane, start, end, s.text, s.speaker)], [...new Set([...(s.endsLine ? [s.lane] : []), ...s.alsoEnds])]);
    });
  });

describe('applyCaptionUpdate properties', () => {
  it('keeps lines ordered by start, one open line per lane, and every final word exactly once per lane', () => {
    fc.assert(
      fc.property(streamArb, (updates) => {
        let draft: LiveDraft = emptyDraft(id, 2);
        for (const u of updates) {
          // Frozen: a mutation throws in strict mode.
          draft = applyCaptionUpdate(deepFreeze(draft), u);
        }
        const starts = draft.lines.map((l) => l.start);
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        for (const lane of [0, 1] as const) {
          const laneLines = draft.lines.filter((l) => l.lane === lane);
          expect(laneLines.filter((l) => !l.closed).length).toBeLessThanOrEqual(1);
          const open = laneLines.findIndex((l) => !l.closed);
          if (open >= 0) expect(open).toBe(laneLines.length - 1);
          const sent = updates.flatMap((u) => u.finals).filter((f) => f.lane === lane && f.text.trim() !== '').map((f) => f.text);
          expect(laneLines.map((l) => l.text).join(' ')).toBe(sent.join(' '));
          for (const l of laneLines) expect(l.end).toBeGreaterThanOrEqual(l.start);
        }
        expect(liveDraftSchema.safeParse(draft).success).toBe(true);
        expect(draftText(draft).split('\n').length).toBe(Math.max(1, draft.lines.length));
      }),
      { numRuns: 300 },
    );
  });
});

describe('addGap', () => {
  it('adds a gap, extends one that it touches, and ignores an empty stretch', () => {
    let draft = deepFreeze(emptyDraft(id, 1));
    draft = addGap(draft, 0, 1.2344);
    expect(draft.gaps).toEqual([{ fromSec: 0, toSec: 1.234 }]);
    draft = addGap(draft, 1.239, 2);
    expect(draft.gaps).toEqual([{ fromSec: 0, toSec: 2 }]);
    draft = addGap(draft, 5, 6);
    expect(draft.gaps).toEqual([{ fromSec: 0, toSec: 2 }, { fromSec: 5, toSec: 6 }]);
    expect(addGap(draft, 7, 7)).toBe(draft);
  });
});
