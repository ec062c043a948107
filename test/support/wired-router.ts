import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, EventName } from '../../common/contract';
import type { Result } from '../../common/errors';
import { composeServices, deepgramHosts } from '../../main/compose';
import type { Services } from '../../main/compose';
import { registerHandlers } from '../../main/ipc/handle';
import type { Handlers } from '../../main/ipc/handle';
import { createEventSink } from '../../main/ipc/outgoing';
import type { Router, RouterListener, SenderInfo } from '../../main/ipc/router';
import { appEntryUrl } from '../../main/platform/app-origin';
import { appWindowGate } from '../../main/platform/trust';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import type { EventSink } from '../../main/services/events';
import type { SecretStore } from '../../main/services/keys/secret-store';
import { redactingLogger, SecretRedactor } from '../../main/services/logging/logger';
import type { Logger } from '../../main/services/logging/logger';

export const windowId = '1';
/** The main window's top frame on the app page: what the production predicate trusts. */
export const trustedSender: SenderInfo = { id: windowId, url: appEntryUrl, isTopFrame: true };

/** A router that records what main registers and sends, and lets a test call a channel as a page would. */
export class RecordingRouter implements Router {
  readonly registered: Channel[] = [];
  readonly listeners = new Map<string, RouterListener>();
  readonly sent: { event: EventName; payload: unknown }[] = [];
  handle(channel: Channel, listener: RouterListener): void {
    this.registered.push(channel);
    this.listeners.set(channel, listener);
  }
  send(event: EventName, payload: unknown): void {
    this.sent.push({ event, payload });
  }
  call(channel: Channel, args: unknown[], sender: SenderInfo = trustedSender): Promise<Result<unknown>> {
    return this.listeners.get(channel)!(sender, args);
  }
}

export interface Wired {
  router: RecordingRouter;
  services: Services;
  redactor: SecretRedactor;
  /** The event sink main's services emit through. */
  events: EventSink;
  lines: string[];
  dataDir: string;
}

/**
 * Main's real services and handlers behind the production boundary (sender predicate, argument
 * and result parsing, redaction), on a recording router. `override` replaces some handlers.
 */
export async function wireMain(options: { secrets: SecretStore; override?: Partial<Handlers>; baseUrl?: string }): Promise<Wired> {
  const router = new RecordingRouter();
  const redactor = new SecretRedactor();
  const lines: string[] = [];
  const sink: Logger = { info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
  const logger = redactingLogger(sink, redactor);
  const redact = (text: string): string => redactor.redact(text);
  const events = createEventSink(router, redact, logger);
  const dataDir = await mkdtemp(join(tmpdir(), 'wired-main-'));
  const services = composeServices({
    dataDir,
    ...deepgramHosts(options.baseUrl),
    keychainProbe: async () => ({ available: true, problem: null }),
    secrets: options.secrets,
    deepgram: new SdkDeepgramGateway(),
    events,
    logger,
    redactor,
    pickFiles: async () => [],
  });
  registerHandlers(router, { ...services.handlers, ...options.override }, {
    isTrustedSender: appWindowGate(() => windowId),
    redact,
    logger,
  });
  return { router, services, redactor, events, lines, dataDir };
}
