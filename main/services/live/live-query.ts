import { keyTermParameter, normalizeOptions, supportsMultilingual } from '../../../common/transcribe-options';
import type { TranscribeOptions } from '../../../common/transcribe-options';
import { liveSampleRate } from '../../../common/live';

/** How long a pause ends a line, and how long without words ends an utterance (Deepgram's minimum). */
const endpointingMs = 300;
const utteranceEndMs = 1000;

/**
 * The streaming query for a recording's options: raw 16 kHz linear16 PCM, interim results and
 * utterance ends, two channels as two lanes (`multichannel`), diarization on mono only. Batch-only
 * features (paragraphs, summaries, …) are left out; `keyterm` goes to Nova-3 only and `keywords`
 * never does.
 */
export function toLiveQuery(options: TranscribeOptions, channels: 1 | 2, extraTags: readonly string[] = []): URLSearchParams {
  const o = normalizeOptions(options);
  const query = new URLSearchParams();
  query.set('model', o.model);
  // Streaming has no language detection: code-switching is the nearest where the model offers it.
  if (o.language === 'auto') {
    if (supportsMultilingual(o.model)) query.set('language', 'multi');
  } else {
    query.set('language', o.language);
  }
  query.set('smart_format', String(o.smartFormat));
  query.set('punctuate', String(o.punctuate));
  if (channels === 1 && o.diarize) query.set('diarize', 'true');
  if (o.numerals) query.set('numerals', 'true');
  if (o.fillerWords) query.set('filler_words', 'true');
  if (o.profanityFilter) query.set('profanity_filter', 'true');
  query.set('encoding', 'linear16');
  query.set('sample_rate', String(liveSampleRate));
  query.set('channels', String(channels));
  if (channels === 2) query.set('multichannel', 'true');
  query.set('interim_results', 'true');
  query.set('utterance_end_ms', String(utteranceEndMs));
  query.set('endpointing', String(endpointingMs));
  if (o.keyTerms.length > 0 && keyTermParameter(o.model) === 'keyterm') {
    for (const term of o.keyTerms) query.append('keyterm', term);
  }
  for (const tag of new Set([...o.tags, ...extraTags])) query.append('tag', tag);
  return query;
}

/** The WebSocket URL of `/v1/listen` on a profile's base URL: https becomes wss, http (allowed only where the profile allows it) ws. */
export function liveListenUrl(baseUrl: string, query: URLSearchParams): URL {
  const url = new URL(baseUrl);
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/listen`;
  url.search = query.toString();
  return url;
}
