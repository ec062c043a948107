import { describe, expect, it } from 'vitest';
import { listenResponseSchema, type ListenResponse } from '../../common/deepgram-response';
import { formatTimestamp, toParagraphs } from '../../common/transcript/paragraphs';

type Alternative = Record<string, unknown>;

function response(alternative: Alternative, extra: { utterances?: unknown[]; duration?: number; channels?: unknown[] } = {}): ListenResponse {
  return listenResponseSchema.parse({
    metadata: { request_id: 'req-1', duration: extra.duration ?? 30 },
    results: {
      channels: extra.channels ?? [{ alternatives: [{ transcript: '', ...alternative }] }],
      ...(extra.utterances ? { utterances: extra.utterances } : {}),
    },
  });
}

function word(text: string, start: number, end: number, speaker?: number, punctuated?: string): Record<string, unknown> {
  return {
    word: text,
    start,
    end,
    confidence: 0.9,
    ...(speaker === undefined ? {} : { speaker }),
    ...(punctuated === undefined ? {} : { punctuated_word: punctuated }),
  };
}

describe('toParagraphs', () => {
  it('uses Deepgram paragraphs first, joining their sentences', () => {
    const result = toParagraphs(
      response(
        {
          transcript: 'Hello there. How are you? Fine.',
          words: [word('hello', 0, 0.5, 0)],
          paragraphs: {
            transcript: '\nSpeaker 0: Hello there. How are you?\n\nSpeaker 1: Fine.',
            paragraphs: [
              {
                speaker: 0,
                start: 0.2,
                end: 3.1,
                sentences: [
                  { text: 'Hello there.', start: 0.2, end: 1 },
                  { text: 'How are you?', start: 1.2, end: 3.1 },
                ],
              },
              { speaker: 1, start: 4, end: 4.6, sentences: [{ text: 'Fine.', start: 4, end: 4.6 }] },
            ],
          },
        },
        { utterances: [{ start: 0, end: 1, transcript: 'ignored', speaker: 5, words: [] }] },
      ),
    );
    expect(result).toEqual([
      { speaker: 0, start: 0.2, end: 3.1, text: 'Hello there. How are you?' },
      { speaker: 1, start: 4, end: 4.6, text: 'Fine.' },
    ]);
  });

  it('gives paragraphs without a speaker a null speaker', () => {
    const result = toParagraphs(
      response({
        paragraphs: { paragraphs: [{ start: 1, end: 2, sentences: [{ text: 'Just me.', start: 1, end: 2 }] }] },
      }),
    );
    expect(result).toEqual([{ speaker: null, start: 1, end: 2, text: 'Just me.' }]);
  });

  it('merges consecutive utterances of the same speaker when there are no paragraphs', () => {
    const result = toParagraphs(
      response(
        { transcript: 'a b c d', words: [word('a', 0, 1, 0)] },
        {
          utterances: [
            { start: 0, end: 1, transcript: 'Hi.', speaker: 0, channel: 0, words: [] },
            { start: 5, end: 6, transcript: 'Still me.', speaker: 0, channel: 0, words: [] },
            { start: 6.5, end: 7, transcript: 'Hello!', speaker: 1, channel: 0, words: [] },
            { start: 7.5, end: 8, transcript: 'Me again.', speaker: 0, channel: 0, words: [] },
          ],
        },
      ),
    );
    expect(result).toEqual([
      { speaker: 0, start: 0, end: 6, text: 'Hi. Still me.' },
      { speaker: 1, start: 6.5, end: 7, text: 'Hello!' },
      { speaker: 0, start: 7.5, end: 8, text: 'Me again.' },
    ]);
  });

  it('keeps only channel 0 utterances and splits speakerless utterances at long pauses', () => {
    const result = toParagraphs(
      response(
        { transcript: 'x' },
        {
          utterances: [
            { start: 0, end: 1, transcript: 'One.', channel: 0, words: [] },
            { start: 1.5, end: 2, transcript: 'Two.', channel: 0, words: [] },
            { start: 1.6, end: 2.5, transcript: 'Other channel.', channel: 1, words: [] },
            { start: 9, end: 10, transcript: 'Three.', channel: 0, words: [] },
          ],
        },
      ),
    );
    expect(result).toEqual([
      { speaker: null, start: 0, end: 2, text: 'One. Two.' },
      { speaker: null, start: 9, end: 10, text: 'Three.' },
    ]);
  });

  it('groups words on speaker change, preferring punctuated words', () => {
    const result = toParagraphs(
      response({
        transcript: 'hello there hi',
        words: [word('hello', 0, 0.4, 0, 'Hello'), word('there', 0.5, 0.9, 0, 'there.'), word('hi', 1, 1.3, 1, 'Hi!')],
      }),
    );
    expect(result).toEqual([
      { speaker: 0, start: 0, end: 0.9, text: 'Hello there.' },
      { speaker: 1, start: 1, end: 1.3, text: 'Hi!' },
    ]);
  });

  it('starts a new paragraph after a pause longer than 1.5 s', () => {
    const result = toParagraphs(
      response({
        transcript: 'one two three four',
        words: [word('one', 0, 0.5), word('two', 2, 2.5), word('three', 4.1, 4.5), word('four', 4.6, 5)],
      }),
    );
    expect(result).toEqual([
      { speaker: null, start: 0, end: 2.5, text: 'one two' },
      { speaker: null, start: 4.1, end: 5, text: 'three four' },
    ]);
  });

  it('falls back to the plain transcript as one paragraph', () => {
    const result = toParagraphs(response({ transcript: '  Only a transcript.  ' }, { duration: 12.5 }));
    expect(result).toEqual([{ speaker: null, start: 0, end: 12.5, text: 'Only a transcript.' }]);
  });

  it('returns nothing for an empty transcript', () => {
    expect(toParagraphs(response({ transcript: '', words: [] }))).toEqual([]);
    expect(toParagraphs(response({ transcript: '   ' }))).toEqual([]);
  });

  it('returns nothing when there is no channel or alternative', () => {
    expect(toParagraphs(response({}, { channels: [] }))).toEqual([]);
    expect(toParagraphs(response({}, { channels: [{ alternatives: [] }] }))).toEqual([]);
  });

  it('drops paragraphs whose sentences are all blank', () => {
    const result = toParagraphs(
      response({
        paragraphs: {
          paragraphs: [
            { speaker: 0, start: 0, end: 1, sentences: [{ text: ' ', start: 0, end: 1 }] },
            { speaker: 0, start: 1, end: 2, sentences: [] },
            { speaker: 1, start: 2, end: 3, sentences: [{ text: 'Real.', start: 2, end: 3 }] },
          ],
        },
      }),
    );
    expect(result).toEqual([{ speaker: 1, start: 2, end: 3, text: 'Real.' }]);
  });
});

describe('formatTimestamp', () => {
  it.each([
    [0, '0:00'],
    [7, '0:07'],
    [7.9, '0:07'],
    [59.99, '0:59'],
    [60, '1:00'],
    [723, '12:03'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [3723, '1:02:03'],
    [36_000, '10:00:00'],
  ])('formats %s s as %s', (seconds, expected) => {
    expect(formatTimestamp(seconds)).toBe(expected);
  });

  it('treats negative and non-finite values as zero', () => {
    expect(formatTimestamp(-3)).toBe('0:00');
    expect(formatTimestamp(Number.NaN)).toBe('0:00');
    expect(formatTimestamp(Number.POSITIVE_INFINITY)).toBe('0:00');
  });
});
