import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';

/** A frame the client sent, as the tap saw it arrive. */
export interface TappedFrame {
  at: number;
  binary: boolean;
  bytes: number;
  text?: string;
}

/** One client connection through the tap. */
export interface TappedConnection {
  openedAt: number;
  headers: IncomingMessage['headers'];
  protocol: string | undefined;
  fromClient: TappedFrame[];
  /** The server's text messages, parsed, in order. */
  fromServer: Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
}

export interface LiveTap {
  /** `https://127.0.0.1:<port>`: give it to the client as the base URL. */
  url: string;
  connections: TappedConnection[];
  /** Drops every client connection without a close frame (like a network that went away). */
  dropAll(): void;
  close(): Promise<void>;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
}

/**
 * A WSS relay between a live client and the double that records every frame both ways, with the
 * time each client frame arrived. Refused upgrades pass through with their status and headers.
 */
export async function startLiveTap(target: { url: string; ca: string }, tls: { cert: string; key: string }): Promise<LiveTap> {
  const connections: TappedConnection[] = [];
  const clients = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => {
    res.writeHead(404).end();
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const headers: Record<string, string> = {};
    if (req.headers.authorization) headers['authorization'] = req.headers.authorization;
    const protocols = req.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim()) ?? [];
    const upstream = new WebSocket(`${target.url.replace(/^https/, 'wss')}${req.url ?? '/'}`, protocols, { ca: target.ca, headers, perMessageDeflate: false });
    upstream.once('unexpected-response', (_r, response: IncomingMessage) => {
      const pass = ['dg-error', 'dg-request-id', 'retry-after'].flatMap((name) => {
        const value = response.headers[name];
        return typeof value === 'string' ? [`${name}: ${value}`] : [];
      });
      const status = response.statusCode ?? 500;
      socket.end([`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`, ...pass, 'content-length: 0', 'connection: close', '', ''].join('\r\n'));
      response.destroy();
    });
    upstream.once('error', () => socket.destroy());
    upstream.once('open', () => {
      wss.handleUpgrade(req, socket, head, (client) => {
        clients.add(client);
        let closedResolve: (value: { code: number; reason: string }) => void = () => undefined;
        const record: TappedConnection = {
          openedAt: Date.now(),
          headers: req.headers,
          protocol: client.protocol || undefined,
          fromClient: [],
          fromServer: [],
          closed: new Promise((resolve) => {
            closedResolve = resolve;
          }),
        };
        connections.push(record);
        client.on('message', (data, isBinary) => {
          const buffer = toBuffer(data);
          const frame: TappedFrame = { at: Date.now(), binary: isBinary, bytes: buffer.length };
          if (!isBinary) frame.text = buffer.toString('utf8');
          record.fromClient.push(frame);
          if (upstream.readyState === WebSocket.OPEN) upstream.send(buffer, { binary: isBinary });
        });
        upstream.on('message', (data, isBinary) => {
          const buffer = toBuffer(data);
          if (!isBinary) record.fromServer.push(JSON.parse(buffer.toString('utf8')) as Record<string, unknown>);
          if (client.readyState === WebSocket.OPEN) client.send(buffer, { binary: isBinary });
        });
        client.on('close', (code, reason) => {
          clients.delete(client);
          closedResolve({ code, reason: reason.toString('utf8') });
          if (upstream.readyState === WebSocket.OPEN) upstream.close(code === 1005 || code === 1006 ? 1000 : code);
          else upstream.terminate();
        });
        client.on('error', () => client.terminate());
        upstream.on('close', (code, reason) => {
          // A dropped upstream is dropped downstream too; a close frame is passed on as it came.
          if (code === 1005 || code === 1006) client.terminate();
          else if (client.readyState === WebSocket.OPEN) client.close(code, reason);
        });
        upstream.on('error', () => client.terminate());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}`,
    connections,
    dropAll: () => {
      for (const client of clients) client.terminate();
    },
    close: async () => {
      for (const client of clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
