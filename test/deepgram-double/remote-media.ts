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

/**
 * Downloads `{"url"}` media the way Deepgram's fetcher would, but only from this machine: the double
 * must never reach the internet.
 */
export async function fetchRemoteMedia(rawUrl: string, dir: string, ca: string | undefined): Promise<RemoteMediaResult> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, message: 'Invalid URL for media download.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'URL for media download must use http or https.' };
  }
  if (!LOCAL_HOSTS.has(url.hostname)) {
    return { ok: false, message: 'URL for media download must be reachable: the Deepgram double only fetches from 127.0.0.1/localhost.' };
  }

  return new Promise<RemoteMediaResult>((resolve) => {
    const onResponse = (res: http.IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        resolve({ ok: false, message: `Failed to download media: the URL answered with HTTP ${status}.` });
        return;
      }
      spoolToFile(res, dir).then(
        (body) => resolve({ ok: true, body }),
        (error: unknown) => resolve({ ok: false, message: `Failed to download media: ${String(error)}` }),
      );
    };
    const req =
      url.protocol === 'https:'
        ? https.get(url, ca ? { ca: [...defaultCas(), ca] } : {}, onResponse)
        : http.get(url, onResponse);
    req.setTimeout(30_000, () => req.destroy(new Error('timed out')));
    req.on('error', (error) => resolve({ ok: false, message: `Failed to download media: ${error.message}` }));
  });
}
