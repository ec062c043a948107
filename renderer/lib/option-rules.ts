import type { RedactionKind, TranscribeOptions } from '../../common/domain';
import { normalizeOptions, optionProblems } from '../../common/presets';

export type OptionField = keyof TranscribeOptions;

function withField<K extends OptionField>(options: TranscribeOptions, field: K, value: TranscribeOptions[K]): TranscribeOptions {
  return { ...options, [field]: value };
}

function problemOf(options: TranscribeOptions, field: OptionField): string | null {
  return optionProblems(options).find((problem) => problem.field === field)?.message ?? null;
}

/**
 * Options made valid again after `changed` was set: every other field that became invalid is
 * turned off (or, for multilingual on a model without it, set to detection). The changed field
 * itself is left as chosen.
 */
export function fixOptions(options: TranscribeOptions, changed: OptionField): TranscribeOptions {
  if (!optionProblems(options).some((problem) => problem.field !== changed)) return options;
  return withField(normalizeOptions(options), changed, options[changed]);
}

/** Sets one field and repairs what that made invalid. */
export function changeOption<K extends OptionField>(options: TranscribeOptions, field: K, value: TranscribeOptions[K]): TranscribeOptions {
  return fixOptions(withField(options, field, value), field);
}

const probeValues: Partial<Record<OptionField, unknown>> = { keyTerms: ['term'], tags: ['tag'], redact: ['pii'] };

/**
 * Why a switch or list cannot be turned on with the other options as they are, or null when it
 * can. A field that is already on is never blocked: the user must be able to turn it off.
 */
export function blockedReason(options: TranscribeOptions, field: OptionField): string | null {
  const value = options[field];
  const isOn = value === true || (Array.isArray(value) && value.length > 0);
  if (isOn) return null;
  const probe = typeof value === 'boolean' ? true : (probeValues[field] ?? value);
  return problemOf({ ...options, [field]: probe } as TranscribeOptions, field);
}

/** Why one kind of redaction cannot be added, or null. */
export function redactionBlockedReason(options: TranscribeOptions, kind: RedactionKind): string | null {
  if (options.redact.includes(kind)) return null;
  return problemOf({ ...options, redact: [...options.redact, kind] }, 'redact');
}

/** Why a model or language cannot be chosen at all (even after repairing the rest), or null. */
export function choiceBlockedReason(options: TranscribeOptions, field: 'model' | 'language', value: string): string | null {
  return problemOf(changeOption(options, field, value), field);
}

/** Problems of the options as they stand (e.g. a preset saved by an older version). */
export function currentProblems(options: TranscribeOptions): { field: OptionField; message: string }[] {
  return optionProblems(options);
}

/** Whether two sets of options ask Deepgram for the same thing (list order aside). */
export function sameOptions(a: TranscribeOptions, b: TranscribeOptions): boolean {
  const key = (options: TranscribeOptions): string =>
    JSON.stringify(
      Object.entries(options)
        .map(([name, value]) => [name, Array.isArray(value) ? [...(value as string[])].sort() : value] as const)
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return key(a) === key(b);
}
