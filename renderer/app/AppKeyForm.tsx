import { useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { AppErrorValue } from '../../common/errors';
import type { AppKeyRequest, KeychainStatus, ProjectSummary } from '../../common/profiles';
import { ErrorMessage } from '../components/ErrorMessage';
import { parseTags } from '../components/ProfileForm';
import { readAdminProjects, useProfilesStore } from '../stores/profiles-store';

const expiryChoices: { value: string; label: string; expiry: AppKeyRequest['expiry'] }[] = [
  { value: 'never', label: 'Never', expiry: { kind: 'never' } },
  { value: '30d', label: 'In 30 days', expiry: { kind: 'ttl', seconds: 30 * 86_400 } },
  { value: '90d', label: 'In 90 days', expiry: { kind: 'ttl', seconds: 90 * 86_400 } },
  { value: '1y', label: 'In a year', expiry: { kind: 'ttl', seconds: 365 * 86_400 } },
];

export interface AppKeyFormProps {
  keychain: KeychainStatus;
  onDone: (profileId: string | null) => void;
}

/**
 * "Create an app key": an Owner, Admin or Member key is used once to mint a key with only the
 * scopes transcription needs; only the new key is stored. The admin key stays in its field, and
 * the field is emptied as soon as it is no longer needed.
 */
export function AppKeyForm({ keychain, onDone }: AppKeyFormProps): ReactElement {
  const id = useId();
  const adminRef = useRef<HTMLInputElement>(null);
  const busy = useProfilesStore((s) => s.busy);
  const createAppKey = useProfilesStore((s) => s.createAppKey);
  const storeError = useProfilesStore((s) => s.error);
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [projectId, setProjectId] = useState('');
  const [finding, setFinding] = useState(false);
  const [error, setError] = useState<AppErrorValue | null>(null);
  const [name, setName] = useState('This computer');
  const [region, setRegion] = useState<'us' | 'eu'>('us');
  const [usageRead, setUsageRead] = useState(false);
  const [expiry, setExpiry] = useState('never');
  const [tags, setTags] = useState('');

  const adminKey = (): string => adminRef.current?.value.trim() ?? '';

  const findProjects = async (): Promise<void> => {
    const key = adminKey();
    if (!key) {
      setError({ code: 'INVALID_ARGUMENT', message: 'Paste a key with the Owner, Admin or Member role first.' });
      adminRef.current?.focus();
      return;
    }
    setFinding(true);
    setError(null);
    const result = await readAdminProjects(key);
    setFinding(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setProjects(result.value);
    setProjectId(result.value[0]?.projectId ?? '');
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!projects) {
      await findProjects();
      return;
    }
    setError(null);
    const made = await createAppKey({
      adminKey: adminKey(),
      projectId,
      profile: { name: name.trim() || 'This computer', endpoint: { kind: region }, tags: [], sessionOnly: !keychain.available, activate: true },
      usageRead,
      expiry: expiryChoices.find((c) => c.value === expiry)!.expiry,
      keyTags: parseTags(tags),
    });
    if (made !== null) {
      if (adminRef.current) adminRef.current.value = '';
      onDone(made);
    }
  };

  const shownError = error ?? (busy === null ? storeError : null);

  return (
    <form className="stack app-key-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Create an app key</h4>
      <p className="field-hint">
        Paste a key with the Owner, Admin or Member role once. The app creates a new key for this computer that can only transcribe (usage:write), stores that
        one, and forgets the key you pasted.
      </p>
      <div className="field">
        <label htmlFor={`${id}-admin`}>Owner, Admin or Member key</label>
        <input
          ref={adminRef}
          id={`${id}-admin`}
          type="password"
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          onInput={() => {
            setProjects(null);
            setError(null);
          }}
        />
      </div>
      {projects === null ? (
        <div className="form-actions">
          <button type="button" className="button" disabled={finding} onClick={() => void findProjects()}>
            {finding ? 'Asking Deepgram…' : 'Find projects'}
          </button>
          <button type="button" className="button button-quiet" onClick={() => onDone(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-project`}>Project</label>
            <select id={`${id}-project`} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              {projects.map((p) => (
                <option key={p.projectId} value={p.projectId}>
                  {p.name || p.projectId}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>New profile name</label>
            <input id={`${id}-name`} type="text" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-region`}>Server</label>
            <select id={`${id}-region`} value={region} onChange={(e) => setRegion(e.target.value === 'eu' ? 'eu' : 'us')}>
              <option value="us">Deepgram (US)</option>
              <option value="eu">Deepgram (EU)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-expiry`}>Key expires</label>
            <select id={`${id}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
              {expiryChoices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={usageRead} onChange={(e) => setUsageRead(e.target.checked)} />
            Also let it read usage, so this app can show it (usage:read)
          </label>
          <div className="field">
            <label htmlFor={`${id}-tags`}>Tags on the new key</label>
            <input id={`${id}-tags`} type="text" value={tags} placeholder="desktop, team-b" onChange={(e) => setTags(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy === 'appKey' || !projectId}>
              {busy === 'appKey' ? 'Creating…' : 'Create app key'}
            </button>
            <button type="button" className="button button-quiet" onClick={() => onDone(null)}>
              Cancel
            </button>
          </div>
        </>
      )}
      {shownError ? <ErrorMessage error={shownError} /> : null}
    </form>
  );
}
