import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import type { Channel, EventName } from '../../common/contract';
import type { Router, RouterListener } from '../../main/ipc/router';
import type { Logger } from '../../main/services/logging/logger';
import type { ServerMessage } from './protocol';
import { bytesTag } from './protocol';

/** The only frame a page may send; anything else closes that page's connection, never the host. */
const clientMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(100),
  args: z.array(z.unknown()).max(64),
});

/** The IPC router over WebSockets; keeps a copy of everything sent to the page for inspection. */
export class WsRouter implements Router {
  private readonly listeners = new Map<string, RouterListener>();
  private readonly sockets = new Set<WebSocket>();
  /** Every frame sent to a page, as sent. */
  readonly sent: string[] = [];

  constructor(
    private readonly origin: string,
    private readonly logger: Logger,
  ) {}

  handle(channel: Channel, listener: RouterListener): void {
    if (this.listeners.has(channel)) throw new Error(`Two handlers for ${channel}`);
    this.listeners.set(channel, listener);
  }

  send(event: EventName, payload: unknown): void {
    this.broadcast({ type: 'event', event, payload });
  }

  /** Serves one authenticated page connection. */
  attach(socket: WebSocket, connectionId: string, pageOrigin: string): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => this.logger.warn('web host socket error', error));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const message = isBinary ? undefined : parseFrame(data);
      if (!message) {
        socket.close(1008, 'malformed frame');
        return;
      }
      this.dispatch(socket, connectionId, pageOrigin, message).catch((error: unknown) => {
        this.logger.error('web host dispatch failed', error);
      });
    });
  }

  private async dispatch(socket: WebSocket, connectionId: string, pageOrigin: string, message: z.infer<typeof clientMessageSchema>): Promise<void> {
    const listener = this.listeners.get(message.channel);
    const result = listener
      ? await listener({ id: connectionId, url: pageOrigin, isTopFrame: pageOrigin === this.origin }, message.args)
      : { ok: false as const, error: { code: 'INVALID_ARGUMENT' as const, message: 'No such channel.' } };
    this.write(socket, { type: 'result', id: message.id, result });
  }

  private broadcast(message: ServerMessage): void {
    for (const socket of this.sockets) this.write(socket, message);
  }

  private write(socket: WebSocket, message: ServerMessage): void {
    const frame = JSON.stringify(message);
    this.sent.push(frame);
    if (socket.readyState === socket.OPEN) socket.send(frame);
  }
}

function parseFrame(data: RawData): z.infer<typeof clientMessageSchema> | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = clientMessageSchema.safeParse(json);
  return parsed.success ? { ...parsed.data, args: parsed.data.args.map(reviveBytes) } : undefined;
}

function isTaggedBytes(value: unknown): value is Record<typeof bytesTag, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === bytesTag && typeof (value as Record<string, unknown>)[bytesTag] === 'string';
}

/** Tagged base64 (at the top of an argument or one level down) back into a Uint8Array; anything else as it is. */
function reviveBytes(arg: unknown): unknown {
  const revive = (value: unknown): unknown => (isTaggedBytes(value) ? new Uint8Array(Buffer.from(value[bytesTag], 'base64')) : value);
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return arg;
  if (isTaggedBytes(arg)) return revive(arg);
  return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, revive(v)]));
}
