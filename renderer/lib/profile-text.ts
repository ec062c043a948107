import type { KeyCheck, Profile } from '../../common/profiles';

/** The project a profile's key belongs to, as far as its role lets the app see it. */
export function projectLabel(profile: Profile): string {
  if (profile.project?.name) return profile.project.name;
  if (profile.check?.kind === 'none') return 'self-hosted server';
  return profile.project?.id ? `project ${profile.project.id}` : '(name hidden by key role)';
}

/** A profile sending over plain http (loopback, or a self-hosted server the user marked as such). */
export function isPlainHttp(baseUrl: string): boolean {
  return baseUrl.startsWith('http:');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Which check proved the key, in words: the user should know what was and was not verified. */
export function describeCheck(check: KeyCheck, baseUrl: string): string {
  const host = hostOf(baseUrl);
  switch (check.kind) {
    case 'management':
      return check.ok ? 'Key checked with Deepgram’s management API' : 'Deepgram’s management API refused the key';
    case 'listen':
      return check.ok ? `Key checked by a short transcription request to ${host} (it serves no management routes)` : `A short transcription request to ${host} failed`;
    case 'none':
      return 'Not checked: a self-hosted server accepts any key; the first transcription shows whether it answers';
  }
}
