/** The renderer is served from its own privileged scheme: one origin for CSP, permissions and navigation. */
export const appScheme = 'app';
export const appHost = 'deepgram-desk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** True for any page or resource of the app's own origin, and nothing else. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
