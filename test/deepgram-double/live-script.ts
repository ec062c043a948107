import type { DgWord } from './listen-response';
import type { ListenParams } from './listen-params';
import { confidenceFor, mean, round, tokenize } from './speech';
import type { SpeechToken } from './speech';

/** Streaming words carry no speaker_confidence (contract §4.3). */
export type StreamWord = Omit<DgWord, 'speaker_confidence'>;

/** Length of a regular segment; Finalize and CloseStream end a shorter one. */
export const SEGMENT_SECONDS = 1;
const WORDS_PER_SEGMENT = 3;

export interface Segment {
  start: number;
  duration: number;
  words: StreamWord[];
  /** The segment ends a sentence of the script: an endpoint, `speech_final: true`. */
  speechFinal: boolean;
}

export interface ResultFlags {
  isFinal: boolean;
  speechFinal: boolean;
  fromFinalize: boolean;
}

/**
 * The scripted words of one stream, cycled without end: at most three per segment, a sentence end closing the
 * segment, so a sentence spans several segments and only its last is `speech_final`.
 */
export class LiveScript {
  private readonly tokens: SpeechToken[];
  private readonly sentencesPerCycle: number;
  private cursor = 0;
  private wordIndex = 0;

  constructor(
    speech: string,
    private readonly params: ListenParams,
    private readonly requestId: string,
    readonly channelCount: number,
  ) {
    this.tokens = tokenize(speech);
    this.sentencesPerCycle = (this.tokens.at(-1)?.sentence ?? 0) + 1;
  }

  /** The words of the segment [start, start + duration); `consume: false` only looks ahead (for an interim). */
  segment(start: number, duration: number, consume: boolean): Segment {
    const wanted = duration >= SEGMENT_SECONDS ? WORDS_PER_SEGMENT : Math.round((duration / SEGMENT_SECONDS) * WORDS_PER_SEGMENT);
    const picked: { token: SpeechToken; sentence: number }[] = [];
    for (let at = this.cursor; picked.length < wanted && this.tokens.length > 0; at++) {
      const token = this.tokens[at % this.tokens.length];
      if (!token) break;
      picked.push({ token, sentence: Math.floor(at / this.tokens.length) * this.sentencesPerCycle + token.sentence });
      if (token.endsSentence) break;
    }
    const slot = picked.length > 0 ? duration / picked.length : 0;
    const words = picked.map(({ token, sentence }, i): StreamWord => {
      const word: StreamWord = {
        word: token.word,
        start: round(start + i * slot),
        end: round(start + (i + 0.85) * slot),
        confidence: confidenceFor(this.wordIndex + i),
      };
      if (this.params.punctuate) word.punctuated_word = token.punctuated;
      if (this.params.diarize) word.speaker = sentence % 2;
      return word;
    });
    if (consume) {
      this.cursor += picked.length;
      this.wordIndex += picked.length;
    }
    return { start, duration, words, speechFinal: picked.at(-1)?.token.endsSentence ?? false };
  }

  /** A `Results` message for one channel. */
  results(channel: number, start: number, duration: number, words: StreamWord[], flags: ResultFlags): object {
    const { params } = this;
    return {
      type: 'Results',
      channel_index: [channel, this.channelCount],
      duration: round(duration, 6),
      start: round(start, 6),
      is_final: flags.isFinal,
      speech_final: flags.speechFinal,
      from_finalize: flags.fromFinalize,
      channel: {
        alternatives: [
          {
            transcript: words.map((w) => (params.punctuate ? (w.punctuated_word ?? w.word) : w.word)).join(' '),
            confidence: mean(words.map((w) => w.confidence)),
            words,
          },
        ],
      },
      metadata: {
        request_id: this.requestId,
        model_uuid: params.model.uuid,
        model_info: { name: params.model.name, version: params.model.version, arch: params.model.arch },
      },
    };
  }
}
