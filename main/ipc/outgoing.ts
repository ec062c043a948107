import type { z } from 'zod';
import { eventContract } from '../../common/contract';
import type { EventName, EventPayload } from '../../common/contract';
import { AppError, isAppError } from '../../common/errors';
import type { AppErrorValue } from '../../common/errors';
import { capText } from '../../common/text';
import type { EventSink } from '../services/events';
import type { Logger } from '../services/logging/logger';
import type { Router } from './router';

/** Longest message or id that crosses to the renderer; servers and the OS can send anything. */
export const maxMessageLength = 500;
export const maxRequestIdLength = 128;

export type Redact = (text: string) => string;

/** Every string of a value with known secrets removed; the value's shape is kept. */
export function redactDeep(value: unknown, redact: Redact, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact, depth + 1);
  return out;
}

/** The error value a renderer may see: known codes as they are, anything else as a generic failure. */
export function toErrorValue(error: unknown, redact: Redact): AppErrorValue {
  const value = isAppError(error)
    ? error.toValue()
    : new AppError('INTERNAL', 'Something went wrong in the app. Details are in the log file.').toValue();
  const safe: AppErrorValue = { code: value.code, message: capText(redact(value.message), maxMessageLength) };
  if (value.requestId !== undefined) safe.requestId = capText(redact(value.requestId), maxRequestIdLength);
  if (value.status !== undefined) safe.status = value.status;
  return safe;
}

/**
 * Makes a value safe to cross: secrets redacted, then parsed with its contract schema so that
 * fields the contract does not name are dropped. Undefined when it does not fit the contract.
 */
export function toOutgoing(schema: z.ZodType, value: unknown, redact: Redact): { ok: true; value: unknown } | { ok: false; error: z.ZodError } {
  const parsed = schema.safeParse(redactDeep(value, redact));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error };
}

/** Events to the renderer, each checked against the contract like a handler's result. */
export function createEventSink(router: Router, redact: Redact, logger: Logger): EventSink {
  return {
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      const outgoing = toOutgoing(eventContract[event], payload, redact);
      if (!outgoing.ok) {
        logger.error(`Dropped ${event}: its payload does not match the contract`, outgoing.error.issues.slice(0, 3));
        return;
      }
      router.send(event, outgoing.value);
    },
  };
}
