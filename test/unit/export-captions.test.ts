import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { srt as captionsSrt } from '@deepgram/captions';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCueTime, visibleLength } from '../../common/transcript/caption-export';
import { buildExportDocument } from '../../common/transcript/export-document';
import { defaultExportOptions, renderTextExport } from '../../common/transcript/export-formats';
import type { ExportOptions } from '../../common/transcript/export-formats';
import { speakerKey } from '../../common/transcript/export-input';
import type { EditedTranscript } from '../../common/transcript/export-input';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import { deepgramFixtures, diarizedFixture, makeResponse, parseSrt, parseVtt, readFixture, twoChannelFromDiarized, vttLineText, word } from '../support/export-helpers';
import type { ParsedCue } from '../support/export-helpers';

const goldenDir = resolve(import.meta.dirname, '../fixtures/export-golden');
/** Set to rewrite the golden files from the current output; read them by eye before committing. */
const updateGolden = process.env['UPDATE_EXPORT_GOLDEN'] === '1';

/** The names the golden files are made with: Cyrillic, Japanese, emoji and spaces. */
const goldenNames = { [speakerKey(0)]: 'Drew Morgan', [speakerKey(1)]: 'Стефани 宇宙 🚀' };
const goldenOptions: ExportOptions = { ...defaultExportOptions, maxLineLength: 32 };

function input(response: EditedTranscript['response'], speakerNames: Record<string, string> = {}): EditedTranscript {
  return { title: 'Spacewalk — EVA 1', response, speakerNames };
}

/** Every visible line respects the length, unless it holds a single word that alone is longer. */
function expectLinesWithin(cues: ParsedCue[], max: number, text: (line: string) => string = (l) => l): void {
  for (const cue of cues) {
    for (const line of cue.lines.map(text)) {
      if (visibleLength(line) > max) {
        const withoutLabel = line.replace(/^[^:]*: /, '');
        expect(withoutLabel.includes(' '), `"${line}" is longer than ${max}`).toBe(false);
      }
    }
  }
}

describe('caption times', () => {
  it('writes HH:MM:SS,mmm for SRT and HH:MM:SS.mmm for WebVTT, hours past a day included', () => {
    expect(formatCueTime(0, ',')).toBe('00:00:00,000');
    expect(formatCueTime(3_040, ',')).toBe('00:00:03,040');
    expect(formatCueTime(59_999, '.')).toBe('00:00:59.999');
    expect(formatCueTime(3_600_000 + 62_005, '.')).toBe('01:01:02.005');
    expect(formatCueTime(100 * 3_600_000, ',')).toBe('100:00:00,000');
  });

  it('keeps every millisecond of Deepgram’s times (no truncation drift)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 36_000_000 }), (ms) => {
        const response = makeResponse([{ words: [word('tick', ms / 1000, (ms + 250) / 1000)] }], { duration: 36_001 });
        const [cue] = parseSrt(renderTextExport(input(response), 'srt', defaultExportOptions));
        expect(cue?.startMs).toBe(ms);
        expect(cue?.endMs).toBe(ms + 250);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps random word streams valid: ordered, never overlapping, lines within length, no word lost', () => {
    const wordArb = fc.record({
      text: fc.oneof(fc.constantFrom('a', 'hello,', 'Привет', '会議', '🚀', 'supercalifragilisticexpialidocious', 'x&y', '<i>'), fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /^\S+$/.test(s) && !s.includes('-->'))),
      gap: fc.integer({ min: 0, max: 3000 }),
      length: fc.integer({ min: 0, max: 900 }),
      speaker: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(wordArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 10, max: 60 }), fc.integer({ min: 1, max: 3 }), (specs, maxLineLength, maxLinesPerCue) => {
        let t = 0;
        const words = specs.map((s) => {
          const start = t + s.gap / 1000;
          t = start + s.length / 1000;
          return word(s.text, start, t, s.speaker);
        });
        const options = { ...defaultExportOptions, maxLineLength, maxLinesPerCue };
        const response = makeResponse([{ words }], { duration: t + 1 });
        const srt = parseSrt(renderTextExport(input(response), 'srt', options));
        const vtt = parseVtt(renderTextExport(input(response), 'vtt', options));
        expectLinesWithin(srt, maxLineLength);
        expectLinesWithin(vtt, maxLineLength, vttLineText);
        expect(srt.every((c) => c.lines.length <= maxLinesPerCue)).toBe(true);
        const cleaned = buildExportDocument(input(response)).segments.flatMap((s) => s.words.map((w) => w.text));
        expect(vtt.flatMap((c) => c.lines.map(vttLineText).join(' ').split(' '))).toEqual(cleaned);
      }),
      { numRuns: 200 },
    );
  });
});

describe.skipIf(skipsWithoutShared(deepgramFixtures))('captions of the recorded responses', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
  beforeAll(() => requireShared(deepgramFixtures));

  it('cue times are Deepgram’s word times: first word start to last word end', () => {
    const response = readFixture(diarizedFixture);
    const words = response.results.channels[0]?.alternatives[0]?.words ?? [];
    const cues = parseSrt(renderTextExport(input(response), 'srt', { ...defaultExportOptions, speakerLabels: false }));
    let next = 0;
    for (const cue of cues) {
      const count = cue.lines.join(' ').split(' ').length;
      const first = words[next];
      const last = words[next + count - 1];
      expect(cue.startMs).toBe(Math.round((first?.start ?? NaN) * 1000));
      expect(cue.endMs).toBe(Math.round((last?.end ?? NaN) * 1000));
      next += count;
    }
    expect(next).toBe(words.length);
  });

  it('holds the same words in the same order as @deepgram/captions, an independent cutter', () => {
    for (const name of [diarizedFixture, 'prerecorded_nova2_utterances_paragraphs.json', 'prerecorded_base_no_formatting_2023.json']) {
      const response = readFixture(name);
      const theirs = parseSrt(captionsSrt(response))
        .flatMap((c) => c.lines.filter((l) => !/^\[Speaker \d+\]$/.test(l)))
        .join(' ')
        .split(' ');
      const ours = parseSrt(renderTextExport(input(response), 'srt', { ...defaultExportOptions, speakerLabels: false })).flatMap((c) => c.lines.join(' ').split(' '));
      expect(ours, name).toEqual(theirs);
    }
  });

  it('does not use @deepgram/captions to write files: it drops milliseconds and throws on no words', () => {
    const response = makeResponse([{ words: [word('Tick.', 1.005, 2.001)] }]);
    expect(captionsSrt(response)).toContain('00:00:01,004 --> 00:00:02,001');
    expect(renderTextExport(input(response), 'srt', defaultExportOptions)).toContain('00:00:01,005 --> 00:00:02,001');
    expect(() => captionsSrt(makeResponse([{ words: [] }]))).toThrow();
  });

  it('never lets two channels’ cues overlap, whatever the lines per cue', () => {
    const response = twoChannelFromDiarized();
    for (const maxLinesPerCue of [1, 2, 3]) {
      const options = { ...defaultExportOptions, maxLinesPerCue };
      const srt = parseSrt(renderTextExport(input(response), 'srt', options));
      const vtt = parseVtt(renderTextExport(input(response), 'vtt', options));
      expectLinesWithin(srt, 42);
      expectLinesWithin(vtt, 42, vttLineText);
      expect(srt.every((c) => c.lines.length <= maxLinesPerCue)).toBe(true);
    }
  });

  it('cuts overlapping speech so each cue ends when the next begins', () => {
    const response = makeResponse([
      { words: [word('One', 0, 0.5), word('two', 0.5, 1), word('three.', 1, 3)] },
      { words: [word('Overlap', 2, 2.5), word('here.', 2.5, 4)] },
      { words: [word('Same', 2, 2.2), word('start.', 2.2, 2.4)] },
    ]);
    const cues = parseSrt(renderTextExport(input(response), 'srt', defaultExportOptions));
    expect(cues.map((c) => [c.startMs, c.endMs, c.lines[0]])).toEqual([
      [0, 2000, 'Channel 1: One two three.'],
      [2000, 2001, 'Channel 2: Overlap here.'],
      [2001, 2400, 'Channel 3: Same start.'],
    ]);
  });

  for (const [format, file] of [
    ['srt', 'diarized.srt'],
    ['vtt', 'diarized.vtt'],
    ['txt', 'diarized.txt'],
    ['md', 'diarized.md'],
  ] as const) {
    it(`matches the golden ${file} (renamed speakers, 32-character lines)`, () => {
      const out = renderTextExport(input(readFixture(diarizedFixture), goldenNames), format, goldenOptions);
      const path = join(goldenDir, file);
      if (updateGolden || !existsSync(path)) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(path, out);
      }
      expect(out).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('golden SRT and VTT are valid, within 32 characters, and carry the names', () => {
    const srt = parseSrt(readFileSync(join(goldenDir, 'diarized.srt'), 'utf8'));
    const vtt = parseVtt(readFileSync(join(goldenDir, 'diarized.vtt'), 'utf8'));
    expectLinesWithin(srt, 32);
    expectLinesWithin(vtt, 32, vttLineText);
    expect(srt[0]?.lines[0]).toBe('Drew Morgan: And,');
    expect(srt.some((c) => c.lines[0]?.startsWith('Стефани 宇宙 🚀: '))).toBe(true);
    expect(vtt.some((c) => c.lines[0]?.startsWith('<v Стефани 宇宙 🚀>'))).toBe(true);
    expect(srt.some((c) => c.lines[0]?.startsWith('Speaker 3: '))).toBe(true);
    expect(srt.flatMap((c) => c.lines).join('\n')).not.toMatch(/Speaker [12]\b/);
  });
});
