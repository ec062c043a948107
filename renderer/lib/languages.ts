/** Codes offered when the model's own list is not known. */
const commonLanguages = [
  'en', 'en-US', 'en-GB', 'en-AU', 'en-IN', 'de', 'fr', 'es', 'es-419', 'it', 'pt', 'pt-BR', 'nl', 'sv', 'da', 'no', 'fi', 'pl', 'cs',
  'ru', 'uk', 'tr', 'hi', 'ja', 'ko', 'zh', 'zh-TW', 'id', 'ms', 'vi', 'th',
] as const;

const special: Record<string, string> = {
  auto: 'Detect automatically',
  multi: 'Multilingual (several in one recording)',
};

let names: Intl.DisplayNames | null | undefined;

/** A language code as people read it: `de` → `German (de)`; special values have their own words. */
export function languageLabel(code: string): string {
  const own = special[code];
  if (own) return own;
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    } catch {
      names = null;
    }
  }
  let name: string | undefined;
  try {
    name = names?.of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code ? `${name} (${code})` : code;
}

/**
 * The language choices for a model: detection and multilingual first, then the model's own
 * languages (or a common list when they are unknown), with the current choice always present.
 */
export function languageChoices(modelLanguages: readonly string[], current: string): string[] {
  const listed = modelLanguages.length > 0 ? modelLanguages : commonLanguages;
  const choices = ['auto', 'multi', ...[...new Set(listed)].filter((code) => code !== 'auto' && code !== 'multi')];
  if (!choices.includes(current)) choices.splice(2, 0, current);
  return choices;
}
