// A long diarized Deepgram response for the benchmarks: 2.5 words a second, a speaker change every
// `turnWords` words, one paragraph every `paragraphWords` words.
import type { ListenResponse } from '../common/deepgram-response';

export const wordsPerSecond = 2.5;

export interface LongTranscriptOptions {
  hours: number;
  turnWords?: number;
  paragraphWords?: number;
}

/** The response Deepgram would give for `hours` of speech, built in memory. */
export function longTranscript({ hours, turnWords = 60, paragraphWords = 60 }: LongTranscriptOptions): ListenResponse {
  const count = Math.round(hours * 3600 * wordsPerSecond);
  const words = Array.from({ length: count }, (_, i) => ({
    word: `word${i % 5000}`,
    punctuated_word: `Word${i % 5000}${i % 12 === 11 ? '.' : ''}`,
    start: i / wordsPerSecond,
    end: i / wordsPerSecond + 0.3,
    confidence: 0.9,
    speaker: Math.floor(i / turnWords) % 3,
  }));
  const paragraphs = [];
  for (let i = 0; i < count; i += paragraphWords) {
    const slice = words.slice(i, i + paragraphWords);
    const first = slice[0]!;
    const last = slice.at(-1)!;
    paragraphs.push({ speaker: first.speaker, start: first.start, end: last.end, num_words: slice.length, sentences: [{ text: slice.map((w) => w.punctuated_word).join(' '), start: first.start, end: last.end }] });
  }
  return {
    metadata: { request_id: 'bench', duration: hours * 3600, channels: 1 },
    results: { channels: [{ alternatives: [{ transcript: words.map((w) => w.punctuated_word).join(' '), confidence: 0.9, words, paragraphs: { paragraphs } }] }] },
  };
}
