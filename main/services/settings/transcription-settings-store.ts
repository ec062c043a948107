import { join } from 'node:path';
import { AppError } from '../../../common/errors';
import { defaultTranscriptionSettings, maxPresets, presetSchema, transcriptionSettingsSchema } from '../../../common/presets';
import type { Preset, TranscriptionSettings } from '../../../common/presets';
import { readJsonFile, writeFileAtomic } from '../fs/atomic-file';

const fields = transcriptionSettingsSchema.shape;

function copyDefaults(): TranscriptionSettings {
  return structuredClone(defaultTranscriptionSettings);
}

/** Valid presets of a stored list, the first of each id, within the schema's limit; null when none is left. */
function readPresets(raw: unknown): Preset[] | null {
  if (!Array.isArray(raw)) return null;
  const presets: Preset[] = [];
  for (const item of raw) {
    const parsed = presetSchema.safeParse(item);
    if (parsed.success && !presets.some((p) => p.id === parsed.data.id)) presets.push(parsed.data);
  }
  return presets.length > 0 ? presets.slice(0, maxPresets) : null;
}

function readPrices(raw: unknown): Record<string, number> | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const prices: Record<string, number> = {};
  for (const [model, price] of Object.entries(raw)) {
    const parsed = fields.pricesPerMinute.safeParse({ [model]: price });
    if (parsed.success) Object.assign(prices, parsed.data);
  }
  return prices;
}

/** Reads a stored settings file field by field: a damaged field gets its default, a bad preset is dropped. */
export function restoreTranscriptionSettings(raw: unknown): TranscriptionSettings {
  const defaults = copyDefaults();
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const presets = readPresets(record.presets) ?? defaults.presets;
  const ids = new Set(presets.map((p) => p.id));
  const storedDefault = record.defaultPresetId;
  const defaultPresetId =
    typeof storedDefault === 'string' && ids.has(storedDefault)
      ? storedDefault
      : ids.has(defaults.defaultPresetId)
        ? defaults.defaultPresetId
        : presets[0]!.id;
  const concurrency = fields.concurrency.safeParse(record.concurrency);
  return {
    presets,
    defaultPresetId,
    pricesPerMinute: readPrices(record.pricesPerMinute) ?? defaults.pricesPerMinute,
    concurrency: concurrency.success ? concurrency.data : defaults.concurrency,
  };
}

/** Presets, the default preset, prices for the estimate and concurrency, in `<data>/transcription-settings.json`. */
export class TranscriptionSettingsStore {
  private readonly path: string;
  private cache: TranscriptionSettings | undefined;
  private readonly listeners = new Set<(settings: TranscriptionSettings) => void>();
  /** Changes are applied one after another, so a slower write never lands after a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'transcription-settings.json');
  }

  /** The saved settings, or the defaults for whatever is missing or damaged. */
  async get(): Promise<TranscriptionSettings> {
    if (this.cache) return structuredClone(this.cache);
    const raw = await readJsonFile(this.path).catch(() => undefined);
    this.cache = restoreTranscriptionSettings(raw);
    return structuredClone(this.cache);
  }

  /** Validates and saves the whole settings, then tells every listener; refuses duplicate preset ids or a missing default. */
  set(settings: TranscriptionSettings): Promise<TranscriptionSettings> {
    const applied = this.queue.then(async () => {
      const next = validate(settings);
      await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, ...next }, null, 2)}\n`);
      this.cache = next;
      for (const listener of this.listeners) listener(structuredClone(next));
      return structuredClone(next);
    });
    this.queue = applied.catch(() => undefined);
    return applied;
  }

  /** Calls `listener` after every saved change; returns the unsubscribe function. */
  onChange(listener: (settings: TranscriptionSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function validate(settings: unknown): TranscriptionSettings {
  const parsed = transcriptionSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new AppError('INVALID_ARGUMENT', `These transcription settings are not valid${where}: ${issue?.message ?? 'unknown problem'}.`);
  }
  const next = parsed.data;
  const seen = new Set<string>();
  for (const preset of next.presets) {
    if (seen.has(preset.id)) throw new AppError('INVALID_ARGUMENT', `Two presets share the id “${preset.id}”; each preset needs its own.`);
    seen.add(preset.id);
  }
  if (!seen.has(next.defaultPresetId)) {
    throw new AppError('INVALID_ARGUMENT', `The default preset “${next.defaultPresetId}” is not one of the presets.`);
  }
  return next;
}
