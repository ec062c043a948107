import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtInModels,
  builtInPresets,
  defaultPricesPerMinute,
  defaultTranscriptionSettings,
  estimateCostUsd,
  modelInfoSchema,
  transcriptionSettingsSchema,
} from '../../common/presets';
import {
  defaultTranscribeOptions,
  estimateKeytermTokens,
  keyTermParameter,
  maxKeytermTokens,
  modelFamily,
  normalizeOptions,
  optionProblems,
  transcribeOptionsSchema,
  whyNotAllowed,
} from '../../common/transcribe-options';
import type { TranscribeOptions } from '../../common/transcribe-options';

const options = (change: Partial<TranscribeOptions>): TranscribeOptions => ({ ...defaultTranscribeOptions, ...change });
const fieldsOf = (o: TranscribeOptions): string[] => optionProblems(o).map((p) => p.field);

const models = ['nova-3', 'nova-3-medical', 'nova-2', 'nova-2-general', 'nova-2-meeting', 'nova', 'nova-phonecall', 'enhanced', 'base', 'meeting', 'whisper', 'whisper-large', 'acme-custom-1'];
const languages = ['en', 'en-GB', 'de', 'fr-CA', 'auto', 'multi'];

/** Any options the schema accepts, over the models and languages whose rules differ. */
const anyOptions: fc.Arbitrary<TranscribeOptions> = fc
  .record({
    model: fc.constantFrom(...models),
    language: fc.constantFrom(...languages),
    smartFormat: fc.boolean(),
    punctuate: fc.boolean(),
    diarize: fc.boolean(),
    paragraphs: fc.boolean(),
    utterances: fc.boolean(),
    numerals: fc.boolean(),
    fillerWords: fc.boolean(),
    profanityFilter: fc.boolean(),
    redact: fc.subarray(['pci', 'pii', 'numbers'] as const),
    keyTerms: fc.array(fc.stringMatching(/^[A-Za-z]{1,14}( [A-Za-z]{1,14})?$/), { maxLength: 100 }),
    summarize: fc.boolean(),
    topics: fc.boolean(),
    intents: fc.boolean(),
    sentiment: fc.boolean(),
    multichannel: fc.boolean(),
    tags: fc.array(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { maxLength: 5 }),
  })
  .map((o) => transcribeOptionsSchema.parse(o));

describe('transcribeOptionsSchema', () => {
  it('gives every field a default, so options saved by an older version still parse', () => {
    expect(transcribeOptionsSchema.parse({})).toEqual(defaultTranscribeOptions);
    const old = transcribeOptionsSchema.parse({ model: 'nova-2', language: 'de', smartFormat: false, diarize: true });
    expect(old).toEqual({ ...defaultTranscribeOptions, model: 'nova-2', language: 'de', smartFormat: false, diarize: true });
    for (const [field, schema] of Object.entries(transcribeOptionsSchema.shape)) {
      expect(schema.safeParse(undefined).success, `${field} has a default`).toBe(true);
    }
  });
});

describe('model families', () => {
  it('groups model ids by generation, and knows which parameter carries key terms', () => {
    const table = Object.fromEntries(models.map((m) => [m, [modelFamily(m), keyTermParameter(m)]]));
    expect(table).toEqual({
      'nova-3': ['nova-3', 'keyterm'],
      'nova-3-medical': ['nova-3', 'keyterm'],
      'nova-2': ['nova-2', 'keywords'],
      'nova-2-general': ['nova-2', 'keywords'],
      'nova-2-meeting': ['nova-2', 'keywords'],
      nova: ['nova', 'keywords'],
      'nova-phonecall': ['nova', 'keywords'],
      enhanced: ['enhanced', 'keywords'],
      base: ['base', 'keywords'],
      meeting: ['base', 'keywords'],
      whisper: ['whisper', null],
      'whisper-large': ['whisper', null],
      'acme-custom-1': [null, null],
    });
    expect(modelFamily('nova-4')).toBeNull();
  });
});

describe('optionProblems', () => {
  it('accepts the defaults and every built-in preset', () => {
    expect(optionProblems(defaultTranscribeOptions)).toEqual([]);
    for (const preset of builtInPresets) expect(optionProblems(preset.options), preset.name).toEqual([]);
  });

  it('allows multilingual only on Nova-3 and general Nova-2', () => {
    for (const model of ['nova-3', 'nova-3-medical', 'nova-2', 'nova-2-general']) expect(fieldsOf(options({ model, language: 'multi' })), model).toEqual([]);
    for (const model of ['nova-2-meeting', 'nova', 'enhanced', 'base', 'whisper']) expect(fieldsOf(options({ model, language: 'multi' })), model).toEqual(['language']);
  });

  it('keeps the English-only features to English, never with detection or multilingual', () => {
    const english = { summarize: true, topics: true, intents: true, sentiment: true, fillerWords: true, redact: ['pci', 'pii', 'numbers'] as TranscribeOptions['redact'] };
    expect(fieldsOf(options({ ...english, language: 'en-GB' }))).toEqual([]);
    for (const language of ['de', 'auto', 'multi']) {
      expect(fieldsOf(options({ ...english, language })), language).toEqual(['summarize', 'topics', 'intents', 'sentiment', 'fillerWords', 'redact']);
    }
    // Number redaction works in every language.
    expect(fieldsOf(options({ language: 'fr-CA', redact: ['numbers'] }))).toEqual([]);
    const [problem] = optionProblems(options({ language: 'auto', summarize: true }));
    expect(problem?.message).toMatch(/English audio only, not with automatic language detection/);
  });

  it('allows filler words only on the general Nova models', () => {
    for (const model of ['nova-3', 'nova-2', 'nova']) expect(fieldsOf(options({ model, fillerWords: true })), model).toEqual([]);
    for (const model of ['nova-2-meeting', 'nova-3-medical', 'enhanced', 'whisper']) expect(fieldsOf(options({ model, fillerWords: true })), model).toEqual(['fillerWords']);
  });

  it('checks key terms against the parameter the model takes', () => {
    expect(fieldsOf(options({ model: 'nova-3', keyTerms: ['Deepgram Desk', 'zod'] }))).toEqual([]);
    expect(fieldsOf(options({ model: 'nova-2', keyTerms: ['Deepgram', 'zod'] }))).toEqual([]);
    expect(optionProblems(options({ model: 'nova-2', keyTerms: ['zod', 'Deepgram Desk'] }))[0]?.message).toMatch(/single words only: split “Deepgram Desk”/);
    expect(fieldsOf(options({ model: 'whisper', keyTerms: ['zod'] }))).toEqual(['keyTerms']);
    expect(fieldsOf(options({ model: 'acme-custom-1', keyTerms: ['zod'] }))).toEqual(['keyTerms']);
    // 100 terms of 18 letters: 6 estimated tokens each.
    const long = Array.from({ length: 100 }, (_, i) => `${'abcdefghijklmnopq'}${String.fromCharCode(97 + (i % 26))}`);
    expect(estimateKeytermTokens(long)).toBe(600);
    expect(optionProblems(options({ keyTerms: long }))).toEqual([{ field: 'keyTerms', message: expect.stringMatching(/limited to 500 tokens.*about 600/) }]);
    expect(fieldsOf(options({ keyTerms: long.slice(0, 83) }))).toEqual([]);
  });
});

describe('normalizeOptions', () => {
  it('leaves options without problems exactly as they are', () => {
    fc.assert(
      fc.property(anyOptions, (o) => {
        fc.pre(optionProblems(o).length === 0);
        expect(normalizeOptions(o)).toEqual(o);
      }),
      { numRuns: 300 },
    );
  });

  it('turns off whatever optionProblems objects to, and only that', () => {
    fc.assert(
      fc.property(anyOptions, (o) => {
        const fixed = normalizeOptions(o);
        expect(optionProblems(fixed)).toEqual([]);
        expect(transcribeOptionsSchema.parse(fixed)).toEqual(fixed);
        const touched = new Set(optionProblems(o).map((p) => p.field));
        // Multilingual on a model without it becomes detection, which also rules out English-only features.
        if (touched.has('language')) ['summarize', 'topics', 'intents', 'sentiment', 'fillerWords', 'redact'].forEach((f) => touched.add(f as keyof TranscribeOptions));
        for (const field of Object.keys(o) as (keyof TranscribeOptions)[]) {
          if (!touched.has(field)) expect(fixed[field], field).toEqual(o[field]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps what it can: the first key terms within the limit, number redaction, detection for multilingual', () => {
    const long = Array.from({ length: 100 }, () => 'abcdefghijklmnopqr');
    expect(normalizeOptions(options({ keyTerms: long })).keyTerms).toHaveLength(Math.floor(maxKeytermTokens / 6));
    // The list is in the user's order of importance: it is cut where it overflows, not picked through.
    const cut = [...long.slice(0, 83), 'abcdefg', 'ab'];
    expect(normalizeOptions(options({ keyTerms: cut })).keyTerms).toEqual(long.slice(0, 83));
    expect(normalizeOptions(options({ language: 'de', redact: ['pii', 'numbers'], summarize: true }))).toMatchObject({ language: 'de', redact: ['numbers'], summarize: false });
    expect(normalizeOptions(options({ model: 'nova-2', keyTerms: ['zod', 'Deepgram Desk', 'vitest'] })).keyTerms).toEqual(['zod', 'vitest']);
    expect(normalizeOptions(options({ model: 'enhanced', language: 'multi', topics: true }))).toMatchObject({ language: 'auto', topics: false });
  });
});

describe('whyNotAllowed', () => {
  it('names the reason a switch cannot be turned on, and nothing when it can', () => {
    const german = options({ language: 'de' });
    expect(whyNotAllowed(german, { summarize: true })).toMatch(/^Summarization is available for English audio only, not in de/);
    expect(whyNotAllowed(german, { redact: ['numbers'] })).toBeNull();
    expect(whyNotAllowed(german, { redact: ['pii'] })).toMatch(/pii/);
    expect(whyNotAllowed(options({ model: 'nova-2-meeting' }), { language: 'multi' })).toMatch(/Multilingual transcription needs Nova-3 or Nova-2/);
    // A language change is allowed even when it rules out a feature that is on: normalizeOptions turns that off.
    expect(whyNotAllowed(options({ summarize: true }), { language: 'de' })).toBeNull();
  });
});

describe('presets and settings', () => {
  it('ships four valid presets with unique ids, and default settings the schema accepts', () => {
    expect(builtInPresets.map((p) => [p.id, p.name])).toEqual([
      ['meeting', 'Meeting'],
      ['interview', 'Interview'],
      ['podcast', 'Podcast'],
      ['phone-call', 'Phone call'],
    ]);
    expect(transcriptionSettingsSchema.parse(defaultTranscriptionSettings)).toEqual(defaultTranscriptionSettings);
    expect(defaultTranscriptionSettings).toMatchObject({ defaultPresetId: 'meeting', concurrency: 3 });
    expect(builtInPresets.find((p) => p.id === 'meeting')?.options).toMatchObject({ model: 'nova-3', diarize: true, paragraphs: true, smartFormat: true });
    expect(builtInPresets.find((p) => p.id === 'phone-call')?.options).toMatchObject({ diarize: true, multichannel: false });
  });

  it('lists built-in models the contract accepts, nova-3 first, with multilingual where offered', () => {
    for (const model of builtInModels) expect(modelInfoSchema.parse(model)).toEqual(model);
    expect(new Set(builtInModels.map((m) => m.id)).size).toBe(builtInModels.length);
    expect(builtInModels[0]?.id).toBe('nova-3');
    for (const model of builtInModels) {
      expect(model.languages.includes('multi'), model.id).toBe(normalizeOptions(options({ model: model.id, language: 'multi' })).language === 'multi');
    }
  });
});

describe('estimateCostUsd', () => {
  it('prices by model, falls back to the family, and knows nothing of unknown models', () => {
    const hour = 3600;
    expect(estimateCostUsd(hour, 'nova-3', defaultPricesPerMinute)).toBeCloseTo(60 * 0.0043, 10);
    expect(estimateCostUsd(hour, 'nova-2-meeting', { 'nova-2': 0.01 })).toBeCloseTo(0.6, 10);
    expect(estimateCostUsd(hour, 'nova-2-meeting', { 'nova-2': 0.01, 'nova-2-meeting': 0.02 })).toBeCloseTo(1.2, 10);
    expect(estimateCostUsd(hour, 'meeting', { base: 0.0125 })).toBeCloseTo(0.75, 10);
    expect(estimateCostUsd(hour, 'acme-custom-1', defaultPricesPerMinute)).toBeNull();
    expect(estimateCostUsd(hour, 'nova-3', {})).toBeNull();
    expect(estimateCostUsd(0, 'nova-3', defaultPricesPerMinute)).toBe(0);
    expect(estimateCostUsd(-1, 'nova-3', defaultPricesPerMinute)).toBeNull();
    expect(estimateCostUsd(Number.NaN, 'nova-3', defaultPricesPerMinute)).toBeNull();
  });

  it('uses the multilingual price for language=multi when there is one', () => {
    expect(estimateCostUsd(60, 'nova-3', defaultPricesPerMinute, 'multi')).toBeCloseTo(0.0052, 10);
    expect(estimateCostUsd(60, 'nova-3', defaultPricesPerMinute, 'en')).toBeCloseTo(0.0043, 10);
    expect(estimateCostUsd(60, 'nova-2', defaultPricesPerMinute, 'multi')).toBeCloseTo(0.0043, 10);
  });
});
