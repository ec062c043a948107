import { DeepgramError } from '@deepgram/sdk';
import { AppError } from '../../../common/errors';
import type { ErrorCode } from '../../../common/errors';
import { capText } from '../../../common/text';

/** How much of a server's own words an error message quotes. */
const maxQuotedLength = 300;

interface ParsedBody {
  code?: string;
  message?: string;
  requestId?: string;
}

// Deepgram answers errors in three shapes (contract §3.1): legacy {err_code, err_msg},
// modern {category, message, details} and plain text; 503 even uses `error_code`.
export function parseErrorBody(body: unknown): ParsedBody {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text.startsWith('{')) {
      try {
        return parseErrorBody(JSON.parse(text) as unknown);
      } catch {
        return { message: text };
      }
    }
    return text ? { message: text } : {};
  }
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
  const message = [str('err_msg') ?? str('message'), str('details')].filter(Boolean).join(' ');
  const parsed: ParsedBody = {};
  const code = str('err_code') ?? str('category') ?? str('error_code');
  if (code) parsed.code = code;
  if (message) parsed.message = message;
  const requestId = str('request_id');
  if (requestId) parsed.requestId = requestId;
  return parsed;
}

function describeStatus(status: number, parsed: ParsedBody): { code: ErrorCode; message: string } {
  const said = parsed.message ? ` Deepgram said: “${capText(parsed.message, maxQuotedLength)}”` : '';
  if (status === 401 && parsed.code === 'INSUFFICIENT_PERMISSIONS') {
    return { code: 'KEY_PERMISSIONS', message: `This key’s role does not allow this request. Use a key with the Member role or higher.${said}` };
  }
  if (status === 401) return { code: 'INVALID_KEY', message: 'Deepgram rejected this key (401). Check that you copied the whole key, or create a new one in the Deepgram console.' };
  if (status === 402) return { code: 'PAYMENT_REQUIRED', message: `The Deepgram project has run out of credit (402). Add credit in the Deepgram console, then try again.` };
  if (status === 403) return { code: 'MODEL_ACCESS', message: `The Deepgram project cannot use this model (403). Pick another model, or ask Deepgram to enable it.${said}` };
  if (status === 429) return { code: 'RATE_LIMITED', message: 'Deepgram is handling too many requests from this project right now (429). Wait a moment and try again.' };
  if (status === 400 && parsed.message && /corrupt or unsupported data/i.test(parsed.message)) {
    return { code: 'BAD_AUDIO', message: 'Deepgram could not decode this file (400): it is damaged or in a format it does not support. Convert it to WAV, MP3 or M4A and try again.' };
  }
  if (status === 504) {
    return {
      code: 'PROCESSING_TIMEOUT',
      message: 'Deepgram stopped processing this file at its time limit (504). Sending the same file again will fail the same way: split it into shorter parts, or try another model.',
    };
  }
  if (status === 413) return { code: 'FILE_REJECTED', message: `Deepgram refused the file as too large (413). Extract the audio track (for example to MP3 or M4A) and add that.${said}` };
  if (status === 422) return { code: 'UPLOAD_INTERRUPTED', message: `Deepgram could not read the whole upload (422). Check your connection and try again.${said}` };
  if (status === 408 || status === 499 || status >= 500) {
    return { code: 'DEEPGRAM_UNAVAILABLE', message: `Deepgram is unavailable right now (${status}). Try again in a few minutes.${said}` };
  }
  return { code: 'DEEPGRAM_ERROR', message: `Deepgram refused the request (${status}).${said}` };
}

/** Reads `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = /^[A-Za-z]{3},/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Turns an HTTP error answer from Deepgram into a message a person can act on, keeping request ids. */
export function deepgramStatusError(
  status: number,
  body: unknown,
  headers?: { get(name: string): string | null } | null,
  scrub: (text: string) => string = (text) => text,
): AppError {
  const parsed = parseErrorBody(body);
  if (parsed.message) parsed.message = scrub(parsed.message);
  const { code, message } = describeStatus(status, parsed);
  const requestId = parsed.requestId ?? headers?.get('dg-request-id') ?? undefined;
  const retryAfterMs = parseRetryAfter(headers?.get('retry-after'));
  return new AppError(code, message, {
    status,
    ...(requestId ? { requestId: capText(scrub(requestId), 128) } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

const tlsCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const networkMessages: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening at that address',
  ENOTFOUND: 'the host name could not be found',
  EAI_AGAIN: 'the host name could not be looked up (are you offline?)',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth += 1) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string') codes.push(code);
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return codes;
}

/**
 * Maps anything the SDK or fetch throws to an AppError: status answers, TLS, network, timeout.
 * `secret` is the key the request carried: a server that echoes the request's headers back in its
 * error must not hand that key to the message, even when the key was refused.
 */
export function toDeepgramAppError(error: unknown, context: { aborted?: boolean; host: string; secret?: string }): AppError {
  const secret = context.secret;
  const scrub = (text: string): string => (secret ? text.split(secret).join('[redacted]') : text);
  return classify(error, context, scrub);
}

function classify(error: unknown, context: { aborted?: boolean; host: string }, scrub: (text: string) => string): AppError {
  if (error instanceof AppError) return error;
  if (context.aborted) return new AppError('CANCELED', 'Canceled.');
  if (error instanceof DeepgramError && typeof error.statusCode === 'number') {
    return deepgramStatusError(error.statusCode, error.body, error.rawResponse?.headers, scrub);
  }
  const codes = causeCodes(error);
  const tls = codes.find((code) => tlsCodes.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'));
  if (tls) {
    return new AppError('TLS', `The secure connection to ${context.host} failed (${tls}): its certificate is not trusted. If you use a self-hosted server, install its certificate authority on this computer.`, { cause: error });
  }
  const network = codes.find((code) => code in networkMessages);
  if (network) {
    return new AppError('NETWORK', `Could not reach ${context.host}: ${networkMessages[network]} (${network}). Check your connection and the server address.`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message) || (error instanceof Error && error.name === 'DeepgramTimeoutError')) {
    return new AppError('TIMEOUT', `Deepgram did not answer in time. Try again; for very long files check your connection.`, { cause: error });
  }
  return new AppError('NETWORK', `Could not talk to ${context.host}: ${capText(scrub(message), maxQuotedLength)}. Check your connection and the server address.`, { cause: error });
}
