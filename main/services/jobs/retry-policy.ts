import type { AppError } from '../../../common/errors';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubles each time. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest `Retry-After` honoured. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000, maxRetryAfterMs: 5 * 60_000 };

export type RetryDecision =
  | { kind: 'retry'; delayMs: number }
  /** Every job would fail the same way: stop starting jobs until the user acts or the network returns. */
  | { kind: 'pause'; reason: 'auth' | 'payment' | 'offline' }
  | { kind: 'fail' };

const offlineCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

/** True when the error says this computer cannot reach the network at all, not that the server failed. */
export function isOfflineError(error: AppError): boolean {
  if (error.code !== 'NETWORK') return false;
  let current: unknown = error.cause;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && offlineCodes.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 504);
}

/**
 * What to do after a failed attempt. Connection failures, timeouts, 408, 429 and 5xx other than 504
 * are retried with exponential backoff and jitter (or after `Retry-After`); everything else fails at
 * once, since sending the same request again would fail the same way.
 */
export function decideRetry(error: AppError, attempt: number, policy: RetryPolicy = defaultRetryPolicy, random: () => number = Math.random): RetryDecision {
  if (error.code === 'INVALID_KEY' || error.code === 'KEY_PERMISSIONS' || error.code === 'NO_KEY') return { kind: 'pause', reason: 'auth' };
  if (error.code === 'PAYMENT_REQUIRED') return { kind: 'pause', reason: 'payment' };
  if (isOfflineError(error)) return { kind: 'pause', reason: 'offline' };
  const retryable =
    error.code === 'NETWORK' ||
    error.code === 'TIMEOUT' ||
    (error.status !== undefined && isRetryableStatus(error.status));
  if (!retryable || attempt >= policy.maxAttempts) return { kind: 'fail' };
  if (error.retryAfterMs !== undefined) return { kind: 'retry', delayMs: Math.min(error.retryAfterMs, policy.maxRetryAfterMs) };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { kind: 'retry', delayMs: Math.round(ceiling / 2 + random() * (ceiling / 2)) };
}
