import type { z } from 'zod';
import { channels, invokeContract } from '../../common/contract';
import type { Channel, ChannelResult, ParsedArgs } from '../../common/contract';
import { AppError, isAppError } from '../../common/errors';
import type { Result } from '../../common/errors';
import type { Logger } from '../services/logging/logger';
import type { Router, SenderInfo } from './router';

/** One function per channel; the compiler insists every channel has one. */
export type Handlers = { [C in Channel]: (...args: ParsedArgs<C>) => Promise<ChannelResult<C>> };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`)
    .join('; ');
}

/**
 * Registers every handler behind the same gate: refuse foreign senders, parse the arguments
 * with the contract's schema, and return errors as values (Electron would keep only a message).
 */
export function registerHandlers(
  router: Router,
  handlers: Handlers,
  isTrustedSender: (sender: SenderInfo) => boolean,
  logger: Logger,
): void {
  for (const channel of channels) {
    const schema = invokeContract[channel].args;
    const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    router.handle(channel, async (sender, rawArgs): Promise<Result<unknown>> => {
      if (!isTrustedSender(sender)) {
        logger.warn(`Refused ${channel} from untrusted sender ${sender.url}`);
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This request did not come from the app’s window.' } };
      }
      const parsed = schema.safeParse(rawArgs);
      if (!parsed.success) {
        return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Invalid request to ${channel}: ${describeIssues(parsed.error)}` } };
      }
      try {
        return { ok: true, value: await handler(...(parsed.data as unknown[])) };
      } catch (error) {
        if (isAppError(error)) return { ok: false, error: error.toValue() };
        logger.error(`Unexpected failure in ${channel}`, error);
        return { ok: false, error: new AppError('INTERNAL', 'Something went wrong in the app. Details are in the log file.').toValue() };
      }
    });
  }
}
