import type { ReactElement } from 'react';
import type { KeysStatus } from '../../common/profiles';
import { LogoIcon } from '../components/icons';
import { ProfileForm } from '../components/ProfileForm';
import { activeProfile, useProfilesStore } from '../stores/profiles-store';

export interface OnboardingProps {
  status: KeysStatus;
}

/** First run (and when the active profile has no key): a profile with a Deepgram key and where to send it. */
export function Onboarding({ status }: OnboardingProps): ReactElement {
  const busy = useProfilesStore((s) => s.busy);
  const error = useProfilesStore((s) => s.error);
  const save = useProfilesStore((s) => s.save);
  const recheck = useProfilesStore((s) => s.recheckKeychain);
  // A profile whose key is gone (a session-only key after a restart) gets its key again.
  const existing = activeProfile(status) ?? undefined;

  return (
    <main className="onboarding">
      <div className="onboarding-card">
        <div className="brand brand-large">
          <LogoIcon width={28} height={28} />
          <span>Deepgram Desk</span>
        </div>
        <h1>Connect to Deepgram</h1>
        <p className="lede">
          {existing
            ? `The profile “${existing.name}” has no key on this computer any more. Paste it again to go on.`
            : 'Paste an API key from the Deepgram console. Deepgram Desk checks it with Deepgram, keeps it in your system keychain and never shows it again.'}
        </p>
        {!status.keychain.available ? (
          <p className="form-actions">
            <button type="button" className="button button-small" disabled={busy === 'keychain'} onClick={() => void recheck()}>
              {busy === 'keychain' ? 'Checking…' : 'Check the keychain again'}
            </button>
          </p>
        ) : null}
        <ProfileForm
          key={existing?.id ?? 'new'}
          {...(existing ? { profile: existing } : {})}
          defaultName="Default"
          keychain={status.keychain}
          saving={busy === 'save'}
          error={error}
          submitLabel="Save key"
          autoFocusKey
          onSubmit={async (input) => (await save(input)) !== null}
        />
      </div>
    </main>
  );
}
