import type { Deepgram } from '@deepgram/sdk';
import { keyTermParameter, normalizeOptions } from '../../../common/transcribe-options';
import type { TranscribeOptions } from '../../../common/transcribe-options';

/**
 * The query object of the SDK's `listen.v1.media.transcribeFile` (second argument) and
 * `transcribeUrl` (spread next to `url`). It holds only keys the SDK knows: `transcribeFile` drops
 * unknown keys, and `transcribeUrl` would put them in the JSON body.
 */
export type ListenQuery = Deepgram.listen.v1.MediaTranscribeRequestOctetStream;

/**
 * Deepgram query parameters for these options. Combinations Deepgram refuses are switched off
 * first (`normalizeOptions`), so `keywords` never reaches Nova-3. Lists (`keyterm`, `keywords`,
 * `redact`, `tag`) go out as repeated keys; `extra.tags` are added to the options' own tags.
 */
export function toListenQuery(options: TranscribeOptions, extra: { tags?: readonly string[] } = {}): ListenQuery {
  const o = normalizeOptions(options);
  const query: ListenQuery = {
    model: o.model,
    smart_format: o.smartFormat,
    punctuate: o.punctuate,
    diarize: o.diarize,
    paragraphs: o.paragraphs,
    utterances: o.utterances,
  };
  if (o.language === 'auto') query.detect_language = true;
  else query.language = o.language;
  // Deepgram's defaults for these are off: sending only what is on keeps the URL short.
  if (o.numerals) query.numerals = true;
  if (o.fillerWords) query.filler_words = true;
  if (o.profanityFilter) query.profanity_filter = true;
  if (o.multichannel) query.multichannel = true;
  if (o.summarize) query.summarize = 'v2';
  if (o.topics) query.topics = true;
  if (o.intents) query.intents = true;
  if (o.sentiment) query.sentiment = true;
  if (o.redact.length > 0) {
    // The SDK types `redact` as one string, but serialises an array as repeated keys like any other
    // list, which is how Deepgram takes several kinds (deepgram-query.test.ts reads the URL).
    query.redact = [...o.redact] as unknown as string;
  }
  if (o.keyTerms.length > 0) {
    const parameter = keyTermParameter(o.model);
    if (parameter === 'keyterm') query.keyterm = [...o.keyTerms];
    else if (parameter === 'keywords') query.keywords = [...o.keyTerms];
  }
  const tags = [...new Set([...o.tags, ...(extra.tags ?? [])])];
  if (tags.length > 0) query.tag = tags;
  return query;
}
