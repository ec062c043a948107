import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listenResponseSchema } from '../../common/deepgram-response';
import type { ListenResponse } from '../../common/deepgram-response';
import { sharedFolder } from './shared-dir';

/** The recorded Deepgram responses of ../shared. */
export const deepgramFixtures = sharedFolder('deepgram-fixtures');

/** One recorded pre-recorded response, parsed as the app parses it. */
export function loadResponse(name: string): ListenResponse {
  return listenResponseSchema.parse(JSON.parse(readFileSync(join(deepgramFixtures.path, name), 'utf8')));
}

/** Every recorded pre-recorded response the app can read, by file name. */
export function loadAllResponses(): Map<string, ListenResponse> {
  const result = new Map<string, ListenResponse>();
  for (const name of readdirSync(deepgramFixtures.path).filter((n) => n.startsWith('prerecorded_') && n.endsWith('.json'))) {
    const parsed = listenResponseSchema.safeParse(JSON.parse(readFileSync(join(deepgramFixtures.path, name), 'utf8')));
    if (parsed.success) result.set(name, parsed.data);
  }
  return result;
}

/**
 * A two-channel response as `multichannel=true` returns it, made of two recorded responses: each
 * channel keeps its own words and paragraphs, and utterances (if any) carry their channel.
 */
export function twoChannelResponse(first: ListenResponse, second: ListenResponse): ListenResponse {
  const channel = (r: ListenResponse): ListenResponse['results']['channels'][number] => structuredClone(r.results.channels[0] ?? { alternatives: [] });
  return {
    ...structuredClone(first),
    metadata: { ...first.metadata, channels: 2, duration: Math.max(first.metadata.duration ?? 0, second.metadata.duration ?? 0) },
    results: { channels: [channel(first), channel(second)] },
  };
}

/** The response with one part of its structure taken away, to reach the poorer shapes. */
export function without(response: ListenResponse, part: 'paragraphs' | 'utterances' | 'words' | 'punctuation'): ListenResponse {
  const copy = structuredClone(response);
  for (const channel of copy.results.channels) {
    for (const alternative of channel.alternatives) {
      if (part === 'paragraphs') delete alternative.paragraphs;
      if (part === 'words') alternative.words = [];
      if (part === 'punctuation') for (const word of alternative.words) delete word.punctuated_word;
    }
  }
  if (part === 'utterances') delete copy.results.utterances;
  if (part === 'punctuation') for (const utterance of copy.results.utterances ?? []) for (const word of utterance.words) delete word.punctuated_word;
  return copy;
}
