import { randomUUID } from 'node:crypto';
import type { ModelDescriptor } from './models';
import { confidenceFor, mean, round, tokenize } from './speech';
import type { SpeechToken } from './speech';

export interface DgWord {
  word: string;
  start: number;
  end: number;
  confidence: number;
  punctuated_word?: string;
  speaker?: number;
  speaker_confidence?: number;
}

export interface DgSentence {
  text: string;
  start: number;
  end: number;
}

export interface DgParagraph {
  sentences: DgSentence[];
  speaker?: number;
  num_words: number;
  start: number;
  end: number;
}

export interface DgAlternative {
  transcript: string;
  confidence: number;
  words: DgWord[];
  paragraphs?: { transcript: string; paragraphs: DgParagraph[] };
}

export interface DgUtterance {
  start: number;
  end: number;
  confidence: number;
  channel: number;
  transcript: string;
  words: DgWord[];
  speaker?: number;
  id: string;
}

export interface ListenResponse {
  metadata: {
    transaction_key: 'deprecated';
    request_id: string;
    sha256: string;
    created: string;
    duration: number;
    channels: number;
    models: string[];
    model_info: Record<string, { name: string; version: string; arch: string }>;
    tags?: string[];
    extra?: Record<string, string>;
  };
  results: {
    channels: { alternatives: DgAlternative[] }[];
    utterances?: DgUtterance[];
  };
}

export interface ListenFeatures {
  punctuate: boolean;
  paragraphs: boolean;
  diarize: boolean;
  utterances: boolean;
  multichannel: boolean;
}

export interface BuildListenInput {
  requestId: string;
  sha256: string;
  /** Seconds, as decoded from the media. */
  duration: number;
  /** Audio channels in the media. */
  decodedChannels: number;
  model: ModelDescriptor;
  features: ListenFeatures;
  speech: string;
  created?: Date;
  tags?: string[];
  extra?: Record<string, string>;
}

const MAX_SENTENCES_PER_PARAGRAPH = 4;

interface TimedToken {
  token: SpeechToken;
  word: DgWord;
}

/** Spreads the script's words evenly over the decoded duration; silent (zero-length) media yields no words. */
function timeTokens(tokens: readonly SpeechToken[], duration: number, features: ListenFeatures, channel: number): TimedToken[] {
  if (duration <= 0 || tokens.length === 0) return [];
  const slot = duration / tokens.length;
  return tokens.map((token, i) => {
    const word: DgWord = {
      word: token.word,
      start: round(i * slot),
      end: round(i * slot + slot * 0.85),
      confidence: confidenceFor(i, channel),
    };
    if (features.punctuate) word.punctuated_word = token.punctuated;
    if (features.diarize) {
      word.speaker = token.sentence % 2;
      word.speaker_confidence = round(0.6 + (confidenceFor(token.sentence, 7) - 0.86) * 2.5, 6);
    }
    return { token, word };
  });
}

function text(words: readonly DgWord[], punctuate: boolean): string {
  return words.map((w) => (punctuate ? (w.punctuated_word ?? w.word) : w.word)).join(' ');
}

function groupSentences(timed: readonly TimedToken[]): TimedToken[][] {
  const sentences: TimedToken[][] = [];
  let current: TimedToken[] = [];
  for (const t of timed) {
    current.push(t);
    if (t.token.endsSentence) {
      sentences.push(current);
      current = [];
    }
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}

function bounds(words: readonly DgWord[]): { start: number; end: number } {
  return { start: words[0]?.start ?? 0, end: words.at(-1)?.end ?? 0 };
}

function buildParagraphs(sentences: readonly TimedToken[][], features: ListenFeatures): DgAlternative['paragraphs'] {
  const groups: TimedToken[][][] = [];
  for (const sentence of sentences) {
    const group = groups.at(-1);
    const speaker = sentence[0]?.word.speaker;
    const sameSpeaker = group?.[0]?.[0]?.word.speaker === speaker;
    if (group && sameSpeaker && group.length < MAX_SENTENCES_PER_PARAGRAPH) group.push(sentence);
    else groups.push([sentence]);
  }
  const paragraphs = groups.map((group): DgParagraph => {
    const words = group.flat().map((t) => t.word);
    const paragraph: DgParagraph = {
      sentences: group.map((s) => {
        const sw = s.map((t) => t.word);
        return { text: text(sw, true), ...bounds(sw) };
      }),
      num_words: words.length,
      ...bounds(words),
    };
    const speaker = words[0]?.speaker;
    if (features.diarize && speaker !== undefined) paragraph.speaker = speaker;
    return paragraph;
  });
  const transcript = paragraphs
    .map((p) => {
      const body = p.sentences.map((s) => s.text).join(' ');
      return p.speaker !== undefined ? `Speaker ${p.speaker}: ${body}` : body;
    })
    .join('\n\n');
  return { transcript: paragraphs.length > 0 ? `\n${transcript}` : '', paragraphs };
}

export function buildListenResponse(input: BuildListenInput): ListenResponse {
  const { features } = input;
  const tokens = tokenize(input.speech);
  const channelCount = features.multichannel ? Math.max(1, input.decodedChannels) : 1;
  const channels: ListenResponse['results']['channels'] = [];
  const utterances: DgUtterance[] = [];

  for (let channel = 0; channel < channelCount; channel++) {
    const timed = timeTokens(tokens, input.duration, features, channel);
    const words = timed.map((t) => t.word);
    const alternative: DgAlternative = {
      transcript: text(words, features.punctuate),
      confidence: mean(words.map((w) => w.confidence)),
      words,
    };
    const sentences = groupSentences(timed);
    if (features.paragraphs) alternative.paragraphs = buildParagraphs(sentences, features);
    channels.push({ alternatives: [alternative] });

    if (features.utterances) {
      for (const sentence of sentences) {
        const sw = sentence.map((t) => t.word);
        const utterance: DgUtterance = {
          ...bounds(sw),
          confidence: mean(sw.map((w) => w.confidence)),
          channel,
          transcript: text(sw, features.punctuate),
          words: sw,
          id: randomUUID(),
        };
        const speaker = sw[0]?.speaker;
        if (speaker !== undefined) utterance.speaker = speaker;
        utterances.push(utterance);
      }
    }
  }

  const { model } = input;
  const response: ListenResponse = {
    metadata: {
      transaction_key: 'deprecated',
      request_id: input.requestId,
      sha256: input.sha256,
      created: (input.created ?? new Date()).toISOString(),
      duration: round(input.duration, 6),
      channels: channelCount,
      models: [model.uuid],
      model_info: { [model.uuid]: { name: model.name, version: model.version, arch: model.arch } },
    },
    results: { channels },
  };
  if (input.tags && input.tags.length > 0) response.metadata.tags = input.tags;
  if (input.extra && Object.keys(input.extra).length > 0) response.metadata.extra = input.extra;
  if (features.utterances) {
    utterances.sort((a, b) => a.start - b.start || a.channel - b.channel);
    response.results.utterances = utterances;
  }
  return response;
}
