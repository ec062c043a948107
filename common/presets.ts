import { z } from 'zod';
import { modelFamily, transcribeOptionsSchema } from './transcribe-options';

export {
  estimateKeytermTokens,
  isEnglish,
  keyTermParameter,
  maxKeyTerms,
  maxKeytermTokens,
  modelFamily,
  normalizeOptions,
  optionProblems,
  supportsFillerWords,
  supportsMultilingual,
  whyNotAllowed,
  type ModelFamily,
  type OptionProblem,
} from './transcribe-options';

/** The documented per-project limit on concurrent pre-recorded requests (the lower of the published figures). */
export const maxConcurrency = 50;
export const defaultConcurrency = 3;
export const maxPresets = 50;

export const presetSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().trim().min(1).max(60),
  options: transcribeOptionsSchema,
});
export type Preset = z.infer<typeof presetSchema>;

const modelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);

/** How files are transcribed unless a batch says otherwise; kept by main in its own versioned file. */
export const transcriptionSettingsSchema = z.object({
  presets: z.array(presetSchema).min(1).max(maxPresets),
  defaultPresetId: z.string(),
  /** US dollars per audio minute, by model id; used only for the estimate shown before a batch. */
  pricesPerMinute: z.record(modelIdSchema, z.number().min(0).max(100)),
  concurrency: z.number().int().min(1).max(maxConcurrency),
});
export type TranscriptionSettings = z.infer<typeof transcriptionSettingsSchema>;

export const modelInfoSchema = z.object({
  id: modelIdSchema,
  name: z.string().max(200),
  /** Language codes the model accepts; empty when unknown. */
  languages: z.array(z.string().max(40)).max(500),
  streaming: z.boolean(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const modelCatalogSchema = z.object({
  models: z.array(modelInfoSchema).max(500),
  /** `deepgram` when read from `GET /v1/models`, `built-in` when that was not reachable. */
  source: z.enum(['deepgram', 'built-in']),
});
export type ModelCatalog = z.infer<typeof modelCatalogSchema>;

function preset(id: string, name: string, options: Partial<z.input<typeof transcribeOptionsSchema>>): Preset {
  return presetSchema.parse({ id, name, options: { model: 'nova-3', language: 'en', ...options } });
}

const readable = { smartFormat: true, punctuate: true, paragraphs: true, utterances: true };

/**
 * The presets a new user starts with. All use Nova-3, the most accurate model, in English (the
 * intelligence features are English-only; changing the language turns them off).
 * - Meeting: several voices, read afterwards as notes, so speakers and a summary. Summaries are
 *   billed by token on top of the audio minutes, a small share for spoken text.
 * - Interview: speakers kept apart for quoting, no summary (the exact words matter).
 * - Podcast: speakers, plus a summary and topics that serve as show notes.
 * - Phone call: diarization rather than multichannel. Many call recordings are mono, or stereo
 *   with the same mix on both sides, where multichannel would transcribe (and bill) every channel
 *   twice; a recording with caller and agent on separate channels can switch multichannel on.
 */
export const builtInPresets: readonly Preset[] = [
  preset('meeting', 'Meeting', { ...readable, diarize: true, summarize: true }),
  preset('interview', 'Interview', { ...readable, diarize: true }),
  preset('podcast', 'Podcast', { ...readable, diarize: true, summarize: true, topics: true }),
  preset('phone-call', 'Phone call', { ...readable, diarize: true }),
];

/**
 * Deepgram's public pay-as-you-go prices for pre-recorded audio, in US dollars per minute, as
 * published when this was written. They are only defaults for the estimate: the user can change
 * them in Settings (a Growth plan or a contract pays less). `<family>-multilingual` is the price
 * of that family with `language=multi`. Add-ons billed separately (e.g. summaries by token) and
 * multichannel (billed per channel) are not included.
 */
export const defaultPricesPerMinute: Readonly<Record<string, number>> = {
  'nova-3': 0.0043,
  'nova-3-multilingual': 0.0052,
  'nova-2': 0.0043,
  nova: 0.0043,
  enhanced: 0.0145,
  base: 0.0125,
  whisper: 0.0048,
};

export const defaultTranscriptionSettings: TranscriptionSettings = transcriptionSettingsSchema.parse({
  presets: builtInPresets,
  defaultPresetId: 'meeting',
  pricesPerMinute: defaultPricesPerMinute,
  concurrency: defaultConcurrency,
});

/** The price per minute for a model: its own entry, else its family's (`nova-2-meeting` → `nova-2`); null when unknown. */
export function pricePerMinute(model: string, pricesPerMinute: Readonly<Record<string, number>>, language?: string): number | null {
  const family = modelFamily(model);
  const candidates: string[] = [];
  if (language === 'multi') candidates.push(`${model}-multilingual`, ...(family ? [`${family}-multilingual`] : []));
  candidates.push(model, ...(family ? [family] : []));
  for (const key of candidates) {
    const price = Object.hasOwn(pricesPerMinute, key) ? pricesPerMinute[key] : undefined;
    if (typeof price === 'number' && Number.isFinite(price) && price >= 0) return price;
  }
  return null;
}

/**
 * Estimated US dollars for transcribing `totalDurationSec` of audio with `model` (and `language`,
 * which matters for `multi`); null when the model has no known price or the duration is not a
 * non-negative number.
 */
export function estimateCostUsd(
  totalDurationSec: number,
  model: string,
  pricesPerMinute: Readonly<Record<string, number>>,
  language?: string,
): number | null {
  if (!Number.isFinite(totalDurationSec) || totalDurationSec < 0) return null;
  const price = pricePerMinute(model, pricesPerMinute, language);
  return price === null ? null : (totalDurationSec / 60) * price;
}

function model(id: string, name: string, languages: readonly string[], streaming = true): ModelInfo {
  return { id, name, languages: [...languages], streaming };
}

const english = ['en', 'en-US'];
const nova3Languages = [
  'en', 'en-US', 'en-AU', 'en-GB', 'en-IN', 'en-NZ', 'bg', 'ca', 'cs', 'de', 'de-CH', 'el', 'es', 'es-419', 'et', 'fi',
  'fr', 'fr-CA', 'hi', 'hu', 'id', 'it', 'ja', 'ko', 'ko-KR', 'lt', 'lv', 'ms', 'nl', 'nl-BE', 'no', 'pl', 'pt', 'pt-BR',
  'pt-PT', 'ro', 'ru', 'sk', 'th', 'th-TH', 'tr', 'uk', 'vi', 'zh', 'zh-CN', 'zh-Hans', 'zh-TW', 'zh-Hant', 'zh-HK', 'multi',
];
const nova2Languages = [
  'en', 'en-US', 'en-AU', 'en-GB', 'en-IN', 'en-NZ', 'bg', 'ca', 'cs', 'da', 'da-DK', 'de', 'de-CH', 'el', 'es', 'es-419',
  'et', 'fi', 'fr', 'fr-CA', 'hi', 'hu', 'id', 'it', 'ja', 'ko', 'ko-KR', 'lt', 'lv', 'ms', 'nl', 'nl-BE', 'no', 'pl', 'pt',
  'pt-BR', 'pt-PT', 'ro', 'ru', 'sk', 'sv', 'sv-SE', 'th', 'th-TH', 'tr', 'uk', 'vi', 'zh', 'zh-CN', 'zh-Hans', 'zh-TW',
  'zh-Hant', 'multi',
];

/**
 * The models offered when `GET /v1/models` cannot be reached (regional or self-hosted endpoints,
 * offline, a key refused there). Languages are listed where Deepgram documents them, empty where
 * the list is long or uncertain; `multi` marks multilingual code-switching.
 */
export const builtInModels: readonly ModelInfo[] = [
  model('nova-3', 'Nova-3', nova3Languages),
  model('nova-3-medical', 'Nova-3 Medical', ['en', 'en-US', 'en-AU', 'en-CA', 'en-GB', 'en-IE', 'en-IN', 'en-NZ', 'multi']),
  model('nova-2', 'Nova-2', nova2Languages),
  model('nova-2-meeting', 'Nova-2 Meeting', english),
  model('nova-2-phonecall', 'Nova-2 Phone call', english),
  model('nova-2-finance', 'Nova-2 Finance', english),
  model('nova-2-conversationalai', 'Nova-2 Conversational AI', english),
  model('nova-2-voicemail', 'Nova-2 Voicemail', english),
  model('nova-2-video', 'Nova-2 Video', english),
  model('nova-2-medical', 'Nova-2 Medical', english),
  model('nova-2-drivethru', 'Nova-2 Drive-thru', english),
  model('nova-2-automotive', 'Nova-2 Automotive', english),
  model('nova', 'Nova', []),
  model('nova-phonecall', 'Nova Phone call', english),
  model('enhanced', 'Enhanced', []),
  model('enhanced-meeting', 'Enhanced Meeting', english),
  model('enhanced-phonecall', 'Enhanced Phone call', english),
  model('enhanced-finance', 'Enhanced Finance', english),
  model('base', 'Base', []),
  model('whisper', 'Whisper Cloud', [], false),
];

/** The display name of a built-in model id, or undefined for ids the app does not know. */
export function builtInModelName(id: string): string | undefined {
  return builtInModels.find((m) => m.id === id)?.name;
}
