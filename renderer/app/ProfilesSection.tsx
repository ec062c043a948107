import { useId, useRef, useState, type ReactElement } from 'react';
import type { KeysStatus, Profile } from '../../common/profiles';
import { ErrorMessage } from '../components/ErrorMessage';
import { ProfileFacts } from '../components/ProfileFacts';
import { ProfileForm } from '../components/ProfileForm';
import { useProfilesStore } from '../stores/profiles-store';
import { AppKeyForm } from './AppKeyForm';
import { UsagePanel } from './UsagePanel';

type Panel = 'edit' | 'usage' | 'remove' | 'revoke' | null;

function ProfileCard({ profile, active, keychain }: { profile: Profile; active: boolean; keychain: KeysStatus['keychain'] }): ReactElement {
  const id = useId();
  const [panel, setPanel] = useState<Panel>(null);
  const revokeRef = useRef<HTMLInputElement>(null);
  const busy = useProfilesStore((s) => s.busy);
  const error = useProfilesStore((s) => s.error);
  const save = useProfilesStore((s) => s.save);
  const remove = useProfilesStore((s) => s.remove);
  const activate = useProfilesStore((s) => s.activate);
  const check = useProfilesStore((s) => s.check);
  const revoke = useProfilesStore((s) => s.revokeAppKey);
  const toggle = (next: Panel): void => setPanel((current) => (current === next ? null : next));

  return (
    <li className="profile-card" aria-labelledby={`${id}-name`}>
      <div className="profile-card-head">
        <h4 id={`${id}-name`}>{profile.name}</h4>
        {active ? <span className="badge">Active</span> : null}
      </div>
      <ProfileFacts profile={profile} />
      <div className="profile-actions" role="group" aria-label={`Actions for ${profile.name}`}>
        {!active ? (
          <button type="button" className="button button-small" disabled={busy !== null || !profile.hasKey} onClick={() => void activate(profile.id)}>
            Use this profile
          </button>
        ) : null}
        <button type="button" className="button button-small" disabled={busy !== null || !profile.hasKey} onClick={() => void check(profile.id)}>
          {busy === 'check' ? 'Checking…' : 'Check key'}
        </button>
        <button type="button" className="button button-small" aria-expanded={panel === 'edit'} onClick={() => toggle('edit')}>
          Edit
        </button>
        <button type="button" className="button button-small" aria-expanded={panel === 'usage'} disabled={!profile.hasKey} onClick={() => toggle('usage')}>
          Usage
        </button>
        {profile.appKey ? (
          <button type="button" className="button button-small" aria-expanded={panel === 'revoke'} onClick={() => toggle('revoke')}>
            Revoke app key
          </button>
        ) : null}
        <button type="button" className="button button-small button-danger-quiet" aria-expanded={panel === 'remove'} onClick={() => toggle('remove')}>
          Remove profile
        </button>
      </div>

      {panel === 'edit' ? (
        <ProfileForm
          profile={profile}
          keychain={keychain}
          saving={busy === 'save'}
          error={busy === null ? error : null}
          submitLabel="Save profile"
          onCancel={() => setPanel(null)}
          onSubmit={async (input) => {
            const saved = (await save(input)) !== null;
            if (saved) setPanel(null);
            return saved;
          }}
        />
      ) : null}
      {panel === 'usage' ? <UsagePanel profileId={profile.id} /> : null}
      {panel === 'remove' ? (
        <div className="confirm" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Remove “{profile.name}” and delete its key from this computer? The key itself keeps working in Deepgram{profile.appKey ? ' until you revoke it' : ''}. Saved
            transcripts stay.
          </p>
          <div className="confirm-actions">
            <button type="button" className="button button-danger" disabled={busy === 'remove'} onClick={() => void remove(profile.id)}>
              {busy === 'remove' ? 'Removing…' : 'Yes, remove profile'}
            </button>
            <button type="button" className="button" onClick={() => setPanel(null)}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}
      {panel === 'revoke' && profile.appKey ? (
        <form
          className="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const adminKey = revokeRef.current?.value.trim() ?? '';
            if (!adminKey) return;
            void revoke(profile.id, adminKey).then((done) => {
              if (revokeRef.current) revokeRef.current.value = '';
              if (done) setPanel(null);
            });
          }}
        >
          <p className="field-hint">
            Deleting the key in Deepgram needs a key with the keys:write permission (Owner, Admin or Member). The app uses it once and stores nothing. You can also
            delete it yourself in the Deepgram console: project <span className="mono selectable">{profile.appKey.projectId}</span>, API Keys, key{' '}
            <span className="mono selectable">{profile.appKey.apiKeyId}</span>.
          </p>
          <div className="field">
            <label htmlFor={`${id}-revoke`}>Key with keys:write</label>
            <input ref={revokeRef} id={`${id}-revoke`} type="password" autoComplete="off" spellCheck={false} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-danger" disabled={busy === 'revoke'}>
              {busy === 'revoke' ? 'Revoking…' : 'Revoke and remove'}
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

/** Settings → Deepgram: every profile, what is known of its key, and ways to add, switch, check, edit, remove and revoke. */
export function ProfilesSection({ status }: { status: KeysStatus }): ReactElement {
  const id = useId();
  const [adding, setAdding] = useState<'profile' | 'appKey' | null>(null);
  const busy = useProfilesStore((s) => s.busy);
  const error = useProfilesStore((s) => s.error);
  const save = useProfilesStore((s) => s.save);
  const recheck = useProfilesStore((s) => s.recheckKeychain);

  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Deepgram profiles</h3>
      {!status.keychain.available ? (
        <div className="keychain-missing" role="status">
          <p>{status.keychain.problem}</p>
          <button type="button" className="button button-small" disabled={busy === 'keychain'} onClick={() => void recheck()}>
            Check the keychain again
          </button>
        </div>
      ) : null}
      <ul className="profile-list" aria-label="Profiles">
        {status.profiles.map((profile) => (
          <ProfileCard key={profile.id} profile={profile} active={profile.id === status.activeProfileId} keychain={status.keychain} />
        ))}
      </ul>
      {error && adding === null && busy === null ? <ErrorMessage error={error} /> : null}
      {adding === 'profile' ? (
        <ProfileForm
          keychain={status.keychain}
          saving={busy === 'save'}
          error={busy === null ? error : null}
          submitLabel="Add profile"
          onCancel={() => setAdding(null)}
          onSubmit={async (input) => {
            const saved = (await save(input)) !== null;
            if (saved) setAdding(null);
            return saved;
          }}
        />
      ) : adding === 'appKey' ? (
        <AppKeyForm keychain={status.keychain} onDone={() => setAdding(null)} />
      ) : (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setAdding('profile')}>
            Add a profile
          </button>
          <button type="button" className="button" onClick={() => setAdding('appKey')}>
            Create an app key…
          </button>
        </div>
      )}
    </section>
  );
}
