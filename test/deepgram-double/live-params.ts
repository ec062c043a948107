import { first } from './listen-params';
import type { ListenParams, Query } from './listen-params';

/** `encoding` values the streaming endpoint takes (contract §4.1). */
const STREAM_ENCODINGS: readonly string[] = [
  'linear16', 'linear32', 'flac', 'alaw', 'mulaw', 'amr-nb', 'amr-wb', 'opus', 'ogg-opus', 'speex', 'g729',
];
const MAX_MULTICHANNEL = 20;
const MIN_UTTERANCE_END_MS = 1000;

/** Why the upgrade is refused with 400; `reason` undefined means a bare 400 (no dg-error, no body). */
export interface StreamParamProblem {
  reason: string | undefined;
}

const problem = (reason: string): StreamParamProblem => ({ reason });

const isWholeNumber = (value: string): boolean => /^\d+$/.test(value);

/**
 * The streaming-only rules of /v1/listen that parseListenParams (shared with REST) does not apply: raw audio needs
 * `encoding` and `sample_rate` together, `utterance_end_ms` is ≥ 1000 and needs `interim_results`, multichannel
 * streams carry at most 20 channels, and nova-3 refuses `keywords`. The reason texts are invented (Deepgram's are
 * not documented) except for the bare `keywords` refusal.
 */
export function streamParamProblem(query: Query, params: ListenParams): StreamParamProblem | undefined {
  const encoding = first(query, 'encoding');
  const sampleRate = first(query, 'sample_rate');
  if (encoding !== undefined && !STREAM_ENCODINGS.includes(encoding)) return problem(`Unsupported encoding: ${encoding}.`);
  if (sampleRate !== undefined && (!isWholeNumber(sampleRate) || Number(sampleRate) === 0)) {
    return problem(`sample_rate must be a positive integer, got ${JSON.stringify(sampleRate)}.`);
  }
  if (encoding !== undefined && sampleRate === undefined) return problem('sample_rate is required when encoding is set.');

  const channels = first(query, 'channels');
  if (channels !== undefined && (!isWholeNumber(channels) || Number(channels) === 0)) {
    return problem(`channels must be a positive integer, got ${JSON.stringify(channels)}.`);
  }
  if (params.multichannel && (params.channels ?? 1) > MAX_MULTICHANNEL) {
    return problem(`multichannel streams carry at most ${MAX_MULTICHANNEL} channels.`);
  }

  const utteranceEnd = first(query, 'utterance_end_ms');
  if (utteranceEnd !== undefined) {
    if (!isWholeNumber(utteranceEnd) || Number(utteranceEnd) < MIN_UTTERANCE_END_MS) {
      return problem(`utterance_end_ms must be an integer of at least ${MIN_UTTERANCE_END_MS}.`);
    }
    if (!params.interimResults) return problem('utterance_end_ms requires interim_results=true.');
  }

  if (params.model.arch === 'nova-3' && query['keywords'] !== undefined) return { reason: undefined };
  return undefined;
}
