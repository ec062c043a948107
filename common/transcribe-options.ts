import { z } from 'zod';

export const redactionKinds = ['pci', 'pii', 'numbers'] as const;
export type RedactionKind = (typeof redactionKinds)[number];

const termSchema = z.string().trim().min(1).max(100);

/** Deepgram accepts at most 100 key terms (`keyterm` on Nova-3) or keywords (older models) per request. */
export const maxKeyTerms = 100;
/** Deepgram's limit on the summed size of all `keyterm` values of one request. */
export const maxKeytermTokens = 500;

/**
 * Deepgram options for a transcription; names follow the app, `deepgram-query.ts` maps them.
 * Every field has a default so that options saved by an older version still parse.
 */
export const transcribeOptionsSchema = z.object({
  model: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Model ids are lowercase letters, digits, dots and dashes.')
    .default('nova-3'),
  /** A language code, `multi` (multilingual code-switching) or `auto` (detect the language). */
  language: z
    .string()
    .regex(/^(multi|auto|[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*)$/, 'Use a language code such as en, en-US, multi or auto.')
    .default('en'),
  smartFormat: z.boolean().default(true),
  punctuate: z.boolean().default(true),
  diarize: z.boolean().default(false),
  paragraphs: z.boolean().default(true),
  utterances: z.boolean().default(true),
  numerals: z.boolean().default(false),
  fillerWords: z.boolean().default(false),
  profanityFilter: z.boolean().default(false),
  redact: z.array(z.enum(redactionKinds)).max(redactionKinds.length).default([]),
  /** Sent as `keyterm` to Nova-3 and as `keywords` to older models. */
  keyTerms: z.array(termSchema).max(maxKeyTerms).default([]),
  summarize: z.boolean().default(false),
  topics: z.boolean().default(false),
  intents: z.boolean().default(false),
  sentiment: z.boolean().default(false),
  multichannel: z.boolean().default(false),
  tags: z.array(termSchema).max(20).default([]),
});
export type TranscribeOptions = z.infer<typeof transcribeOptionsSchema>;
export const defaultTranscribeOptions: TranscribeOptions = transcribeOptionsSchema.parse({});

export type ModelFamily = 'nova-3' | 'nova-2' | 'nova' | 'enhanced' | 'base' | 'whisper';

const familyPatterns: readonly [ModelFamily, RegExp][] = [
  ['nova-3', /^nova-3(-|$)/],
  ['nova-2', /^nova-2(-|$)/],
  // `nova-general`, `nova-phonecall`: a letter follows, never a generation number.
  ['nova', /^nova(-[a-z]|$)/],
  ['enhanced', /^enhanced(-|$)/],
  ['base', /^base(-|$)/],
  ['whisper', /^whisper(-|$)/],
];
// The oldest tier is also reachable by its bare use-case names.
const baseTierNames = new Set(['general', 'meeting', 'phonecall', 'finance', 'conversationalai', 'voicemail', 'video']);

/** The generation a model id belongs to (`nova-2-meeting` → `nova-2`); null for custom or unknown ids. */
export function modelFamily(model: string): ModelFamily | null {
  for (const [family, pattern] of familyPatterns) if (pattern.test(model)) return family;
  return baseTierNames.has(model) ? 'base' : null;
}

/**
 * Which query parameter carries key terms for a model: `keyterm` is Nova-3 only (monolingual and
 * multilingual), `keywords` Nova-2, Nova, Enhanced and Base only; Deepgram answers `keywords` on
 * Nova-3 with a 400. Whisper takes neither, and for a custom model the right one is unknown.
 */
export function keyTermParameter(model: string): 'keyterm' | 'keywords' | null {
  const family = modelFamily(model);
  if (family === 'nova-3') return 'keyterm';
  if (family === 'nova-2' || family === 'nova' || family === 'enhanced' || family === 'base') return 'keywords';
  return null;
}

/** `language=multi` (code-switching) exists on the Nova-3 models and on general Nova-2 only. */
export function supportsMultilingual(model: string): boolean {
  return modelFamily(model) === 'nova-3' || model === 'nova-2' || model === 'nova-2-general';
}

/** Filler words are transcribed only by the general Nova, Nova-2 and Nova-3 models. */
export function supportsFillerWords(model: string): boolean {
  return ['nova-3', 'nova-3-general', 'nova-2', 'nova-2-general', 'nova', 'nova-general'].includes(model);
}

/** True for `en` and its regional tags; false for `auto` and `multi`, whose language is not known in advance. */
export function isEnglish(language: string): boolean {
  return /^en(-|$)/i.test(language);
}

/**
 * An estimate, on the high side, of the tokens Deepgram counts for key terms: about one token per
 * three characters of each word. Deepgram does not publish its tokenizer.
 */
export function estimateKeytermTokens(terms: readonly string[]): number {
  let tokens = 0;
  for (const term of terms) {
    for (const word of term.split(/\s+/)) if (word) tokens += Math.max(1, Math.ceil(word.length / 3));
  }
  return tokens;
}

export interface OptionProblem {
  field: keyof TranscribeOptions;
  message: string;
}

const englishOnly = [
  ['summarize', 'Summarization'],
  ['topics', 'Topic detection'],
  ['intents', 'Intent recognition'],
  ['sentiment', 'Sentiment analysis'],
  ['fillerWords', 'Filler-word transcription'],
] as const satisfies readonly (readonly [keyof TranscribeOptions, string])[];

/** Redaction of entities (cards, personal data) is English-only; number redaction works in every language. */
const englishOnlyRedaction: readonly RedactionKind[] = ['pci', 'pii'];

function isMultiWord(term: string): boolean {
  return /\s/.test(term.trim());
}

/** Why these options cannot be sent as they are, one entry per offending field; empty when they can. */
export function optionProblems(options: TranscribeOptions): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const { model, language } = options;
  if (language === 'multi' && !supportsMultilingual(model)) {
    problems.push({ field: 'language', message: `Multilingual transcription needs Nova-3 or Nova-2; ${model} does not offer it. Pick one of those models, or a single language.` });
  }
  const english = isEnglish(language);
  const why = language === 'auto' ? 'with automatic language detection' : language === 'multi' ? 'with multilingual transcription' : `in ${language}`;
  for (const [field, label] of englishOnly) {
    if (options[field] && !english) {
      problems.push({ field, message: `${label} is available for English audio only, not ${why}. Choose an English language to turn it on.` });
    }
  }
  if (options.fillerWords && english && !supportsFillerWords(model)) {
    problems.push({ field: 'fillerWords', message: `Filler words are transcribed only by the general Nova-3, Nova-2 and Nova models, not ${model}.` });
  }
  if (!english && options.redact.some((kind) => englishOnlyRedaction.includes(kind))) {
    problems.push({ field: 'redact', message: `Redacting card numbers (pci) and personal data (pii) works on English audio only, not ${why}; number redaction works in every language.` });
  }
  if (options.keyTerms.length > 0) {
    const parameter = keyTermParameter(model);
    if (parameter === null) {
      problems.push({ field: 'keyTerms', message: `Key terms cannot be sent to ${model}: they work with Nova-3 (key terms) and with Nova-2, Nova, Enhanced and Base (keywords).` });
    } else if (parameter === 'keyterm') {
      const tokens = estimateKeytermTokens(options.keyTerms);
      if (tokens > maxKeytermTokens) {
        problems.push({ field: 'keyTerms', message: `Key terms are limited to ${maxKeytermTokens} tokens per file; these come to about ${tokens}. Remove or shorten some.` });
      }
    } else {
      const phrase = options.keyTerms.find(isMultiWord);
      if (phrase !== undefined) {
        problems.push({ field: 'keyTerms', message: `${model} boosts single words only: split “${phrase}” into words, or use Nova-3, which takes phrases.` });
      }
    }
  }
  return problems;
}

/**
 * The same options with whatever `optionProblems` objects to turned off, so that a request never
 * carries a combination Deepgram refuses. Options without problems come back unchanged.
 */
export function normalizeOptions(options: TranscribeOptions): TranscribeOptions {
  const next: TranscribeOptions = { ...options, redact: [...options.redact], keyTerms: [...options.keyTerms], tags: [...options.tags] };
  // Detection is the nearest thing to multilingual on a model without it.
  if (next.language === 'multi' && !supportsMultilingual(next.model)) next.language = 'auto';
  const english = isEnglish(next.language);
  if (!english) {
    for (const [field] of englishOnly) next[field] = false;
    next.redact = next.redact.filter((kind) => !englishOnlyRedaction.includes(kind));
  }
  if (!supportsFillerWords(next.model)) next.fillerWords = false;
  const parameter = keyTermParameter(next.model);
  if (parameter === null) {
    next.keyTerms = [];
  } else if (parameter === 'keywords') {
    next.keyTerms = next.keyTerms.filter((term) => !isMultiWord(term));
  } else {
    const kept: string[] = [];
    for (const term of next.keyTerms) {
      if (estimateKeytermTokens([...kept, term]) > maxKeytermTokens) break;
      kept.push(term);
    }
    next.keyTerms = kept;
  }
  return next;
}

/**
 * Why a change cannot be made to these options (the first problem it would cause in a field it
 * touches), or null when it can: e.g. `whyNotAllowed(options, { summarize: true })`.
 */
export function whyNotAllowed(options: TranscribeOptions, change: Partial<TranscribeOptions>): string | null {
  const fields = new Set(Object.keys(change));
  const problem = optionProblems({ ...options, ...change }).find((p) => fields.has(p.field));
  return problem ? problem.message : null;
}
