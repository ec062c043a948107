import { describe, expect, it } from 'vitest';
import { defaultTranscribeOptions } from '../../common/transcribe-options';
import { liveListenUrl, toLiveQuery } from '../../main/services/live/live-query';

const options = (change: Partial<typeof defaultTranscribeOptions> = {}) => ({ ...defaultTranscribeOptions, ...change });
const all = (query: URLSearchParams, name: string): string[] => query.getAll(name);

describe('toLiveQuery', () => {
  it('asks for raw 16 kHz PCM with interim results, utterance ends and endpointing', () => {
    const query = toLiveQuery(options(), 1);
    expect(Object.fromEntries(query)).toEqual({
      model: 'nova-3',
      language: 'en',
      smart_format: 'true',
      punctuate: 'true',
      encoding: 'linear16',
      sample_rate: '16000',
      channels: '1',
      interim_results: 'true',
      utterance_end_ms: '1000',
      endpointing: '300',
    });
  });

  it('streams two lanes as multichannel and diarizes mono only', () => {
    expect(Object.fromEntries(toLiveQuery(options({ diarize: true }), 2))).toMatchObject({ channels: '2', multichannel: 'true' });
    expect(toLiveQuery(options({ diarize: true }), 2).has('diarize')).toBe(false);
    expect(toLiveQuery(options({ diarize: true }), 1).get('diarize')).toBe('true');
    expect(toLiveQuery(options(), 1).has('multichannel')).toBe(false);
  });

  it('sends key terms as keyterm to Nova-3 only, never keywords, and tags as repeated tag', () => {
    const nova3 = toLiveQuery(options({ keyTerms: ['Deepgram', 'live captions'], tags: ['a'] }), 1, ['b', 'a']);
    expect(all(nova3, 'keyterm')).toEqual(['Deepgram', 'live captions']);
    expect(nova3.has('keywords')).toBe(false);
    expect(all(nova3, 'tag')).toEqual(['a', 'b']);
    const nova2 = toLiveQuery(options({ model: 'nova-2', keyTerms: ['Deepgram'] }), 1);
    expect(nova2.has('keyterm')).toBe(false);
    expect(nova2.has('keywords')).toBe(false);
  });

  it('leaves batch-only features out and turns language detection into code-switching where offered', () => {
    const query = toLiveQuery(options({ summarize: true, topics: true, paragraphs: true, utterances: true, language: 'auto' }), 1);
    for (const name of ['summarize', 'topics', 'paragraphs', 'utterances', 'detect_language']) expect(query.has(name)).toBe(false);
    expect(query.get('language')).toBe('multi');
    expect(toLiveQuery(options({ model: 'nova-2-meeting', language: 'auto' }), 1).has('language')).toBe(false);
  });
});

describe('liveListenUrl', () => {
  it('turns https into wss and http into ws, keeping a base path', () => {
    const query = new URLSearchParams({ model: 'nova-3' });
    expect(liveListenUrl('https://api.eu.deepgram.com', query).href).toBe('wss://api.eu.deepgram.com/v1/listen?model=nova-3');
    expect(liveListenUrl('http://localhost:8080/dg/', query).href).toBe('ws://localhost:8080/dg/v1/listen?model=nova-3');
  });
});
