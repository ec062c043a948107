import { useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import { resolveEndpoint } from '../../common/profiles';
import type { Endpoint, KeychainStatus, Profile, ProfileInput } from '../../common/profiles';
import { ErrorMessage } from './ErrorMessage';

export interface ProfileFormProps {
  /** The profile being changed; a new profile when absent. */
  profile?: Profile;
  /** The name a new profile starts with. */
  defaultName?: string;
  keychain: KeychainStatus;
  saving: boolean;
  error: AppErrorValue | null;
  submitLabel: string;
  /** Resolves to whether it was saved; the key field is emptied only then. */
  onSubmit: (input: ProfileInput) => Promise<boolean>;
  onCancel?: () => void;
  /** Focus the key field first (onboarding). */
  autoFocusKey?: boolean;
}

type EndpointKind = Endpoint['kind'];

const endpointChoices: { kind: EndpointKind; label: string; hint: string }[] = [
  { kind: 'us', label: 'Deepgram (US)', hint: 'api.deepgram.com' },
  { kind: 'eu', label: 'Deepgram (EU)', hint: 'api.eu.deepgram.com: audio stays in the European Union' },
  { kind: 'custom', label: 'Other server', hint: 'a dedicated or self-hosted deployment' },
];

/** Tags typed as a comma-separated list. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

/** A profile's name, endpoint, tags and key. The key lives only in the field until submit: never in React state. */
export function ProfileForm({ profile, defaultName = '', keychain, saving, error, submitLabel, onSubmit, onCancel, autoFocusKey }: ProfileFormProps): ReactElement {
  const id = useId();
  const keyRef = useRef<HTMLInputElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(profile?.name ?? defaultName);
  const [kind, setKind] = useState<EndpointKind>(profile?.endpoint.kind ?? 'us');
  const [url, setUrl] = useState(profile?.endpoint.kind === 'custom' ? profile.endpoint.url : '');
  const [selfHosted, setSelfHosted] = useState(profile?.endpoint.kind === 'custom' ? profile.endpoint.selfHosted : false);
  const [tags, setTags] = useState((profile?.tags ?? []).join(', '));
  const [sessionOnly, setSessionOnly] = useState(profile ? profile.keyStorage === 'session' : !keychain.available);
  const [problem, setProblem] = useState<{ field: 'name' | 'key' | 'url'; text: string } | null>(null);
  const [serverOpen, setServerOpen] = useState(kind !== 'us');

  const endpoint: Endpoint = kind === 'custom' ? { kind, url, selfHosted } : { kind };
  const resolved = kind === 'custom' && url.trim() !== '' ? resolveEndpoint(endpoint) : null;
  const warning = resolved?.ok ? resolved.warning : null;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (saving) return;
    const key = keyRef.current?.value.trim() ?? '';
    if (name.trim() === '') {
      setProblem({ field: 'name', text: 'Give the profile a name, e.g. “Production”.' });
      return;
    }
    if (!profile?.hasKey && key === '') {
      setProblem({ field: 'key', text: 'Paste your Deepgram API key.' });
      keyRef.current?.focus();
      return;
    }
    if (kind === 'custom') {
      const checked = url.trim() === '' ? { ok: false as const, reason: 'Enter the server’s address, e.g. https://deepgram.example.com.' } : resolveEndpoint(endpoint);
      if (!checked.ok) {
        setProblem({ field: 'url', text: checked.reason });
        setServerOpen(true);
        requestAnimationFrame(() => urlRef.current?.focus());
        return;
      }
    }
    setProblem(null);
    const saved = await onSubmit({
      ...(profile ? { profileId: profile.id } : {}),
      name: name.trim(),
      endpoint,
      tags: parseTags(tags),
      ...(key ? { key } : {}),
      // With a working keychain a new key always goes there; without one, only if the user agreed to a session-only key.
      ...(key ? { sessionOnly: !keychain.available && sessionOnly } : {}),
    });
    if (saved && keyRef.current) keyRef.current.value = '';
    else if (!saved) keyRef.current?.focus();
  };

  const problemId = (field: 'name' | 'key' | 'url'): string | undefined => (problem?.field === field ? `${id}-${field}-problem` : undefined);

  return (
    <form className="stack profile-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>Profile name</label>
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          maxLength={80}
          autoComplete="off"
          onChange={(e) => {
            setName(e.target.value);
            setProblem(null);
          }}
          aria-invalid={problem?.field === 'name' ? true : undefined}
          aria-describedby={problemId('name')}
        />
        {problem?.field === 'name' ? (
          <p className="field-problem" id={problemId('name')}>
            {problem.text}
          </p>
        ) : null}
      </div>

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
          autoFocus={autoFocusKey}
          placeholder={profile?.hasKey ? 'Leave empty to keep the stored key' : undefined}
          aria-invalid={problem?.field === 'key' ? true : undefined}
          aria-describedby={problemId('key')}
          onInput={() => setProblem(null)}
        />
        {problem?.field === 'key' ? (
          <p className="field-problem" id={problemId('key')}>
            {problem.text}
          </p>
        ) : null}
      </div>

      {!keychain.available ? (
        <div className="keychain-missing" role="status">
          <p>{keychain.problem}</p>
          <label className="check">
            <input type="checkbox" checked={sessionOnly} onChange={(e) => setSessionOnly(e.target.checked)} />
            Keep the key for this session only (forgotten when the app quits; never written to disk)
          </label>
        </div>
      ) : null}

      <details className="server" open={serverOpen} onToggle={(e) => setServerOpen(e.currentTarget.open)}>
        <summary>Server and tags</summary>
        <div className="server-body">
          <fieldset className="endpoint-choices">
            <legend>Deepgram server</legend>
            {endpointChoices.map((choice) => (
              <label key={choice.kind} className="check">
                <input
                  type="radio"
                  name={`${id}-endpoint`}
                  value={choice.kind}
                  checked={kind === choice.kind}
                  onChange={() => {
                    setKind(choice.kind);
                    setProblem(null);
                  }}
                />
                {choice.label} <span className="muted">— {choice.hint}</span>
              </label>
            ))}
          </fieldset>
          {kind === 'custom' ? (
            <>
              <div className="field">
                <label htmlFor={`${id}-url`}>Server URL</label>
                <input
                  ref={urlRef}
                  id={`${id}-url`}
                  type="url"
                  inputMode="url"
                  autoComplete="off"
                  spellCheck={false}
                  value={url}
                  placeholder="https://deepgram.example.com"
                  onChange={(e) => {
                    setUrl(e.target.value);
                    setProblem(null);
                  }}
                  aria-invalid={problem?.field === 'url' ? true : undefined}
                  aria-describedby={problem?.field === 'url' ? problemId('url') : undefined}
                />
                {problem?.field === 'url' ? (
                  <p className="field-problem" id={problemId('url')} role="alert">
                    {problem.text}
                  </p>
                ) : null}
              </div>
              <label className="check">
                <input type="checkbox" checked={selfHosted} onChange={(e) => setSelfHosted(e.target.checked)} />
                A self-hosted server I run (no key check; plain http allowed)
              </label>
              {warning ? (
                <p className="field-warning" role="note">
                  {warning}
                </p>
              ) : null}
            </>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-tags`}>Tags sent with every request</label>
            <input
              id={`${id}-tags`}
              type="text"
              value={tags}
              autoComplete="off"
              spellCheck={false}
              placeholder="team-b, desktop"
              aria-describedby={`${id}-tags-hint`}
              onChange={(e) => setTags(e.target.value)}
            />
            <p className="field-hint" id={`${id}-tags-hint`}>
              Comma-separated. Deepgram’s usage reports can be broken down by tag.
            </p>
          </div>
        </div>
      </details>

      {error ? <ErrorMessage error={error} /> : null}

      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Checking…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
