import { useId, type ReactElement } from 'react';
import type { Theme } from '../../common/domain';

export interface ThemeChoiceProps {
  value: Theme;
  onChange: (theme: Theme) => void;
}

const choices: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** System, Light or Dark, as native radio buttons: arrow keys move the choice, Tab leaves the group. */
export function ThemeChoice({ value, onChange }: ThemeChoiceProps): ReactElement {
  const id = useId();
  return (
    <div className="theme-choice" role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={`${id}-hint`}>
      <p className="theme-choice-label" id={`${id}-label`}>
        Theme
      </p>
      <div className="theme-choice-options">
        {choices.map((choice) => (
          <label key={choice.value} className="radio">
            <input type="radio" name={`${id}-theme`} value={choice.value} checked={value === choice.value} onChange={() => onChange(choice.value)} />
            {choice.label}
          </label>
        ))}
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        System follows your computer’s light or dark setting.
      </p>
    </div>
  );
}
