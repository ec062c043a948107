import { memo, useId, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { redactionKinds, type RedactionKind, type TranscribeOptions } from '../../common/domain';
import type { ModelCatalog } from '../../common/presets';
import { languageChoices, languageLabel } from '../lib/languages';
import { blockedReason, changeOption, choiceBlockedReason, currentProblems, redactionBlockedReason, type OptionField } from '../lib/option-rules';

export interface OptionsEditorProps {
  options: TranscribeOptions;
  /** Receives the whole set of options, already repaired after the change. */
  onChange: (options: TranscribeOptions) => void;
  catalog: ModelCatalog;
  /** Names the group for assistive technology, e.g. "Transcription options". */
  label: string;
  /** Shows model, language and two switches, with the rest behind "More options". */
  compact?: boolean;
  /** Put first on the row of model and language (e.g. the preset choice). */
  leading?: ReactNode;
}

type Switch = { field: OptionField & keyof BooleanOptions; label: string; hint?: string };
type BooleanOptions = { [K in keyof TranscribeOptions as TranscribeOptions[K] extends boolean ? K : never]: boolean };

const mainSwitches: readonly Switch[] = [
  { field: 'smartFormat', label: 'Smart formatting' },
  { field: 'diarize', label: 'Identify speakers' },
];

const moreSwitches: readonly Switch[] = [
  { field: 'punctuate', label: 'Punctuation and capitals' },
  { field: 'paragraphs', label: 'Paragraphs' },
  { field: 'utterances', label: 'Utterances', hint: 'Split into phrases by pauses' },
  { field: 'numerals', label: 'Numbers as digits' },
  { field: 'fillerWords', label: 'Keep filler words', hint: '“uh”, “um”' },
  { field: 'profanityFilter', label: 'Profanity filter' },
  { field: 'multichannel', label: 'Each channel separately' },
  { field: 'summarize', label: 'Summary' },
  { field: 'topics', label: 'Topics' },
  { field: 'intents', label: 'Intents' },
  { field: 'sentiment', label: 'Sentiment' },
];

const redactionLabels: Record<RedactionKind, string> = {
  pci: 'Card numbers (PCI)',
  pii: 'Personal information (PII)',
  numbers: 'All numbers',
};

function modelLabel(id: string, name: string): string {
  return name && name !== id ? `${name} (${id})` : id;
}

/** Model, language and every Deepgram option; combinations the model refuses cannot be chosen. */
export const OptionsEditor = memo(function OptionsEditor({ options, onChange, catalog, label, compact = false, leading }: OptionsEditorProps): ReactElement {
  const id = useId();
  const [moreOpen, setMoreOpen] = useState(false);
  const set = <K extends OptionField>(field: K, value: TranscribeOptions[K]): void => onChange(changeOption(options, field, value));

  const models = useMemo(() => {
    const unique = new Map(catalog.models.map((m) => [m.id, m]));
    const list = [...unique.values()].map((m) => ({ id: m.id, label: modelLabel(m.id, m.name) }));
    if (!unique.has(options.model)) list.unshift({ id: options.model, label: options.model });
    return list;
  }, [catalog, options.model]);
  const modelLanguages = useMemo(() => catalog.models.find((m) => m.id === options.model)?.languages ?? [], [catalog, options.model]);
  const languages = useMemo(() => languageChoices(modelLanguages, options.language), [modelLanguages, options.language]);
  // Whether each model and language could be chosen with the rest as it is: worked out once per change.
  const modelReasons = useMemo(
    () => new Map(models.map((m) => [m.id, m.id === options.model ? null : choiceBlockedReason(options, 'model', m.id)])),
    [models, options],
  );
  const languageReasons = useMemo(
    () => new Map(languages.map((code) => [code, code === options.language ? null : choiceBlockedReason(options, 'language', code)])),
    [languages, options],
  );
  const problems = currentProblems(options);

  const renderSwitch = ({ field, label: text, hint }: Switch): ReactElement => {
    const reason = blockedReason(options, field);
    const reasonId = `${id}-${field}-reason`;
    return (
      <div className="option-check" key={field}>
        <label className={`check${reason ? ' check-disabled' : ''}`}>
          <input
            type="checkbox"
            checked={options[field]}
            disabled={reason !== null}
            aria-describedby={reason ? reasonId : undefined}
            onChange={(e) => set(field, e.target.checked)}
          />
          {text}
        </label>
        {reason ? (
          <p className="option-reason" id={reasonId}>
            {reason}
          </p>
        ) : hint ? (
          <p className="option-hint">{hint}</p>
        ) : null}
      </div>
    );
  };

  const more = (
    <div className="options-more" id={`${id}-more`}>
      <div className="options-grid">{moreSwitches.map(renderSwitch)}</div>
      <fieldset className="options-fieldset">
        <legend>Redact</legend>
        <div className="options-row">
          {redactionKinds.map((kind) => {
            const reason = redactionBlockedReason(options, kind);
            const reasonId = `${id}-redact-${kind}-reason`;
            return (
              <div className="option-check" key={kind}>
                <label className={`check${reason ? ' check-disabled' : ''}`}>
                  <input
                    type="checkbox"
                    checked={options.redact.includes(kind)}
                    disabled={reason !== null}
                    aria-describedby={reason ? reasonId : undefined}
                    onChange={(e) =>
                      set('redact', e.target.checked ? [...options.redact, kind] : options.redact.filter((k) => k !== kind))
                    }
                  />
                  {redactionLabels[kind]}
                </label>
                {reason ? (
                  <p className="option-reason" id={reasonId}>
                    {reason}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
      <div className="options-row options-terms">
        <TermsField
          label="Key terms"
          hint={options.model.startsWith('nova-3') ? 'Comma-separated; sent to Nova-3 as keyterm.' : 'Comma-separated; sent to this model as keywords.'}
          value={options.keyTerms}
          max={100}
          reason={blockedReason(options, 'keyTerms')}
          onChange={(terms) => set('keyTerms', terms)}
        />
        <TermsField
          label="Tags"
          hint="Comma-separated; they appear in Deepgram’s usage reports."
          value={options.tags}
          max={20}
          reason={blockedReason(options, 'tags')}
          onChange={(terms) => set('tags', terms)}
        />
      </div>
    </div>
  );

  return (
    <div className={`options-editor${compact ? ' options-compact' : ''}`} role="group" aria-label={label}>
      <div className="options-row">
        {leading}
        <div className="field field-inline">
          <label htmlFor={`${id}-model`}>Model</label>
          <select
            id={`${id}-model`}
            value={options.model}
            aria-describedby={catalog.source === 'built-in' ? `${id}-model-source` : undefined}
            onChange={(e) => set('model', e.target.value)}
          >
            {models.map((m) => {
              const reason = modelReasons.get(m.id) ?? null;
              return (
                <option key={m.id} value={m.id} disabled={reason !== null}>
                  {reason ? `${m.label} — ${reason}` : m.label}
                </option>
              );
            })}
          </select>
          {catalog.source === 'built-in' ? (
            <span className="option-hint" id={`${id}-model-source`} title="Deepgram’s list of models could not be read; these are the ones the app knows.">
              built-in list
            </span>
          ) : null}
        </div>
        <div className="field field-inline">
          <label htmlFor={`${id}-language`}>Language</label>
          <select id={`${id}-language`} value={options.language} onChange={(e) => set('language', e.target.value)}>
            {languages.map((code) => {
              const reason = languageReasons.get(code) ?? null;
              return (
                <option key={code} value={code} disabled={reason !== null}>
                  {reason ? `${languageLabel(code)} — ${reason}` : languageLabel(code)}
                </option>
              );
            })}
          </select>
        </div>
        {mainSwitches.map(renderSwitch)}
        {compact ? (
          <button
            type="button"
            className="button button-small button-quiet options-more-toggle"
            aria-expanded={moreOpen}
            aria-controls={moreOpen ? `${id}-more` : undefined}
            onClick={() => setMoreOpen((open) => !open)}
          >
            {moreOpen ? 'Fewer options' : 'More options'}
          </button>
        ) : null}
      </div>
      {!compact || moreOpen ? more : null}
      {problems.length > 0 ? (
        <ul className="options-problems" aria-label="Problems with these options">
          {problems.map((problem) => (
            <li key={`${problem.field}-${problem.message}`} className="field-problem">
              {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
});

interface TermsFieldProps {
  label: string;
  hint: string;
  value: string[];
  max: number;
  reason: string | null;
  onChange: (terms: string[]) => void;
}

function parseTerms(text: string, max: number): string[] {
  const terms = text
    .split(/[,\n]/)
    .map((term) => term.trim().slice(0, 100))
    .filter((term) => term !== '');
  return [...new Set(terms)].slice(0, max);
}

/** A comma-separated list kept as typed while it means the same terms as the options hold. */
function TermsField({ label, hint, value, max, reason, onChange }: TermsFieldProps): ReactElement {
  const id = useId();
  const [draft, setDraft] = useState(value.join(', '));
  // Another preset or a repair changed the terms: show them instead of what was typed.
  const shown = JSON.stringify(parseTerms(draft, max)) === JSON.stringify(value) ? draft : value.join(', ');
  return (
    <div className="field options-terms-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={shown}
        disabled={reason !== null}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(parseTerms(e.target.value, max));
        }}
      />
      <p className={reason ? 'option-reason' : 'option-hint'} id={`${id}-hint`}>
        {reason ?? hint}
      </p>
    </div>
  );
}
