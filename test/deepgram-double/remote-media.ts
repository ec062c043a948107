import http from 'node:http';
import https from 'node:https';
import * as tls from 'node:tls';
import { spoolToFile } from './media-probe';
import type { SpooledBody } from './media-probe';

export type RemoteMediaResult = { ok: true; body: SpooledBody } | { ok: false; message: string };

/** Node's default trust store including NODE_EXTRA_CA_CERTS (getCACertificates is Node ≥ 22.15; older Node lacks the extras). */
function defaultCas(): string[] {
  return typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : [...tls.rootCertificates];
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Invented bound: how many redirects Deepgram's fetcher follows is not documented. */
const MAX_REDIRECTS = 10;
const FETCH_TIMEOUT_MS = 30_000;

// Messages in the wording Deepgram's fetcher uses where it is known: users report the "client error" form
// (with the remote status) and "failed to return valid data" (for media it cannot read). The other
// wordings are invented.
export const REMOTE_INVALID_DATA = 'The remote server hosting the media failed to return valid data.';

function remoteStatusMessage(status: number): string {
  const kind = status >= 500 ? 'server' : 'client';
  return `The remote server hosting the media returned a ${kind} error: ${status} ${http.STATUS_CODES[status] ?? ''}`.trimEnd() + '.';
}

function unreachableMessage(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return `The remote server hosting the media could not be reached (${code ?? error.message}).`;
}

type Hop = { kind: 'body'; body: SpooledBody } | { kind: 'redirect'; location: string } | { kind: 'failed'; message: string };

function checkUrl(raw: string, base?: URL): URL | string {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return 'Invalid URL for media download.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'URL for media download must use http or https.';
  if (!LOCAL_HOSTS.has(url.hostname)) {
    return 'URL for media download must be reachable: the Deepgram double only fetches from 127.0.0.1/localhost.';
  }
  return url;
}

function fetchOnce(url: URL, dir: string, ca: string | undefined, signal: AbortSignal | undefined): Promise<Hop> {
  return new Promise<Hop>((resolve) => {
    const onResponse = (res: http.IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        res.resume();
        resolve({ kind: 'redirect', location });
        return;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        resolve({ kind: 'failed', message: remoteStatusMessage(status) });
        return;
      }
      spoolToFile(res, dir).then(
        (body) => resolve({ kind: 'body', body }),
        () => resolve({ kind: 'failed', message: REMOTE_INVALID_DATA }),
      );
    };
    const options: https.RequestOptions = { signal };
    if (ca) options.ca = [...defaultCas(), ca];
    const req = url.protocol === 'https:' ? https.get(url, options, onResponse) : http.get(url, { signal }, onResponse);
    req.setTimeout(FETCH_TIMEOUT_MS, () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ kind: 'failed', message: unreachableMessage(error) }));
  });
}

/**
 * Downloads `{"url"}` media the way Deepgram's fetcher would (following redirects), but only from this
 * machine: the double must never reach the internet. `signal` abandons the download (the double closing).
 */
export async function fetchRemoteMedia(
  rawUrl: string,
  dir: string,
  ca: string | undefined,
  signal?: AbortSignal,
): Promise<RemoteMediaResult> {
  let url = checkUrl(rawUrl);
  for (let redirects = 0; typeof url !== 'string'; redirects += 1) {
    const hop = await fetchOnce(url, dir, ca, signal);
    if (hop.kind === 'body') return { ok: true, body: hop.body };
    if (hop.kind === 'failed') return { ok: false, message: hop.message };
    if (redirects >= MAX_REDIRECTS) return { ok: false, message: 'The remote server hosting the media redirected too many times.' };
    url = checkUrl(hop.location, url);
  }
  return { ok: false, message: url };
}
