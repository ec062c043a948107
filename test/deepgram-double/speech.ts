export const DEFAULT_SPEECH =
  'Welcome to the local Deepgram double. The audio you sent was decoded but not recognized. ' +
  'Every word here comes from a script, yet the timings follow your file. Does that sound fair?';

export interface SpeechToken {
  /** Lower-case, punctuation stripped, as in `words[].word`. */
  word: string;
  /** As written in the script, as in `words[].punctuated_word`. */
  punctuated: string;
  /** Index of the sentence the token belongs to. */
  sentence: number;
  endsSentence: boolean;
}

/** Splits the script into word tokens; sentences end at a token ending in . ? or ! (closing quotes allowed). */
export function tokenize(text: string): SpeechToken[] {
  const tokens: SpeechToken[] = [];
  let sentence = 0;
  for (const raw of text.split(/\s+/)) {
    const word = raw
      .toLowerCase()
      .replace(/[^\p{L}\p{N}'’-]/gu, '')
      .replace(/^['’-]+|['’-]+$/g, '');
    if (word === '') continue;
    const endsSentence = /[.?!]["'”’)\]]*$/.test(raw);
    tokens.push({ word, punctuated: raw, sentence, endsSentence });
    if (endsSentence) sentence += 1;
  }
  const last = tokens.at(-1);
  if (last) last.endsSentence = true;
  return tokens;
}

/** Deterministic pseudo-confidence in [0.86, 0.999] so repeated requests give identical bodies. */
export function confidenceFor(index: number, salt = 0): number {
  const x = Math.sin((index + 1) * 12.9898 + salt * 78.233) * 43758.5453;
  const frac = x - Math.floor(x);
  return round(0.86 + frac * 0.139, 6);
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return round(values.reduce((a, b) => a + b, 0) / values.length, 6);
}
