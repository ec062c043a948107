/** Deepgram endpoints a user can pick without typing a URL. */
export const deepgramRegions = [
  { id: 'us', label: 'United States (default)', url: 'https://api.deepgram.com' },
  { id: 'eu', label: 'European Union', url: 'https://api.eu.deepgram.com' },
] as const;

export const defaultBaseUrl = deepgramRegions[0].url;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Normalises a Deepgram base URL. Only https is accepted, except plain http on loopback
 * (a self-hosted container on this machine), because the key travels in every request.
 */
export function checkBaseUrl(input: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'This is not a URL. Use the form https://api.deepgram.com.' };
  }
  if (url.username || url.password) return { ok: false, reason: 'The URL must not contain a user name or password.' };
  if (url.search || url.hash) return { ok: false, reason: 'The URL must not contain a query or fragment.' };
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return { ok: false, reason: 'Plain http would send your key unencrypted. Use https, or http only to this computer (localhost).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'Only https:// URLs are accepted.' };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}
