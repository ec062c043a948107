import { useId, useMemo, useState, type FormEvent, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import { maxConcurrency, maxPresets, transcriptionSettingsSchema, type ModelCatalog, type Preset, type TranscriptionSettings } from '../../common/presets';
import { currentProblems } from '../lib/option-rules';
import { ErrorMessage } from './ErrorMessage';
import { OptionsEditor } from './OptionsEditor';

export interface TranscriptionSettingsFormProps {
  /** What main keeps; the form edits a copy until Save. */
  settings: TranscriptionSettings;
  catalog: ModelCatalog;
  saving: boolean;
  error: AppErrorValue | null;
  /** Resolves to whether main kept them. */
  onSave: (settings: TranscriptionSettings) => Promise<boolean>;
}

interface Draft {
  presets: Preset[];
  defaultPresetId: string;
  /** Prices as typed, so that "0." can be on its way to "0.0043". */
  prices: { model: string; text: string }[];
  concurrency: string;
}

function toDraft(settings: TranscriptionSettings): Draft {
  return {
    presets: settings.presets.map((p) => ({ ...p, options: { ...p.options } })),
    defaultPresetId: settings.defaultPresetId,
    prices: Object.entries(settings.pricesPerMinute)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([model, price]) => ({ model, text: String(price) })),
    concurrency: String(settings.concurrency),
  };
}

function parseNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** The draft as settings, or the first thing that keeps it from being saved. */
function fromDraft(draft: Draft): { ok: true; settings: TranscriptionSettings } | { ok: false; problem: string } {
  for (const preset of draft.presets) {
    if (preset.name.trim() === '') return { ok: false, problem: 'Every preset needs a name.' };
    const problem = currentProblems(preset.options)[0];
    if (problem) return { ok: false, problem: `${preset.name}: ${problem.message}` };
  }
  const names = draft.presets.map((p) => p.name.trim().toLocaleLowerCase());
  if (new Set(names).size !== names.length) return { ok: false, problem: 'Two presets have the same name.' };
  const pricesPerMinute: Record<string, number> = {};
  for (const { model, text } of draft.prices) {
    const price = parseNumber(text);
    if (!Number.isFinite(price) || price < 0 || price > 100) return { ok: false, problem: `The price for ${model} must be a number of dollars between 0 and 100.` };
    pricesPerMinute[model] = price;
  }
  const concurrency = parseNumber(draft.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxConcurrency) {
    return { ok: false, problem: `Files transcribed at once must be a whole number from 1 to ${maxConcurrency}.` };
  }
  const parsed = transcriptionSettingsSchema.safeParse({
    presets: draft.presets.map((p) => ({ ...p, name: p.name.trim() })),
    defaultPresetId: draft.defaultPresetId,
    pricesPerMinute,
    concurrency,
  });
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.message ?? 'These settings cannot be saved.' };
  return { ok: true, settings: parsed.data };
}

function newPresetId(taken: readonly Preset[]): string {
  let n = taken.length + 1;
  while (taken.some((p) => p.id === `preset-${n}`)) n += 1;
  return `preset-${n}`;
}

/** Presets, the default preset, prices for the estimate and how many files run at once. */
export function TranscriptionSettingsForm({ settings, catalog, saving, error, onSave }: TranscriptionSettingsFormProps): ReactElement {
  const id = useId();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [editingId, setEditingId] = useState(settings.defaultPresetId);
  const [newPriceModel, setNewPriceModel] = useState('');
  const [saved, setSaved] = useState(false);
  const checked = useMemo(() => fromDraft(draft), [draft]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(toDraft(settings));
  const editing = draft.presets.find((p) => p.id === editingId) ?? draft.presets[0]!;
  const unpriced = catalog.models.filter((m) => !draft.prices.some((p) => p.model === m.id));

  const change = (next: Partial<Draft>): void => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...next }));
  };
  const changePreset = (patch: Partial<Preset>): void =>
    change({ presets: draft.presets.map((p) => (p.id === editing.id ? { ...p, ...patch } : p)) });

  const addPreset = (): void => {
    const preset: Preset = { id: newPresetId(draft.presets), name: `${editing.name} copy`, options: { ...editing.options } };
    change({ presets: [...draft.presets, preset] });
    setEditingId(preset.id);
  };
  const deletePreset = (): void => {
    const presets = draft.presets.filter((p) => p.id !== editing.id);
    const defaultPresetId = draft.defaultPresetId === editing.id ? presets[0]!.id : draft.defaultPresetId;
    change({ presets, defaultPresetId });
    setEditingId(defaultPresetId);
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!checked.ok || saving) return;
    const kept = await onSave(checked.settings);
    setSaved(kept);
    if (kept) setDraft(toDraft(checked.settings));
  };

  return (
    <form className="stack transcription-settings" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="settings-group">
        <legend>Presets</legend>
        <div className="options-row">
          <div className="field field-inline">
            <label htmlFor={`${id}-editing`}>Preset to edit</label>
            <select id={`${id}-editing`} value={editing.id} onChange={(e) => setEditingId(e.target.value)}>
              {draft.presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id === draft.defaultPresetId ? `${p.name || '(no name)'} (default)` : p.name || '(no name)'}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="button button-small" disabled={draft.presets.length >= maxPresets} onClick={addPreset}>
            Add preset
          </button>
          <button type="button" className="button button-small button-danger-quiet" disabled={draft.presets.length <= 1} onClick={deletePreset}>
            Delete preset
          </button>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Preset name</label>
          <input
            id={`${id}-name`}
            type="text"
            value={editing.name}
            maxLength={60}
            autoComplete="off"
            aria-invalid={editing.name.trim() === '' ? true : undefined}
            onChange={(e) => changePreset({ name: e.target.value })}
          />
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.defaultPresetId === editing.id}
            // The default moves by choosing another preset as default, never to none.
            disabled={draft.defaultPresetId === editing.id}
            onChange={() => change({ defaultPresetId: editing.id })}
          />
          Default for new files
        </label>
        <OptionsEditor
          key={editing.id}
          options={editing.options}
          onChange={(options) => changePreset({ options })}
          catalog={catalog}
          label={`Options of the preset ${editing.name}`}
        />
      </fieldset>

      <fieldset className="settings-group">
        <legend>Prices for the estimate</legend>
        <p className="field-hint">US dollars per audio minute, as on your Deepgram plan. Models without their own price use their family’s (nova-2-meeting uses nova-2).</p>
        {draft.prices.length > 0 ? (
          <ul className="price-list">
            {draft.prices.map((entry, index) => {
              const price = parseNumber(entry.text);
              const bad = !Number.isFinite(price) || price < 0 || price > 100;
              return (
                <li key={entry.model} className="price">
                  <label htmlFor={`${id}-price-${index}`} className="price-model mono">
                    {entry.model}
                  </label>
                  <input
                    id={`${id}-price-${index}`}
                    className="price-input"
                    type="text"
                    inputMode="decimal"
                    aria-label={`Price per minute for ${entry.model}, US dollars`}
                    aria-invalid={bad ? true : undefined}
                    value={entry.text}
                    onChange={(e) => change({ prices: draft.prices.map((p, i) => (i === index ? { ...p, text: e.target.value } : p)) })}
                  />
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    aria-label={`Forget the price for ${entry.model}`}
                    onClick={() => change({ prices: draft.prices.filter((_, i) => i !== index) })}
                  >
                    Forget
                  </button>
                </li>
              );
            })}
          </ul>
        ) : null}
        {unpriced.length > 0 ? (
          <div className="options-row">
            <div className="field field-inline">
              <label htmlFor={`${id}-new-price`}>Add a price for</label>
              <select id={`${id}-new-price`} value={newPriceModel} onChange={(e) => setNewPriceModel(e.target.value)}>
                <option value="">Choose a model</option>
                {unpriced.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.id}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="button button-small"
              disabled={newPriceModel === ''}
              onClick={() => {
                change({ prices: [...draft.prices, { model: newPriceModel, text: '' }] });
                setNewPriceModel('');
              }}
            >
              Add price
            </button>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="settings-group">
        <legend>Queue</legend>
        <div className="field">
          <label htmlFor={`${id}-concurrency`}>Files transcribed at once</label>
          <input
            id={`${id}-concurrency`}
            className="concurrency-input"
            type="number"
            min={1}
            max={maxConcurrency}
            step={1}
            value={draft.concurrency}
            aria-describedby={`${id}-concurrency-hint`}
            onChange={(e) => change({ concurrency: e.target.value })}
          />
          <p className="field-hint" id={`${id}-concurrency-hint`}>
            From 1 to {maxConcurrency}: Deepgram limits how many files one project may send at once.
          </p>
        </div>
      </fieldset>

      {!checked.ok && dirty ? (
        <p className="field-problem" role="status">
          {checked.problem}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!dirty || !checked.ok || saving}>
          {saving ? 'Saving…' : 'Save changes'}
        </button>
        <button
          type="button"
          className="button"
          disabled={!dirty || saving}
          onClick={() => {
            setDraft(toDraft(settings));
            setEditingId(settings.defaultPresetId);
          }}
        >
          Undo changes
        </button>
        <p className="form-status" role="status">
          {saved && !dirty ? 'Saved.' : ''}
        </p>
      </div>
    </form>
  );
}
