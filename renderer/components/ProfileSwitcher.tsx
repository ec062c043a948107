import { useId, type ReactElement } from 'react';
import type { KeysStatus } from '../../common/profiles';
import { isPlainHttp, projectLabel } from '../lib/profile-text';

export interface ProfileSwitcherProps {
  status: KeysStatus;
  busy: boolean;
  onActivate: (profileId: string) => void;
}


/** The active profile, always in view where requests are made, and one step to switch. */
export function ProfileSwitcher({ status, busy, onActivate }: ProfileSwitcherProps): ReactElement | null {
  const id = useId();
  const active = status.profiles.find((p) => p.id === status.activeProfileId);
  if (!active) return null;
  const project = projectLabel(active);
  return (
    <div className="profile-switcher">
      <label htmlFor={`${id}-profile`} className="visually-hidden">
        Deepgram profile
      </label>
      <select id={`${id}-profile`} value={active.id} disabled={busy || status.profiles.length < 2} onChange={(e) => onActivate(e.target.value)}>
        {status.profiles.map((profile) => (
          <option key={profile.id} value={profile.id} disabled={!profile.hasKey}>
            {profile.name}
            {profile.hasKey ? '' : ' (no key)'}
          </option>
        ))}
      </select>
      <p className="project" title={`Deepgram project: ${project} · ${active.baseUrl}`}>
        Project: {project}
      </p>
      {active.keyStorage === 'session' ? <span className="badge badge-warning">Key for this session only</span> : null}
      {isPlainHttp(active.baseUrl) ? (
        <span className="badge badge-warning" title="Audio and transcripts travel to this server unencrypted">
          Unencrypted
        </span>
      ) : null}
    </div>
  );
}
