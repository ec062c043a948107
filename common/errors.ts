import { z } from 'zod';

/** Codes the UI can act on; every failure that crosses the process boundary carries one. */
export const errorCodes = [
  'INVALID_ARGUMENT',
  'FORBIDDEN_SENDER',
  'NO_KEY',
  'INVALID_KEY',
  'KEY_PERMISSIONS',
  'PAYMENT_REQUIRED',
  'MODEL_ACCESS',
  'RATE_LIMITED',
  'DEEPGRAM_UNAVAILABLE',
  'DEEPGRAM_ERROR',
  'BAD_AUDIO',
  'UPLOAD_INTERRUPTED',
  'PROCESSING_TIMEOUT',
  'SAVE_FAILED',
  'NETWORK',
  'TLS',
  'TIMEOUT',
  'CANCELED',
  'FILE_REJECTED',
  'INSECURE_URL',
  'KEYCHAIN_UNAVAILABLE',
  /** The OS or the user refused the microphone or system audio. */
  'PERMISSION_DENIED',
  /** An audio input is missing, busy or cannot be opened. */
  'DEVICE_UNAVAILABLE',
  'NOT_FOUND',
  'UNSUPPORTED',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  requestId: z.string().optional(),
  status: z.number().optional(),
});
/** An error as a value: what main returns instead of throwing across IPC. */
export type AppErrorValue = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorValue };

/** Thrown inside main; `handle()` turns it into an `AppErrorValue`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly requestId: string | undefined;
  readonly status: number | undefined;
  /** From a `Retry-After` header: how long the server asked to wait. Stays in main. */
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, extra: { requestId?: string; status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.requestId = extra.requestId;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }

  toValue(): AppErrorValue {
    const value: AppErrorValue = { code: this.code, message: this.message };
    if (this.requestId !== undefined) value.requestId = this.requestId;
    if (this.status !== undefined) value.status = this.status;
    return value;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
