import { isSupportedLanguage, resolveModel } from './models';
import type { ModelDescriptor } from './models';

export type Query = Record<string, string[]>;

/** Repeated keys are kept in order (`keyterm=a&keyterm=b` → ['a','b']). */
export function parseQuery(search: string): Query {
  const query: Query = {};
  for (const [name, value] of new URLSearchParams(search)) {
    (query[name] ??= []).push(value);
  }
  return query;
}

export function first(query: Query, name: string): string | undefined {
  return query[name]?.[0];
}

const BOOLEAN_PARAMS: readonly string[] = [
  'punctuate', 'smart_format', 'paragraphs', 'utterances', 'diarize', 'multichannel', 'numerals',
  'measurements', 'dictation', 'filler_words', 'profanity_filter', 'sentiment', 'topics', 'intents',
  'detect_entities', 'mip_opt_out', 'interim_results', 'vad_events', 'no_delay',
];

/** The boolean features a request switched on, sorted (the usage API's feature_set). */
export function enabledFeatures(query: Query): string[] {
  return BOOLEAN_PARAMS.filter((name) => first(query, name) === 'true').sort();
}

export interface ListenParams {
  model: ModelDescriptor;
  punctuate: boolean;
  smartFormat: boolean;
  paragraphs: boolean;
  diarize: boolean;
  utterances: boolean;
  multichannel: boolean;
  interimResults: boolean;
  vadEvents: boolean;
  utteranceEndMs: number | undefined;
  encoding: string | undefined;
  sampleRate: number | undefined;
  channels: number | undefined;
  tags: string[];
  extra: Record<string, string>;
}

export type ParamsResult = { ok: true; params: ListenParams } | { ok: false; problem: 'model' } | { ok: false; problem: 'query'; detail: string };

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** Validates the way Deepgram's serde-based parser does: booleans must be exactly `true`/`false`. */
export function parseListenParams(query: Query): ParamsResult {
  for (const name of BOOLEAN_PARAMS) {
    for (const value of query[name] ?? []) {
      if (value !== 'true' && value !== 'false') {
        return { ok: false, problem: 'query', detail: `invalid value: string ${JSON.stringify(value)}, expected a boolean` };
      }
    }
  }
  const flag = (name: string): boolean => first(query, name) === 'true';
  const model = resolveModel(first(query, 'model'));
  if (!model || !isSupportedLanguage(first(query, 'language'), model)) return { ok: false, problem: 'model' };

  const extra: Record<string, string> = {};
  for (const entry of query['extra'] ?? []) {
    const colon = entry.indexOf(':');
    if (colon > 0) extra[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  const diarizeModel = first(query, 'diarize_model');
  const paragraphs = flag('paragraphs') || (flag('smart_format') && model.arch === 'nova-3');
  return {
    ok: true,
    params: {
      model,
      // Paragraphs switch punctuation on (Deepgram docs, "Paragraphs").
      punctuate: flag('punctuate') || flag('smart_format') || flag('paragraphs'),
      smartFormat: flag('smart_format'),
      paragraphs,
      diarize: flag('diarize') || (diarizeModel !== undefined && diarizeModel !== ''),
      utterances: flag('utterances'),
      multichannel: flag('multichannel'),
      interimResults: flag('interim_results'),
      vadEvents: flag('vad_events'),
      utteranceEndMs: positiveInt(first(query, 'utterance_end_ms')),
      encoding: first(query, 'encoding'),
      sampleRate: positiveInt(first(query, 'sample_rate')),
      channels: positiveInt(first(query, 'channels')),
      tags: query['tag'] ?? [],
      extra,
    },
  };
}
