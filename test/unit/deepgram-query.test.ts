import { DeepgramClient } from '@deepgram/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTranscribeOptions, transcribeOptionsSchema } from '../../common/transcribe-options';
import type { TranscribeOptions } from '../../common/transcribe-options';
import { toListenQuery } from '../../main/services/deepgram/deepgram-query';

interface Sent {
  url: URL;
  /** The query string exactly as it went out. */
  search: string;
  body: unknown;
}

/** A real SDK client whose fetch records each request and answers like Deepgram. */
function recordingClient(): { client: DeepgramClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    sent.push({ url, search: url.search, body: init?.body });
    return new Response(JSON.stringify({ metadata: { request_id: 'r-1' }, results: { channels: [] } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { client: new DeepgramClient({ apiKey: 'test-key-0000000000000000000000000000000', baseUrl: 'https://dg.test', fetch }), sent };
}

async function sendFile(options: TranscribeOptions, tags?: string[]): Promise<Sent> {
  const { client, sent } = recordingClient();
  await client.listen.v1.media.transcribeFile(Buffer.from('RIFF'), toListenQuery(options, tags ? { tags } : {}), { maxRetries: 0 });
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

const options = (change: Partial<TranscribeOptions>): TranscribeOptions => ({ ...defaultTranscribeOptions, ...change });

/** Every parameter name in a query string, in order, repeated as often as it appears. */
const names = (search: string): string[] => [...new URLSearchParams(search).keys()];

describe('toListenQuery through the real SDK', () => {
  it('sends lists as repeated keys: keyterm (phrases kept whole), redact and tag', async () => {
    const { url, search } = await sendFile(
      options({ keyTerms: ['Deepgram Desk', 'zod'], redact: ['pci', 'numbers'], tags: ['desk'] }),
      ['batch-7', 'desk'],
    );
    expect(url.pathname).toBe('/v1/listen');
    expect(url.searchParams.getAll('keyterm')).toEqual(['Deepgram Desk', 'zod']);
    expect(search).toContain('keyterm=Deepgram%20Desk&keyterm=zod');
    expect(url.searchParams.getAll('redact')).toEqual(['pci', 'numbers']);
    expect(url.searchParams.getAll('tag')).toEqual(['desk', 'batch-7']);
    // Neither indices (`keyterm[0]`) nor commas.
    expect(names(search).every((name) => /^[a-z_]+$/.test(name))).toBe(true);
    expect(url.searchParams.has('keywords')).toBe(false);
  });

  it('maps every option, and the SDK drops none of them', async () => {
    const all = options({
      model: 'nova-3',
      language: 'en-GB',
      smartFormat: true,
      punctuate: true,
      diarize: true,
      paragraphs: true,
      utterances: true,
      numerals: true,
      fillerWords: true,
      profanityFilter: true,
      redact: ['pii'],
      keyTerms: ['zod'],
      summarize: true,
      topics: true,
      intents: true,
      sentiment: true,
      multichannel: true,
      tags: ['t'],
    });
    const query = toListenQuery(all);
    const { url, search } = await sendFile(all);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      model: 'nova-3',
      language: 'en-GB',
      smart_format: 'true',
      punctuate: 'true',
      diarize: 'true',
      paragraphs: 'true',
      utterances: 'true',
      numerals: 'true',
      filler_words: 'true',
      profanity_filter: 'true',
      redact: 'pii',
      keyterm: 'zod',
      summarize: 'v2',
      topics: 'true',
      intents: 'true',
      sentiment: 'true',
      multichannel: 'true',
      tag: 't',
    });
    expect(new Set(names(search))).toEqual(new Set(Object.keys(query)));
  });

  it('sends the formatting switches as written, and leaves the rest out when off', async () => {
    const { url } = await sendFile(options({ smartFormat: false, punctuate: false, diarize: false, paragraphs: false, utterances: false }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      model: 'nova-3',
      language: 'en',
      smart_format: 'false',
      punctuate: 'false',
      diarize: 'false',
      paragraphs: 'false',
      utterances: 'false',
    });
  });

  it('asks for detection instead of a language when the language is auto', async () => {
    const { url } = await sendFile(options({ language: 'auto' }));
    expect(url.searchParams.get('detect_language')).toBe('true');
    expect(url.searchParams.has('language')).toBe(false);
  });

  it('sends keywords, never keyterm, to older models, and neither to Whisper', async () => {
    const nova2 = await sendFile(options({ model: 'nova-2-meeting', keyTerms: ['zod', 'vitest'] }));
    expect(nova2.url.searchParams.getAll('keywords')).toEqual(['zod', 'vitest']);
    expect(nova2.url.searchParams.has('keyterm')).toBe(false);
    const whisper = await sendFile(options({ model: 'whisper', keyTerms: ['zod'] }));
    expect(whisper.url.searchParams.has('keywords') || whisper.url.searchParams.has('keyterm')).toBe(false);
  });

  it('never sends keywords to a Nova-3 model, whatever the options', async () => {
    const nova3Options = fc
      .record({
        model: fc.constantFrom('nova-3', 'nova-3-general', 'nova-3-medical'),
        language: fc.constantFrom('en', 'de', 'multi', 'auto'),
        keyTerms: fc.array(fc.stringMatching(/^[A-Za-z]{1,10}( [A-Za-z]{1,10})?$/), { maxLength: 100 }),
      })
      .map((o) => transcribeOptionsSchema.parse(o));
    await fc.assert(
      fc.asyncProperty(nova3Options, async (o) => {
        const { url } = await sendFile(o);
        expect(url.searchParams.has('keywords')).toBe(false);
        expect(url.searchParams.getAll('keyterm').length).toBeLessThanOrEqual(o.keyTerms.length);
      }),
      { numRuns: 60 },
    );
  });

  it('switches off what Deepgram would refuse before sending', async () => {
    const { url } = await sendFile(options({ language: 'de', summarize: true, sentiment: true, redact: ['pii', 'numbers'] }));
    expect(url.searchParams.has('summarize')).toBe(false);
    expect(url.searchParams.has('sentiment')).toBe(false);
    expect(url.searchParams.getAll('redact')).toEqual(['numbers']);
  });

  it('puts only the url in a link request body; every option stays in the query', async () => {
    const { client, sent } = recordingClient();
    const o = options({ keyTerms: ['Deepgram Desk'], redact: ['pci', 'pii'], diarize: true, tags: ['desk'] });
    await client.listen.v1.media.transcribeUrl({ url: 'https://media.example/talk.mp3', ...toListenQuery(o) }, { maxRetries: 0 });
    const [request] = sent;
    expect(JSON.parse(String(request?.body))).toEqual({ url: 'https://media.example/talk.mp3' });
    const file = await sendFile(o);
    expect(request?.search).toBe(file.search);
  });
});
