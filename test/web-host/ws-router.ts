import type { WebSocket } from 'ws';
import type { Channel, EventName } from '../../common/contract';
import type { Router, RouterListener } from '../../main/ipc/router';
import type { ClientMessage, ServerMessage } from './protocol';

/** The IPC router over WebSockets; keeps a copy of everything sent to the page for inspection. */
export class WsRouter implements Router {
  private readonly listeners = new Map<string, RouterListener>();
  private readonly sockets = new Set<WebSocket>();
  /** Every frame sent to a page, as sent. */
  readonly sent: string[] = [];

  constructor(private readonly origin: string) {}

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
    socket.on('message', (data) => {
      let message: ClientMessage;
      try {
        message = JSON.parse(String(data)) as ClientMessage;
      } catch {
        socket.close(1003, 'not JSON');
        return;
      }
      void this.dispatch(socket, connectionId, pageOrigin, message);
    });
  }

  private async dispatch(socket: WebSocket, connectionId: string, pageOrigin: string, message: ClientMessage): Promise<void> {
    const listener = this.listeners.get(message.channel);
    const result = listener
      ? await listener({ id: connectionId, url: pageOrigin, isTopFrame: pageOrigin === this.origin }, Array.isArray(message.args) ? message.args : [])
      : { ok: false as const, error: { code: 'INVALID_ARGUMENT' as const, message: `No such channel: ${message.channel}` } };
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
