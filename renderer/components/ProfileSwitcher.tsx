import { useId, type ReactElement } from 'react';
import type { KeysStatus, Profile } from '../../common/profiles';

export interface ProfileSwitcherProps {
  status: KeysStatus;
  busy: boolean;
  onActivate: (profileId: string) => void;
}

/** The project a profile's key belongs to, as far as its role lets the app see it. */
export function projectLabel(profile: Profile): string {
  if (profile.project?.name) return profile.project.name;
  if (profile.check?.kind === 'none') return 'self-hosted server';
  return profile.project?.id ? `project ${profile.project.id}` : '(name hidden by key role)';
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
    </div>
  );
}
