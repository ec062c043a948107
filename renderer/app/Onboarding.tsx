import { useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { checkBaseUrl, defaultBaseUrl, deepgramRegions } from '../../common/base-url';
import type { KeyStatus } from '../../common/domain';
import { ErrorMessage } from '../components/ErrorMessage';
import { LogoIcon } from '../components/icons';
import { useKeyStore } from '../stores/key-store';

export interface OnboardingProps {
  status: KeyStatus;
}

/** First run (and after the key was removed): ask for a Deepgram key and where to send it. */
export function Onboarding({ status }: OnboardingProps): ReactElement {
  const id = useId();
  const saving = useKeyStore((s) => s.saving);
  const error = useKeyStore((s) => s.error);
  const save = useKeyStore((s) => s.save);
  const clearError = useKeyStore((s) => s.clearError);

  // The key lives only in the DOM field until submit: never in React state, never logged.
  const keyRef = useRef<HTMLInputElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const [keyProblem, setKeyProblem] = useState<string | null>(null);
  const [baseUrl, setBaseUrl] = useState(status.baseUrl || defaultBaseUrl);
  const [urlProblem, setUrlProblem] = useState<string | null>(null);
  const [serverOpen, setServerOpen] = useState(status.baseUrl !== '' && status.baseUrl !== defaultBaseUrl);

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (saving) return;
    clearError();
    const field = keyRef.current;
    const key = field?.value.trim() ?? '';
    if (key === '') {
      setKeyProblem('Paste your Deepgram API key.');
      field?.focus();
      return;
    }
    setKeyProblem(null);
    const checked = checkBaseUrl(baseUrl);
    if (!checked.ok) {
      setUrlProblem(checked.reason);
      setServerOpen(true);
      // The field is inside the <details>, which opens on the next render.
      requestAnimationFrame(() => urlRef.current?.focus());
      return;
    }
    setUrlProblem(null);
    if (field) field.value = '';
    const accepted = await save(key, checked.url);
    if (!accepted) keyRef.current?.focus();
  };

  return (
    <main className="onboarding">
      <div className="onboarding-card">
        <div className="brand brand-large">
          <LogoIcon width={28} height={28} />
          <span>Deepgram Desk</span>
        </div>
        <h1>Connect to Deepgram</h1>
        <p className="lede">
          Paste an API key from the Deepgram console. Deepgram Desk checks it with Deepgram, keeps it in your system keychain and never shows it
          again.
        </p>
        <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-key`}>Deepgram API key</label>
            <input
              ref={keyRef}
              id={`${id}-key`}
              name="deepgram-api-key"
              type="password"
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              spellCheck={false}
              autoFocus
              aria-invalid={keyProblem ? true : undefined}
              aria-describedby={keyProblem ? `${id}-key-problem` : undefined}
              onInput={() => setKeyProblem(null)}
            />
            {keyProblem ? (
              <p className="field-problem" id={`${id}-key-problem`}>
                {keyProblem}
              </p>
            ) : null}
          </div>

          <details className="server" open={serverOpen} onToggle={(e) => setServerOpen(e.currentTarget.open)}>
            <summary>Server</summary>
            <div className="server-body">
              <div className="region-choices" role="group" aria-label="Deepgram region">
                {deepgramRegions.map((region) => (
                  <button
                    key={region.id}
                    type="button"
                    className="chip"
                    aria-pressed={normalised(baseUrl) === region.url}
                    onClick={() => {
                      setBaseUrl(region.url);
                      setUrlProblem(null);
                    }}
                  >
                    {region.label}
                  </button>
                ))}
              </div>
              <div className="field">
                <label htmlFor={`${id}-url`}>Deepgram server URL</label>
                <input
                  ref={urlRef}
                  id={`${id}-url`}
                  type="url"
                  inputMode="url"
                  autoComplete="off"
                  spellCheck={false}
                  value={baseUrl}
                  onChange={(e) => {
                    setBaseUrl(e.target.value);
                    setUrlProblem(null);
                  }}
                  aria-invalid={urlProblem ? true : undefined}
                  aria-describedby={urlProblem ? `${id}-url-problem` : `${id}-url-hint`}
                />
                {urlProblem ? (
                  <p className="field-problem" id={`${id}-url-problem`} role="alert">
                    {urlProblem}
                  </p>
                ) : (
                  <p className="field-hint" id={`${id}-url-hint`}>
                    Use the EU endpoint to keep audio in the European Union, or the address of your own Deepgram server.
                  </p>
                )}
              </div>
            </div>
          </details>

          {error ? <ErrorMessage error={error} /> : null}

          <div className="form-actions">
            <button type="submit" className="button button-primary button-wide" disabled={saving}>
              {saving ? 'Checking…' : 'Save key'}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}

function normalised(url: string): string {
  const checked = checkBaseUrl(url);
  return checked.ok ? checked.url : url;
}
