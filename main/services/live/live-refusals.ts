import { AppError } from '../../../common/errors';
import type { ErrorCode } from '../../../common/errors';
import { capText } from '../../../common/text';
import type { TranscribeOptions } from '../../../common/transcribe-options';
import { parseRetryAfter } from '../deepgram/deepgram-errors';

const recordingGoesOn = 'The recording goes on and is transcribed in full when it ends.';

/** What a refused upgrade asked for, in words: the model, the language and the options that shape the stream. */
function describeRequest(options: TranscribeOptions, channels: 1 | 2): string {
  const parts = [`model ${options.model}`, `language ${options.language}`];
  if (channels === 2) parts.push('two channels');
  if (options.diarize && channels === 1) parts.push('speaker detection');
  if (options.keyTerms.length > 0) parts.push(`${options.keyTerms.length} key terms`);
  if (options.smartFormat) parts.push('smart formatting');
  return parts.join(', ');
}

export interface UpgradeRefusal {
  status: number;
  /** The `dg-error` header or the body: Deepgram's reason. */
  reason: string;
  requestId?: string | undefined;
  retryAfter?: string | undefined;
}

/**
 * A refused WebSocket upgrade as an error a person can act on. 400, 401, 402 and 403 will be refused
 * again the same way; everything else (429, 5xx) is worth another try.
 */
export function liveRefusalError(refusal: UpgradeRefusal, options: TranscribeOptions, channels: 1 | 2, scrub: (text: string) => string): AppError {
  const reason = capText(scrub(refusal.reason.trim()), 300);
  const said = reason ? ` Deepgram said: “${reason}”` : '';
  const { status } = refusal;
  let code: ErrorCode;
  let message: string;
  if (status === 401 && /permission/i.test(reason)) {
    code = 'KEY_PERMISSIONS';
    message = `This key’s role may not stream audio (401): live captions are off. Use a key with the Member role or higher in Settings → Keys. ${recordingGoesOn}${said}`;
  } else if (status === 401) {
    code = 'INVALID_KEY';
    message = `Deepgram refused the key for live captions (401): live captions are off. Check the key in Settings → Keys. ${recordingGoesOn}`;
  } else if (status === 402) {
    code = 'PAYMENT_REQUIRED';
    message = `The Deepgram project has run out of credit (402): live captions are off. Add credit in the Deepgram console. ${recordingGoesOn}`;
  } else if (status === 403) {
    code = 'MODEL_ACCESS';
    message = `This key’s role or project may not stream with ${options.model} (403): live captions are off. Pick another model for live captions, or use a key whose project may stream it. ${recordingGoesOn}${said}`;
  } else if (status === 400) {
    code = 'DEEPGRAM_ERROR';
    message = `Deepgram cannot stream with ${describeRequest(options, channels)} (400): live captions are off. Pick another model or language, or turn those options off for live captions. ${recordingGoesOn}${said}`;
  } else if (status === 429) {
    code = 'RATE_LIMITED';
    message = `Deepgram is handling too many streams from this project (429). Live captions will reconnect by themselves.`;
  } else if (status >= 500 || status === 408) {
    code = 'DEEPGRAM_UNAVAILABLE';
    message = `Deepgram is unavailable right now (${status}). Live captions will reconnect by themselves.${said}`;
  } else {
    code = 'DEEPGRAM_ERROR';
    message = `Deepgram refused the live stream (${status}): live captions are off. Check the profile’s server address in Settings → Keys. ${recordingGoesOn}${said}`;
  }
  const retryAfterMs = parseRetryAfter(refusal.retryAfter);
  return new AppError(code, message, {
    status,
    ...(refusal.requestId ? { requestId: capText(scrub(refusal.requestId), 128) } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

const retriedCodes: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'DEEPGRAM_UNAVAILABLE', 'NETWORK', 'TLS', 'TIMEOUT', 'UPLOAD_INTERRUPTED']);

/** Whether another connection may succeed where this one failed (rate limits, outages, the network). */
export function isRetriable(error: AppError): boolean {
  return retriedCodes.has(error.code);
}
