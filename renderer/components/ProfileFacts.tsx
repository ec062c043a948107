import type { ReactElement } from 'react';
import type { Profile } from '../../common/profiles';
import { formatDateTime } from '../lib/format';
import { describeCheck, isPlainHttp, projectLabel } from '../lib/profile-text';




function storageText(profile: Profile): string {
  if (!profile.hasKey) return 'No key on this computer';
  return profile.keyStorage === 'session' ? 'Kept for this session only (forgotten when the app quits)' : 'Stored in your system keychain';
}

/** What is known about a profile and its key: never the key itself. */
export function ProfileFacts({ profile }: { profile: Profile }): ReactElement {
  const key = profile.key;
  return (
    <dl className="facts">
      <dt>Server</dt>
      <dd>
        <span className="mono selectable">{profile.baseUrl}</span>
        {isPlainHttp(profile.baseUrl) ? <span className="field-warning"> · Plain http: audio and transcripts travel unencrypted</span> : null}
      </dd>
      <dt>Project</dt>
      <dd>
        {projectLabel(profile)}
        {profile.project?.id ? <span className="muted mono"> · {profile.project.id}</span> : null}
      </dd>
      <dt>Key</dt>
      <dd>
        {storageText(profile)}
        {profile.appKey ? <span className="muted"> · made by this app</span> : null}
      </dd>
      {key ? (
        <>
          <dt>Permissions</dt>
          <dd>{key.scopes.length ? key.scopes.join(', ') : 'not available for this key’s role'}</dd>
          <dt>Expires</dt>
          <dd>{key.expiresAt ? formatDateTime(key.expiresAt) : 'never'}</dd>
          {key.apiKeyId ? (
            <>
              <dt>Key id</dt>
              <dd className="mono selectable">{key.apiKeyId}</dd>
            </>
          ) : null}
        </>
      ) : null}
      {profile.tags.length ? (
        <>
          <dt>Tags</dt>
          <dd>{profile.tags.join(', ')}</dd>
        </>
      ) : null}
      {profile.check ? (
        <>
          <dt>Check</dt>
          <dd>
            {describeCheck(profile.check, profile.baseUrl)}
            <span className="muted"> · {formatDateTime(profile.check.at)}</span>
            {profile.check.problem ? <span className="check-problem"> {profile.check.problem}</span> : null}
            {profile.check.note ? <span className="muted check-note"> {profile.check.note}</span> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
