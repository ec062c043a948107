import { beforeAll, describe, expect, it } from 'vitest';
import { listenResponseSchema } from '../../common/deepgram-response';
import { buildExportDocument } from '../../common/transcript/export-document';
import { defaultExportOptions, exportFormats, renderTextExport } from '../../common/transcript/export-formats';
import type { ExportOptions } from '../../common/transcript/export-formats';
import { channelKey, channelSpeakerKey, speakerKey, speakerNamesSchema, transcriptEditsSchema } from '../../common/transcript/export-input';
import type { EditedTranscript } from '../../common/transcript/export-input';
import { editedJsonFormat } from '../../common/transcript/json-export';
import { renderExport } from '../../main/services/export/export-service';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import {
  deepgramFixtures,
  diarizedFixture,
  docxParagraphs,
  makeResponse,
  parseSrt,
  parseVtt,
  prerecordedFixtureNames,
  readFixture,
  readFixtureJson,
  twoChannelFromDiarized,
  word,
} from '../support/export-helpers';

const optionSets: ExportOptions[] = [
  defaultExportOptions,
  { speakerLabels: false, timestamps: false, maxLineLength: 10, maxLinesPerCue: 1 },
  { speakerLabels: true, timestamps: false, maxLineLength: 200, maxLinesPerCue: 4 },
];

function edited(response: EditedTranscript['response'], extra: Partial<EditedTranscript> = {}): EditedTranscript {
  return { title: 'Test', response, speakerNames: {}, ...extra };
}

function txt(input: EditedTranscript, options: Partial<ExportOptions> = {}): string {
  return renderTextExport(input, 'txt', { ...defaultExportOptions, ...options });
}

describe.skipIf(skipsWithoutShared(deepgramFixtures))('exports of every recorded response', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
  beforeAll(() => requireShared(deepgramFixtures));

  it('renders every pre-recorded fixture to every format and option set without throwing', async () => {
    const names = prerecordedFixtureNames();
    expect(names.length).toBeGreaterThanOrEqual(9);
    let rendered = 0;
    for (const name of names) {
      const parsed = listenResponseSchema.safeParse(readFixtureJson(name));
      if (!parsed.success) {
        // The spec example's channels and utterances are `[{}]` placeholders: the library refuses to
        // store it, so it can never reach an export. Any other fixture failing here is a real gap.
        expect(name).toBe('prerecorded_spec_example_audio_intelligence.json');
        continue;
      }
      for (const options of optionSets) {
        const input = edited(parsed.data, { title: name, speakerNames: { [speakerKey(0)]: 'Ана 会議' } });
        for (const format of exportFormats) {
          const out = await renderExport(input, format, options);
          expect(out.data.length, `${name} ${format}`).toBeGreaterThan(0);
          rendered += 1;
        }
        parseSrt(renderTextExport(input, 'srt', options));
        parseVtt(renderTextExport(input, 'vtt', options));
      }
    }
    expect(rendered).toBeGreaterThanOrEqual(8 * exportFormats.length * optionSets.length);
  });

  it('loses no word: the captions hold every word of the transcript, in order', () => {
    for (const name of prerecordedFixtureNames().filter((n) => !n.includes('spec_example'))) {
      const response = readFixture(name);
      const expected = (response.results.channels[0]?.alternatives[0]?.words ?? []).map((w) => w.punctuated_word ?? w.word);
      const srt = parseSrt(renderTextExport(edited(response), 'srt', { ...defaultExportOptions, speakerLabels: false }));
      expect(srt.flatMap((c) => c.lines.join(' ').split(' ')), name).toEqual(expected);
      const paragraphs = buildExportDocument(edited(response)).segments;
      expect(paragraphs.flatMap((p) => p.text.split(' ')), name).toEqual(expected);
    }
  });

  it('reads words without punctuated_word (base model, no formatting)', () => {
    const response = readFixture('prerecorded_base_no_formatting_2023.json');
    const first = response.results.channels[0]?.alternatives[0]?.words[0];
    expect(first?.punctuated_word).toBeUndefined();
    expect(txt(edited(response), { timestamps: false })).toMatch(new RegExp(`^${first?.word ?? '?'} `));
  });

  it('splits on Deepgram paragraphs when there are no utterances, as when there are', () => {
    const withUtterances = buildExportDocument(edited(readFixture(diarizedFixture)));
    const without = buildExportDocument(edited(readFixture('prerecorded_nova2_diarize_paragraphs_no_utterances.json')));
    expect(without.segments.map((s) => [s.speaker, s.start])).toEqual(withUtterances.segments.map((s) => [s.speaker, s.start]));
  });

  it('puts summary v1 and v2 into Markdown and DOCX', async () => {
    for (const [name, start] of [
      ['prerecorded_base_summarize_v1_2023.json', 'My illness has made very little difference'],
      ['prerecorded_base_summarize_v2_2023.json', 'The speaker discusses their illness'],
      ['prerecorded_nova3_smart_format_summarize_v2_file.json', 'Speaker 1 discusses the goal'],
    ] as const) {
      const input = edited(readFixture(name));
      const md = renderTextExport(input, 'md', defaultExportOptions);
      expect(md, name).toContain(`## Summary\n\n${start}`);
      const docx = docxParagraphs((await renderExport(input, 'docx', defaultExportOptions)).data as Uint8Array);
      expect(docx[1], name).toBe('Summary');
      expect(docx[2], name).toMatch(new RegExp(`^${start}`));
    }
    expect(renderTextExport(edited(readFixture(diarizedFixture)), 'md', defaultExportOptions)).not.toContain('## Summary');
  });

  it('labels a two-channel recording You and Others, or the names given', () => {
    const response = twoChannelFromDiarized();
    const plain = txt(edited(response), { timestamps: false });
    expect(plain).toMatch(/^You: And, Jessica, Christina/);
    expect(plain).toContain('\n\nOthers: Drew, thank you so much.');
    const renamed = txt(edited(response, { speakerNames: { [channelKey(0)]: 'Drew Морган', [channelKey(1)]: '宇宙ステーション 🛰' } }), { timestamps: false });
    expect(renamed).toMatch(/^Drew Морган: And,/);
    expect(renamed).toContain('\n\n宇宙ステーション 🛰: Drew, thank you so much.');
    expect(renamed).not.toMatch(/\b(You|Others):/);
    const cues = parseSrt(renderTextExport(edited(response), 'srt', defaultExportOptions));
    expect(cues.length).toBeGreaterThan(20);
    expect(cues.filter((c) => c.lines[0]?.startsWith('You: ')).length).toBeGreaterThanOrEqual(2);
    expect(cues.filter((c) => c.lines[0]?.startsWith('Others: ')).length).toBeGreaterThanOrEqual(2);
  });

  it('numbers channels beyond two and names diarized speakers inside a channel', () => {
    const response = makeResponse([
      { words: [word('Hello', 0, 0.5, 0), word('there.', 0.5, 1, 1)] },
      { words: [word('Hi.', 2, 2.5)] },
      { words: [word('Bye.', 4, 4.5)] },
    ]);
    expect(txt(edited(response), { timestamps: false })).toBe('Channel 1 (Speaker 1): Hello\n\nChannel 1 (Speaker 2): there.\n\nChannel 2: Hi.\n\nChannel 3: Bye.\n');
    const named = txt(edited(response, { speakerNames: { [channelSpeakerKey(0, 1)]: 'Zoë', [channelKey(2)]: 'Hall' } }), { timestamps: false });
    expect(named).toBe('Channel 1 (Speaker 1): Hello\n\nZoë: there.\n\nChannel 2: Hi.\n\nHall: Bye.\n');
  });
});

describe('speaker names, edits and options', () => {
  const diarized = (): EditedTranscript['response'] =>
    makeResponse([
      {
        words: [word('Hello', 0, 0.4, 0), word('world.', 0.5, 1, 0), word('Good', 1.2, 1.5, 1), word('morning', 1.5, 2, 1), word('everyone.', 2, 2.6, 1)],
      },
    ]);

  it('numbers speakers from 1 by default and applies names, ignoring blank ones', () => {
    expect(txt(edited(diarized()))).toBe('[0:00] Speaker 1: Hello world.\n\n[0:01] Speaker 2: Good morning everyone.\n');
    const names = { [speakerKey(0)]: '  Anna  Karenina ', [speakerKey(1)]: '   ' };
    expect(txt(edited(diarized(), { speakerNames: names }))).toBe('[0:00] Anna Karenina: Hello world.\n\n[0:01] Speaker 2: Good morning everyone.\n');
  });

  it('keeps every format one name per line when a name holds line breaks or control characters', () => {
    const hostile = 'Eve\n\n2\n-->\u0007\u202e';
    const input = edited(diarized(), { speakerNames: { [speakerKey(0)]: hostile } });
    const srt = parseSrt(renderTextExport(input, 'srt', defaultExportOptions));
    expect(srt).toHaveLength(2);
    expect(srt[0]?.lines).toEqual(['Eve 2 →: Hello world.']);
    const vtt = parseVtt(renderTextExport(input, 'vtt', defaultExportOptions));
    expect(vtt[0]?.lines).toEqual(['<v Eve 2 --&gt;>Hello world.']);
    expect(txt(input).split('\n\n')).toHaveLength(2);
  });

  it('accepts only the documented name keys and edits at the boundary', () => {
    expect(speakerNamesSchema.safeParse({ [speakerKey(3)]: 'A', [channelKey(1)]: 'B', [channelSpeakerKey(1, 2)]: 'C' }).success).toBe(true);
    for (const key of ['3', 'speaker:', 'speaker:-1', 'channel:1:speaker', 'constructor', 'speaker:1 ']) {
      expect(speakerNamesSchema.safeParse({ [key]: 'x' }).success, key).toBe(false);
    }
    expect(speakerNamesSchema.parse(JSON.parse('{"__proto__": "x"}'))).toEqual({});
    expect(transcriptEditsSchema.safeParse({ ranges: [{ channel: 0, from: 1, to: 2, text: 'x' }] }).success).toBe(true);
    expect(transcriptEditsSchema.safeParse({ ranges: [{ channel: -1, from: 1, to: 2, text: 'x' }] }).success).toBe(false);
    expect(transcriptEditsSchema.safeParse({ ranges: [{ channel: 0, from: 0.5, to: 2, text: 'x' }] }).success).toBe(false);
  });

  it('replaces, deletes and inserts words, and reassigns a speaker', () => {
    const input = edited(diarized(), {
      edits: {
        ranges: [
          { channel: 0, from: 1, to: 2, text: 'Welt!' },
          { channel: 0, from: 3, to: 4, text: '' },
          { channel: 0, from: 5, to: 5, text: 'and goodbye.' },
        ],
      },
    });
    expect(txt(input, { timestamps: false })).toBe('Speaker 1: Hello Welt!\n\nSpeaker 2: Good everyone. and goodbye.\n');
    const moved = edited(diarized(), { edits: { ranges: [{ channel: 0, from: 2, to: 5, text: 'Guten Morgen alle.', speaker: 0 }] } });
    expect(txt(moved, { timestamps: false })).toBe('Speaker 1: Hello world. Guten Morgen alle.\n');
  });

  it('times replaced words within the span of the words they replace', () => {
    const input = edited(diarized(), { edits: { ranges: [{ channel: 0, from: 2, to: 5, text: 'aa bbbb cc' }] } });
    const words = buildExportDocument(input).segments[1]?.words ?? [];
    expect(words.map((w) => w.text)).toEqual(['aa', 'bbbb', 'cc']);
    expect(words[0]?.start).toBe(1.2);
    expect(words[2]?.end).toBe(2.6);
    expect(words[1]?.start).toBeCloseTo(1.2 + 1.4 * (2 / 8));
    for (const w of words) expect(w.end).toBeGreaterThanOrEqual(w.start);
  });

  it('ignores ranges that are out of bounds or overlap an earlier one', () => {
    const input = edited(diarized(), {
      edits: {
        ranges: [
          { channel: 0, from: 0, to: 2, text: 'Hi.' },
          { channel: 0, from: 1, to: 3, text: 'overlaps' },
          { channel: 0, from: 4, to: 9, text: 'beyond' },
          { channel: 0, from: 3, to: 2, text: 'backwards' },
          { channel: 3, from: 0, to: 1, text: 'no such channel' },
        ],
      },
    });
    expect(txt(input, { timestamps: false })).toBe('Speaker 1: Hi.\n\nSpeaker 2: Good morning everyone.\n');
  });

  it('turns speaker labels and timestamps off in TXT and Markdown', () => {
    const input = edited(diarized(), { title: 'Call' });
    expect(txt(input, { speakerLabels: false })).toBe('[0:00] Hello world.\n\n[0:01] Good morning everyone.\n');
    expect(txt(input, { speakerLabels: false, timestamps: false })).toBe('Hello world.\n\nGood morning everyone.\n');
    expect(renderTextExport(input, 'md', defaultExportOptions)).toBe('# Call\n\n[0:00] **Speaker 1:** Hello world.\n\n[0:01] **Speaker 2:** Good morning everyone.\n');
    expect(renderTextExport(input, 'md', { ...defaultExportOptions, speakerLabels: false, timestamps: false })).toBe('# Call\n\nHello world.\n\nGood morning everyone.\n');
  });

  it('escapes Markdown in titles, names and text', () => {
    const response = makeResponse([{ words: [word('#1', 0, 0.5), word('*really*', 0.5, 1), word('<b>', 1, 1.5)] }]);
    const md = renderTextExport(edited(response, { title: 'Q3_[draft]' }), 'md', { ...defaultExportOptions, timestamps: false });
    expect(md).toBe('# Q3\\_\\[draft\\]\n\n\\#1 \\*really\\* \\<b\\>\n');
  });

  it('exports a transcript without words: every format, no throw, empty captions', async () => {
    const empty = makeResponse([{ words: [], transcript: '' }], { duration: 0 });
    for (const format of exportFormats) {
      await expect(renderExport(edited(empty), format, defaultExportOptions)).resolves.toBeDefined();
    }
    expect(renderTextExport(edited(empty), 'srt', defaultExportOptions)).toBe('');
    expect(parseVtt(renderTextExport(edited(empty), 'vtt', defaultExportOptions))).toEqual([]);
    expect(txt(edited(empty))).toBe('');
    const docx = docxParagraphs((await renderExport(edited(empty), 'docx', defaultExportOptions)).data as Uint8Array);
    expect(docx).toEqual(['Test', 'No speech was recognized.']);
  });

  it('times a transcript that has text but no words across the audio', () => {
    const response = makeResponse([{ words: [], transcript: 'one two three four' }], { duration: 8 });
    const cues = parseSrt(renderTextExport(edited(response), 'srt', { ...defaultExportOptions, maxLineLength: 10, maxLinesPerCue: 1 }));
    expect(cues.map((c) => c.lines)).toEqual([['one two'], ['three four']]);
    expect(cues[0]?.startMs).toBe(0);
    expect(cues[1]?.endMs).toBe(8000);
  });

  it('writes the edited JSON with a format name, a version and the names applied', () => {
    const input = edited(diarized(), { speakerNames: { [speakerKey(1)]: 'Боб' }, edits: { ranges: [{ channel: 0, from: 0, to: 1, text: 'Hi' }] } });
    const json = JSON.parse(renderTextExport(input, 'json', defaultExportOptions)) as Record<string, unknown>;
    expect(json).toMatchObject({ format: editedJsonFormat, version: 1, title: 'Test', speakerNames: { 'speaker:1': 'Боб' } });
    expect(json['segments']).toMatchObject([
      { speaker: 0, label: 'Speaker 1', text: 'Hi world.', words: [{ text: 'Hi', start: 0, end: 0.4 }, { text: 'world.' }] },
      { speaker: 1, label: 'Боб', text: 'Good morning everyone.' },
    ]);
    const raw = JSON.parse(renderTextExport(input, 'deepgram-json', defaultExportOptions)) as unknown;
    expect(raw).toEqual(input.response);
  });
});
