import type { z } from 'zod';
import { channels, invokeContract } from '../../common/contract';
import type { Channel, ChannelResult, ParsedArgs } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Result } from '../../common/errors';
import type { Logger } from '../services/logging/logger';
import type { Redact } from './outgoing';
import { toErrorValue, toOutgoing } from './outgoing';
import type { Router, SenderInfo } from './router';

/** One function per channel; the compiler insists every channel has one. */
export type Handlers = { [C in Channel]: (...args: ParsedArgs<C>) => Promise<ChannelResult<C>> };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.').slice(0, 80) || 'arguments'}: ${issue.message.slice(0, 200)}`)
    .join('; ');
}

export interface Boundary {
  isTrustedSender: (sender: SenderInfo) => boolean;
  /** Strips known secrets from every string that leaves main. */
  redact: Redact;
  logger: Logger;
}

/**
 * Registers every handler behind the same gate: refuse foreign senders, parse the arguments
 * with the contract's schema, parse the result with the contract's result schema (so nothing
 * the contract does not name leaves main), and return errors as values with secrets removed.
 */
export function registerHandlers(router: Router, handlers: Handlers, boundary: Boundary): void {
  const { isTrustedSender, redact, logger } = boundary;
  for (const channel of channels) {
    const contract = invokeContract[channel];
    const handler = handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    router.handle(channel, async (sender, rawArgs): Promise<Result<unknown>> => {
      if (!isTrustedSender(sender)) {
        logger.warn(`Refused ${channel} from untrusted sender ${sender.url.slice(0, 200)}`);
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'This request did not come from the app’s window.' } };
      }
      const parsed = contract.args.safeParse(rawArgs);
      if (!parsed.success) {
        return { ok: false, error: toErrorValue(new AppError('INVALID_ARGUMENT', `Invalid request to ${channel}: ${describeIssues(parsed.error)}`), redact) };
      }
      let value: unknown;
      try {
        value = await handler(...(parsed.data as unknown[]));
      } catch (error) {
        if (!(error instanceof AppError)) logger.error(`Unexpected failure in ${channel}`, error);
        return { ok: false, error: toErrorValue(error, redact) };
      }
      const outgoing = toOutgoing(contract.result, value, redact);
      if (!outgoing.ok) {
        logger.error(`The result of ${channel} does not match the contract`, outgoing.error.issues.slice(0, 3));
        return { ok: false, error: toErrorValue(undefined, redact) };
      }
      return { ok: true, value: outgoing.value };
    });
  }
}
