import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { listenResponseSchema } from '../../common/deepgram-response';
import type { ListenResponse } from '../../common/deepgram-response';
import { pushEdit } from '../../common/transcript/edit-history';
import { applyEdits, applyEditsToSource, defaultSpeakerName, editLayerSchema, emptyEditLayer } from '../../common/transcript/edit-layer';
import type { EditedParagraph, EditedTranscript, EditLayer, EditOp } from '../../common/transcript/edit-layer';
import { toParagraphs } from '../../common/transcript/paragraphs';
import { buildSourceTranscript } from '../../common/transcript/source-transcript';
import type { TimedWord } from '../../common/transcript/source-transcript';
import { requireShared, skipsWithoutShared } from '../support/shared-dir';
import { deepgramFixtures, loadAllResponses, loadResponse, twoChannelResponse, without } from '../support/transcript-fixtures';

const diarized = 'prerecorded_nova2_diarize_utterances_paragraphs.json';
const plain = 'prerecorded_nova3_smart_format_summarize_v2_file.json';

/** A layer with the ops in effect, one undo step each. */
function layerOf(response: ListenResponse, ops: EditOp[]): EditLayer {
  const source = buildSourceTranscript(response);
  return ops.reduce((layer, op, i) => pushEdit(layer, op, source, i * 10_000), emptyEditLayer());
}

function edited(response: ListenResponse, ops: EditOp[]): EditedTranscript {
  // Through the file schema too: what is applied is what would be read back from disk.
  return applyEdits(response, editLayerSchema.parse(JSON.parse(JSON.stringify(layerOf(response, ops)))));
}

function paragraph(model: EditedTranscript, key: string): EditedParagraph {
  const found = model.paragraphs.find((p) => p.key === key);
  if (!found) throw new Error(`no paragraph ${key}`);
  return found;
}

const bare = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Times are in order, inside [start, end], and no word overlaps the next. */
function expectOrderedWithin(words: readonly TimedWord[], start: number, end: number): void {
  words.forEach((w, i) => {
    expect(w.start).toBeGreaterThanOrEqual(start);
    expect(w.end).toBeLessThanOrEqual(end);
    expect(w.end).toBeGreaterThanOrEqual(w.start);
    const next = words[i + 1];
    if (next) expect(next.start).toBeGreaterThanOrEqual(w.end);
  });
}

describe('edit layer over hand-made shapes', () => {
  const word = (text: string, start: number, end: number): Record<string, unknown> => ({ word: text, start, end });
  const parse = (results: Record<string, unknown>): ListenResponse => listenResponseSchema.parse({ metadata: { duration: 20 }, results });

  it('trusts Deepgram\'s word counts over start times that drift across a paragraph boundary', () => {
    const words = [word('one', 0, 0.5), word('two', 0.5, 0.99), word('three', 1, 1.5)];
    const response = parse({
      channels: [{ alternatives: [{ transcript: 'one two three', words, paragraphs: { paragraphs: [
        { start: 0, end: 0.5, num_words: 1, sentences: [{ text: 'one', start: 0, end: 0.5 }] },
        { start: 0.9, end: 1.5, num_words: 2, sentences: [{ text: 'two three', start: 0.9, end: 1.5 }] },
      ] } }] }],
    });
    expect(applyEdits(response, emptyEditLayer()).paragraphs.map((p) => [p.key, p.text])).toEqual([['0:0', 'one'], ['0:1', 'two three']]);
  });

  it('splits speakerless utterances at long pauses, as toParagraphs does', () => {
    const response = parse({
      channels: [{ alternatives: [{ transcript: 'a b c', words: [word('a', 0, 1), word('b', 1.5, 2), word('c', 9, 10)] }] }],
      utterances: [
        { start: 0, end: 1, transcript: 'a', channel: 0, words: [] },
        { start: 1.5, end: 2, transcript: 'b', channel: 0, words: [] },
        { start: 9, end: 10, transcript: 'c', channel: 0, words: [] },
      ],
    });
    expect(applyEdits(response, emptyEditLayer()).paragraphs.map((p) => p.text)).toEqual(toParagraphs(response).map((p) => p.text));
    expect(applyEdits(response, emptyEditLayer()).paragraphs.map((p) => p.text)).toEqual(['a b', 'c']);
  });
});

describe.skipIf(skipsWithoutShared(deepgramFixtures))('edit layer over recorded responses', { meta: { skipReason: `no Deepgram fixtures: ${deepgramFixtures.reason}` } }, () => {
  beforeAll(() => requireShared(deepgramFixtures));

  it('without edits, shows channel 0 as toParagraphs does and every word exactly once with its own time', () => {
    const responses = loadAllResponses();
    expect(responses.size).toBeGreaterThanOrEqual(8);
    for (const [name, response] of responses) {
      for (const variant of [response, without(response, 'paragraphs'), without(without(response, 'paragraphs'), 'utterances'), without(without(without(response, 'paragraphs'), 'utterances'), 'punctuation')]) {
        const model = applyEdits(variant, emptyEditLayer());
        const expected = toParagraphs(variant).map((p) => ({ text: p.text, speaker: p.speaker === null ? null : `s${p.speaker}` }));
        expect(model.paragraphs.map((p) => ({ text: p.text, speaker: p.speaker })), name).toEqual(expected);
        const words = variant.results.channels[0]?.alternatives[0]?.words ?? [];
        if (words.length > 0) {
          expect(model.paragraphs.flatMap((p) => p.words.map((w) => [w.text, w.start, w.end])), name).toEqual(words.map((w) => [w.punctuated_word ?? w.word, w.start, w.end]));
        }
        expect(model.paragraphs.every((p) => !p.edited)).toBe(true);
      }
    }
  });

  it('finds the same paragraphs from word counts, from start times alone, and from words kept only in utterances', () => {
    const response = loadResponse(diarized);
    const expected = applyEdits(response, emptyEditLayer()).paragraphs.map((p) => [p.key, p.speaker, p.text, p.start]);
    const uncounted = structuredClone(response);
    for (const p of uncounted.results.channels[0]?.alternatives[0]?.paragraphs?.paragraphs ?? []) delete p['num_words'];
    expect(applyEdits(uncounted, emptyEditLayer()).paragraphs.map((p) => [p.key, p.speaker, p.text, p.start])).toEqual(expected);

    const utterances = without(response, 'paragraphs');
    const fromChannel = applyEdits(utterances, emptyEditLayer()).paragraphs;
    const onlyInUtterances = without(utterances, 'words');
    expect(onlyInUtterances.results.utterances?.length).toBeGreaterThan(0);
    expect(applyEdits(onlyInUtterances, emptyEditLayer()).paragraphs).toEqual(fromChannel);
  });

  it('spreads the sentences of paragraphs that come without words over each paragraph', () => {
    const response = without(without(loadResponse(diarized), 'utterances'), 'words');
    const paragraphs = response.results.channels[0]?.alternatives[0]?.paragraphs?.paragraphs ?? [];
    const model = applyEdits(response, emptyEditLayer());
    expect(model.paragraphs.map((p) => p.text)).toEqual(toParagraphs(response).map((p) => p.text));
    model.paragraphs.forEach((p, i) => {
      expect(p.words.every((w) => w.interpolated)).toBe(true);
      expectOrderedWithin(p.words, paragraphs[i]?.start ?? NaN, paragraphs[i]?.end ?? NaN);
    });
    expect(new Set(model.paragraphs.map((p) => p.key)).size).toBe(paragraphs.length);
  });

  it('reads the unpunctuated words of a response without punctuated_word', () => {
    const model = applyEdits(loadResponse('prerecorded_base_no_formatting_2023.json'), emptyEditLayer());
    const text = model.paragraphs.map((p) => p.text).join(' ');
    expect(text).toMatch(/^[a-z' ]+$/);
    expect(text.split(' ')).toHaveLength(49);
  });

  it('renames a speaker in every paragraph and nowhere else', () => {
    const response = loadResponse(diarized);
    const before = applyEdits(response, emptyEditLayer());
    expect(before.speakers.map((s) => s.name)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 3']);
    const after = edited(response, [{ type: 'renameSpeaker', speaker: 's1', name: '  Ana  ' }]);
    expect(after.paragraphs.map((p) => p.speakerName)).toEqual(before.paragraphs.map((p) => (p.speaker === 's1' ? 'Ana' : p.speakerName)));
    expect(after.paragraphs.map((p) => p.speaker)).toEqual(before.paragraphs.map((p) => p.speaker));
    expect(after.paragraphs.filter((p) => p.speakerName === 'Ana').length).toBeGreaterThan(2);
    expect(after.speakers.find((s) => s.key === 's1')).toMatchObject({ name: 'Ana', defaultName: 'Speaker 2' });
    // An empty name gives the default back.
    const reset = edited(response, [{ type: 'renameSpeaker', speaker: 's1', name: 'Ana' }, { type: 'renameSpeaker', speaker: 's1', name: ' ' }]);
    expect(reset).toEqual(before);
  });

  it('merges one speaker into another: the merged paragraphs take the name and the speaker list shrinks', () => {
    const response = loadResponse(diarized);
    const before = applyEdits(response, emptyEditLayer());
    const after = edited(response, [
      { type: 'renameSpeaker', speaker: 's0', name: 'Host' },
      { type: 'mergeSpeakers', from: 's1', into: 's0' },
    ]);
    const merged = (p: EditedParagraph): boolean => p.speaker === 's0' || p.speaker === 's1';
    expect(after.paragraphs.map((p) => [p.key, p.speaker, p.speakerName, p.text])).toEqual(
      before.paragraphs.map((p) => [p.key, merged(p) ? 's0' : p.speaker, merged(p) ? 'Host' : p.speakerName, p.text]),
    );
    expect(after.speakers).toEqual([
      { key: 's0', name: 'Host', defaultName: 'Speaker 1', paragraphs: before.paragraphs.filter(merged).length },
      { key: 's2', name: 'Speaker 3', defaultName: 'Speaker 3', paragraphs: before.paragraphs.filter((p) => p.speaker === 's2').length },
    ]);
    // Merging back and forth ends with everyone under the last target.
    const twice = edited(response, [{ type: 'mergeSpeakers', from: 's0', into: 's1' }, { type: 'mergeSpeakers', from: 's1', into: 's0' }]);
    expect(twice.paragraphs.map((p) => p.speaker)).toEqual(before.paragraphs.map((p) => (merged(p) ? 's0' : p.speaker)));
  });

  it('reassigns one paragraph, by a key that survives edits of other paragraphs', () => {
    const response = loadResponse(diarized);
    const before = applyEdits(response, emptyEditLayer());
    const [first, second, third] = before.paragraphs;
    if (!first || !second || !third) throw new Error('fixture has fewer than three paragraphs');
    const after = edited(response, [
      { type: 'editParagraphText', paragraph: first.key, text: '' },
      { type: 'editParagraphText', paragraph: second.key, text: `Inserted words. ${second.text}` },
      { type: 'reassignParagraph', paragraph: third.key, speaker: 's7' },
      { type: 'renameSpeaker', speaker: 's7', name: 'Guest' },
    ]);
    expect(after.paragraphs.map((p) => p.key)).toEqual(before.paragraphs.slice(1).map((p) => p.key));
    expect(paragraph(after, third.key)).toMatchObject({ speaker: 's7', speakerName: 'Guest', text: third.text });
    expect(after.paragraphs.filter((p) => p.key !== third.key).map((p) => p.speaker)).toEqual(before.paragraphs.slice(1).filter((p) => p.key !== third.key).map((p) => p.speaker));
    expect(paragraph(after, second.key).text).toBe(`Inserted words. ${second.text}`);
    // To nobody in particular.
    expect(paragraph(edited(response, [{ type: 'reassignParagraph', paragraph: third.key, speaker: null }]), third.key)).toMatchObject({ speaker: null, speakerName: null });
  });

  it('keeps the times of surviving words and spreads inserted words over the gap they fill', () => {
    const response = loadResponse(plain);
    const original = applyEdits(response, emptyEditLayer()).paragraphs[0];
    if (!original) throw new Error('no paragraph');
    const old = original.words;
    const texts = old.map((w) => w.text);
    // Replace word 3, insert two words after word 10, insert at the start and at the end, delete word 20, fix case of word 5.
    const next = [...texts];
    next[20] = '';
    next[10] = `${next[10]} really truly`;
    next[5] = (next[5] ?? '').toUpperCase();
    next[3] = 'REPLACED';
    const text = `Well, ${next.filter((t) => t !== '').join(' ')} indeed.`;
    const model = edited(response, [{ type: 'editParagraphText', paragraph: original.key, text }]);
    const words = paragraph(model, original.key).words;
    expect(words.map((w) => w.text).join(' ')).toBe(text);
    expect(paragraph(model, original.key).edited).toBe(true);

    const byText = (t: string, from = 0): TimedWord => {
      const found = words.slice(from).find((w) => w.text === t);
      if (!found) throw new Error(`no word ${t}`);
      return found;
    };
    // Survivors: every old word but 3 and 20 keeps its exact time, including the recased one.
    for (const i of old.keys()) {
      if (i === 3 || i === 20) continue;
      const survivor = words.find((w) => w.start === old[i]?.start && w.end === old[i]?.end && !w.interpolated);
      expect(survivor?.text.toLowerCase(), `word ${i}`).toBe(old[i]?.text.toLowerCase());
    }
    // The replacement takes exactly the replaced word's place.
    expect(byText('REPLACED')).toMatchObject({ start: old[3]?.start, end: old[3]?.end, interpolated: true });
    // Inserted in the middle: between word 10's end and word 11's start, in order.
    const really = byText('really');
    const truly = byText('truly');
    expect(really.start).toBe(old[10]?.end);
    expect(truly.end).toBe(old[11]?.start);
    expect(really.end).toBeLessThanOrEqual(truly.start);
    // At the edges: inside the paragraph's span.
    expect(byText('Well,').end).toBeLessThanOrEqual(old[0]?.start ?? NaN);
    expect(byText('indeed.').start).toBeGreaterThanOrEqual(old.at(-1)?.end ?? NaN);
    // Added at the edges: in the silence beside the paragraph, a word's worth (0.3 s) each, never reaching a neighbour.
    const room = buildSourceTranscript(response).byKey.get(original.key)?.room;
    if (!room) throw new Error('no room');
    expect(room.start).toBeLessThan(original.start);
    expect(byText('Well,')).toMatchObject({ start: Math.max(room.start, original.start - 0.3), end: original.start });
    expect(byText('indeed.')).toMatchObject({ start: original.end, end: Math.min(room.end, original.end + 0.3) });
    expect(byText('indeed.').end).toBeGreaterThan(byText('indeed.').start);
    expectOrderedWithin(words, room?.start ?? NaN, room?.end ?? NaN);
    expect(words.filter((w) => w.interpolated).map((w) => w.text)).toEqual(['Well,', 'REPLACED', 'really', 'truly', 'indeed.']);
  });

  it('shows a one-word correction, and the same correction made twice the same way', () => {
    const response = loadResponse(plain);
    const original = applyEdits(response, emptyEditLayer()).paragraphs[0];
    if (!original) throw new Error('no paragraph');
    const texts = original.words.map((w) => w.text);
    texts[2] = 'Corrected';
    const op: EditOp = { type: 'editParagraphText', paragraph: original.key, text: texts.join(' ') };
    const source = buildSourceTranscript(response);
    const once = applyEditsToSource(source, pushEdit(emptyEditLayer(), op, source, 0));
    expect(paragraph(once, original.key)).toMatchObject({ text: texts.join(' '), edited: true });
    expect(paragraph(once, original.key).words[2]).toMatchObject({ text: 'Corrected', start: original.words[2]?.start, end: original.words[2]?.end });
    // Another correction of the same words in the same session is not confused with the first.
    texts[2] = 'Again';
    const other = applyEditsToSource(source, pushEdit(emptyEditLayer(), { ...op, text: texts.join(' ') }, source, 0));
    expect(paragraph(other, original.key).text).toBe(texts.join(' '));
  });

  it('gives each paragraph room for added words only in the silence up to its neighbours on the channel', () => {
    for (const response of [loadResponse(diarized), twoChannelResponse(loadResponse(diarized), loadResponse(plain))]) {
      const source = buildSourceTranscript(response);
      for (let c = 0; c < source.channels; c += 1) {
        const own = source.paragraphs.filter((p) => p.channel === c);
        own.forEach((p, i) => {
          expect(p.room.start).toBeLessThanOrEqual(p.start);
          expect(p.room.end).toBeGreaterThanOrEqual(p.end);
          expect(p.room.start).toBeGreaterThanOrEqual(Math.max(own[i - 1]?.end ?? 0, p.start - 1));
          expect(p.room.end).toBeLessThanOrEqual(Math.min(own[i + 1]?.start ?? Infinity, p.end + 1));
        });
      }
    }
  });

  it('names speakers Speaker n, channels You and Others (two) or Channel n (more), and lists only those who read', () => {
    expect(applyEdits(loadResponse(plain), emptyEditLayer()).speakers).toEqual([]);
    expect([['s0', 1], ['s12', 1], ['ch0', 2], ['ch1', 2], ['ch0', 3], ['ch11', 12], ['ch1.s10', 2], ['ch2.s0', 3]].map(([key, channels]) => defaultSpeakerName(String(key), Number(channels)))).toEqual([
      'Speaker 1', 'Speaker 13', 'You', 'Others', 'Channel 1', 'Channel 12', 'Others · Speaker 11', 'Channel 3 · Speaker 1',
    ]);
    const response = loadResponse(diarized);
    const key = applyEdits(response, emptyEditLayer()).paragraphs[0]?.key ?? '';
    const model = edited(response, [{ type: 'reassignParagraph', paragraph: key, speaker: 's12' }]);
    expect(paragraph(model, key).speakerName).toBe('Speaker 13');
  });

  it('no longer marks a paragraph edited once its text is typed back as Deepgram had it', () => {
    const response = loadResponse(diarized);
    const original = applyEdits(response, emptyEditLayer()).paragraphs[1];
    if (!original) throw new Error('no paragraph');
    const back = paragraph(edited(response, [
      { type: 'editParagraphText', paragraph: original.key, text: `${original.text} extra` },
      { type: 'editParagraphText', paragraph: original.key, text: original.text },
    ]), original.key);
    expect(back).toEqual({ ...original, words: original.words, edited: false });
  });

  it('removes a paragraph whose words are all deleted, and brings it back with a later edit', () => {
    const response = loadResponse(diarized);
    const before = applyEdits(response, emptyEditLayer());
    const target = before.paragraphs[2];
    if (!target) throw new Error('no paragraph');
    const gone = edited(response, [{ type: 'editParagraphText', paragraph: target.key, text: '   ' }]);
    expect(gone.paragraphs.map((p) => p.key)).not.toContain(target.key);
    expect(gone.paragraphs).toHaveLength(before.paragraphs.length - 1);
    const back = edited(response, [
      { type: 'editParagraphText', paragraph: target.key, text: '' },
      { type: 'editParagraphText', paragraph: target.key, text: 'Something else entirely' },
    ]);
    const revived = paragraph(back, target.key);
    expect(revived.text).toBe('Something else entirely');
    expectOrderedWithin(revived.words, target.start, target.end);
    expect(revived.words[0]?.start).toBe(target.start);
    expect(revived.words.at(-1)?.end).toBe(buildSourceTranscript(response).byKey.get(target.key)?.end);
  });

  it('labels the two channels of a recording You and Others, paragraphs interleaved by time', () => {
    const response = twoChannelResponse(loadResponse(plain), loadResponse('prerecorded_nova3_smart_format_url.json'));
    const model = applyEdits(response, emptyEditLayer());
    expect(model.channels).toBe(2);
    expect(model.speakers.map((s) => [s.key, s.name])).toEqual([['ch0', 'You'], ['ch1', 'Others']]);
    expect(model.paragraphs.map((p) => [p.key, p.speakerName])).toEqual([['0:0', 'You'], ['1:0', 'Others']]);
    const renamed = edited(response, [{ type: 'renameSpeaker', speaker: 'ch1', name: 'Dana' }, { type: 'editParagraphText', paragraph: '1:0', text: 'Short now.' }]);
    expect(renamed.paragraphs.map((p) => [p.key, p.speakerName, p.channel])).toEqual([['0:0', 'You', 0], ['1:0', 'Dana', 1]]);
    expect(paragraph(renamed, '0:0').text).toBe(paragraph(model, '0:0').text);
    // Diarized within channels, and utterances carrying their channel.
    const diarizedTwo = twoChannelResponse(loadResponse(diarized), loadResponse(diarized));
    const both = applyEdits(diarizedTwo, emptyEditLayer());
    expect(both.speakers.map((s) => s.name)).toEqual([1, 2, 3].flatMap((n) => [`You · Speaker ${n}`, `Others · Speaker ${n}`]));
    const withUtterances = without(twoChannelResponse(loadResponse(diarized), loadResponse(diarized)), 'paragraphs');
    withUtterances.results.utterances = [0, 1].flatMap((channel) => (loadResponse(diarized).results.utterances ?? []).map((u) => ({ ...u, channel })));
    const single = applyEdits(without(loadResponse(diarized), 'paragraphs'), emptyEditLayer()).paragraphs;
    const fromUtterances = applyEdits(withUtterances, emptyEditLayer()).paragraphs;
    for (const channel of [0, 1]) {
      expect(fromUtterances.filter((p) => p.channel === channel).map((p) => [p.text, p.speaker])).toEqual(single.map((p) => [p.text, `ch${channel}.${p.speaker ?? ''}`]));
    }
  });

  it('makes a transcript with no words editable: its words are spread over the audio', () => {
    const response = without(loadResponse(plain), 'words');
    delete response.results.channels[0]?.alternatives[0]?.paragraphs;
    const model = applyEdits(response, emptyEditLayer());
    const only = model.paragraphs[0];
    expect(model.paragraphs).toHaveLength(1);
    expect(only?.text).toBe(response.results.channels[0]?.alternatives[0]?.transcript.trim());
    expect(only?.words.every((w) => w.interpolated)).toBe(true);
    expectOrderedWithin(only?.words ?? [], 0, response.metadata.duration ?? 0);
    const changed = edited(response, [{ type: 'editParagraphText', paragraph: '0:0', text: `${only?.text ?? ''} Added.` }]);
    expect(paragraph(changed, '0:0').words.slice(0, -1)).toEqual(only?.words);
  });

  it('counts operations on paragraphs the response does not have, and applies the rest', () => {
    const response = loadResponse(plain);
    const model = edited(response, [
      { type: 'editParagraphText', paragraph: '0:999', text: 'nowhere' },
      { type: 'reassignParagraph', paragraph: '3:0', speaker: 's1' },
      { type: 'reassignParagraph', paragraph: '0:0', speaker: 's1' },
    ]);
    expect(model.ignoredOps).toBe(2);
    expect(model.paragraphs[0]?.speaker).toBe('s1');
  });

  it('never changes the response it is applied to', () => {
    const response = loadResponse(diarized);
    const bytes = JSON.stringify(response);
    const model = edited(response, [
      { type: 'editParagraphText', paragraph: '0:0', text: 'All new words here.' },
      { type: 'mergeSpeakers', from: 's1', into: 's0' },
      { type: 'renameSpeaker', speaker: 's0', name: 'X' },
    ]);
    (model.paragraphs[1]?.words as TimedWord[] | undefined)?.splice(0);
    expect(JSON.stringify(response)).toBe(bytes);
  });

  describe('text edits as properties', () => {
    const response = (): ListenResponse => loadResponse(diarized);
    const tokens = ['alpha', 'beta', 'gamma', 'delta', 'omega'];

    it('keeps the exact time of every word left after deletions', () => {
      const model = applyEdits(response(), emptyEditLayer());
      fc.assert(
        fc.property(fc.integer({ min: 0, max: model.paragraphs.length - 1 }), fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), (index, keep) => {
          const original = model.paragraphs[index];
          if (!original) return;
          const kept = original.words.filter((_, i) => keep[i % keep.length]);
          const model2 = edited(response(), [{ type: 'editParagraphText', paragraph: original.key, text: kept.map((w) => w.text).join(' ') }]);
          if (kept.length === 0) {
            expect(model2.paragraphs.map((p) => p.key)).not.toContain(original.key);
            return;
          }
          const after = paragraph(model2, original.key);
          // A repeated word ("the ... the") may keep the time of its other occurrence: each word keeps
          // the time of an old word with the same text, in the old order, and none is estimated.
          expect(after.words.map((w) => w.text)).toEqual(kept.map((w) => w.text));
          let from = 0;
          for (const word of after.words) {
            const at = original.words.findIndex((w, i) => i >= from && bare(w.text) === bare(word.text) && w.start === word.start && w.end === word.end && !w.interpolated);
            expect(at, word.text).toBeGreaterThanOrEqual(0);
            from = at + 1;
          }
          if (new Set(original.words.map((w) => w.text.toLowerCase())).size === original.words.length) expect(after.words).toEqual(kept);
        }),
        { numRuns: 60 },
      );
    });

    it('keeps every old word and places inserted ones in order within the paragraph', () => {
      const model = applyEdits(response(), emptyEditLayer());
      const source = buildSourceTranscript(response());
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: model.paragraphs.length - 1 }),
          fc.array(fc.tuple(fc.nat(), fc.constantFrom(...tokens)), { minLength: 1, maxLength: 8 }),
          (index, inserts) => {
            const original = model.paragraphs[index];
            if (!original) return;
            const texts: string[] = original.words.map((w) => w.text);
            for (const [at, token] of inserts) texts.splice(at % (texts.length + 1), 0, token);
            const after = paragraph(edited(response(), [{ type: 'editParagraphText', paragraph: original.key, text: texts.join(' ') }]), original.key);
            expect(after.words.filter((w) => !w.interpolated)).toEqual(original.words);
            expect(after.words.filter((w) => w.interpolated)).toHaveLength(inserts.length);
            const room = source.byKey.get(original.key)?.room;
            expectOrderedWithin(after.words, room?.start ?? NaN, room?.end ?? NaN);
          },
        ),
        { numRuns: 80 },
      );
    });
  });
});
