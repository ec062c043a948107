import { useId, type ReactElement } from 'react';
import { transcribeOptionsSchema, type TranscribeOptions } from '../../common/domain';

export interface OptionsBarProps {
  options: TranscribeOptions;
  onChange: (patch: Partial<TranscribeOptions>) => void;
}

const models: readonly { id: string; label: string }[] = [
  { id: 'nova-3', label: 'Nova-3' },
  { id: 'nova-3-medical', label: 'Nova-3 Medical' },
  { id: 'nova-2', label: 'Nova-2' },
  { id: 'nova-2-meeting', label: 'Nova-2 Meeting' },
  { id: 'nova-2-phonecall', label: 'Nova-2 Phone call' },
  { id: 'enhanced', label: 'Enhanced' },
  { id: 'base', label: 'Base' },
];

const languages: readonly { code: string; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'multi', label: 'Multilingual (code-switching)' },
  { code: 'en-US', label: 'English (United States)' },
  { code: 'en-GB', label: 'English (United Kingdom)' },
  { code: 'de', label: 'German' },
  { code: 'fr', label: 'French' },
  { code: 'es', label: 'Spanish' },
  { code: 'nl', label: 'Dutch' },
  { code: 'it', label: 'Italian' },
  { code: 'pt', label: 'Portuguese' },
  { code: 'ja', label: 'Japanese' },
];

/** The reason a typed language code would be refused, or null if it is fine. */
export function languageProblem(language: string): string | null {
  const parsed = transcribeOptionsSchema.shape.language.safeParse(language);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Use a language code such as en, en-US or multi.');
}

/** Deepgram options applied to the next files added. */
export function OptionsBar({ options, onChange }: OptionsBarProps): ReactElement {
  const id = useId();
  const problem = languageProblem(options.language);
  const knownModel = models.some((m) => m.id === options.model);

  return (
    <div className="options-bar" role="group" aria-label="Transcription options">
      <div className="field field-inline">
        <label htmlFor={`${id}-model`}>Model</label>
        <select id={`${id}-model`} value={options.model} onChange={(e) => onChange({ model: e.target.value })}>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
          {knownModel ? null : <option value={options.model}>{options.model}</option>}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={`${id}-language`}>Language</label>
        <input
          id={`${id}-language`}
          className="input-language"
          list={`${id}-languages`}
          value={options.language}
          onChange={(e) => onChange({ language: e.target.value.trim() })}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-language-problem` : undefined}
        />
        <datalist id={`${id}-languages`}>
          {languages.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </datalist>
      </div>
      <label className="check">
        <input type="checkbox" checked={options.smartFormat} onChange={(e) => onChange({ smartFormat: e.target.checked })} />
        Smart formatting
      </label>
      <label className="check">
        <input type="checkbox" checked={options.diarize} onChange={(e) => onChange({ diarize: e.target.checked })} />
        Identify speakers
      </label>
      {problem ? (
        <p className="field-problem" id={`${id}-language-problem`}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}
