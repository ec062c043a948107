import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import { AppError } from '../../../common/errors';
import type { TranscribeOptions } from '../../../common/transcribe-options';
import { toDeepgramAppError } from '../deepgram/deepgram-errors';
import { liveRefusalError } from './live-refusals';

/** Client control messages; audio goes through `sendAudio`. */
export type LiveControl = 'KeepAlive' | 'Finalize' | 'CloseStream';

/** An open `/v1/listen` stream. */
export interface LiveConnection {
  /** Sends PCM as one binary frame; an empty frame is never sent (Deepgram takes it as the end of the stream). */
  sendAudio(bytes: Uint8Array): void;
  /** Sends a control message as a text frame. */
  sendControl(type: LiveControl): void;
  /** Bytes handed to the socket but not yet written to the network. */
  readonly bufferedAmount: number;
  readonly requestId: string | null;
  /** Ends the stream with a normal close. */
  close(): void;
  /** Drops the connection at once (a stale socket after sleep or a network change). */
  terminate(): void;
}

export interface LiveConnectionEvents {
  onText(text: string): void;
  /** Once, however the connection ended. */
  onClose(code: number, reason: string): void;
}

export interface OpenLiveConnection {
  url: URL;
  /** Sent as `Authorization: Token <key>`; never in the URL or a subprotocol. */
  key: string;
  options: TranscribeOptions;
  channels: 1 | 2;
  handshakeTimeoutMs: number;
  events: LiveConnectionEvents;
  /** Gives up the handshake (the stream was stopped or is being restarted). */
  signal?: AbortSignal;
}

const maxReasonBytes = 2000;

/** Reads the body of a refused upgrade (up to a bound) and ends the request. */
function readRefusalBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      response.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= maxReasonBytes) done();
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Opens a live stream. Rejects with an AppError: a refused upgrade carries its HTTP status and
 * Deepgram's reason (`dg-error`); network and TLS failures are classified like REST ones. The key
 * is scrubbed from every message.
 */
export function openLiveConnection(request: OpenLiveConnection): Promise<LiveConnection> {
  const { key, url } = request;
  const scrub = (text: string): string => text.split(key).join('[redacted]');
  const host = url.host;
  return new Promise<LiveConnection>((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { Authorization: `Token ${key}` },
      handshakeTimeout: request.handshakeTimeoutMs,
      perMessageDeflate: false,
      followRedirects: false,
      maxPayload: 4 * 1024 * 1024,
    });
    let requestId: string | null = null;
    let settled = false;
    const fail = (error: AppError): void => {
      if (settled) return;
      settled = true;
      request.signal?.removeEventListener('abort', abort);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      reject(error);
    };
    const abort = (): void => fail(new AppError('CANCELED', 'Canceled.'));
    if (request.signal?.aborted) {
      abort();
      return;
    }
    request.signal?.addEventListener('abort', abort, { once: true });
    ws.on('upgrade', (response: IncomingMessage) => {
      requestId = header(response, 'dg-request-id') ?? null;
    });
    ws.on('unexpected-response', (_req, response: IncomingMessage) => {
      void readRefusalBody(response).then((body) => {
        const reason = header(response, 'dg-error') ?? body;
        fail(
          liveRefusalError(
            { status: response.statusCode ?? 0, reason, requestId: header(response, 'dg-request-id'), retryAfter: header(response, 'retry-after') },
            request.options,
            request.channels,
            scrub,
          ),
        );
      });
    });
    ws.on('error', (error: Error) => {
      if (!settled) fail(toDeepgramAppError(error, { host, secret: key }));
    });
    ws.on('open', () => {
      if (settled) return;
      settled = true;
      request.signal?.removeEventListener('abort', abort);
      ws.removeAllListeners('error');
      // After the open, errors end in a close event, which is what the caller hears about.
      ws.on('error', () => undefined);
      ws.on('message', (data: RawData, isBinary: boolean) => {
        if (isBinary) return;
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
        request.events.onText(text);
      });
      ws.once('close', (code: number, reason: Buffer) => request.events.onClose(code, scrub(reason.toString('utf8'))));
      resolve({
        sendAudio(bytes) {
          if (bytes.byteLength === 0 || ws.readyState !== WebSocket.OPEN) return;
          ws.send(bytes, { binary: true });
        },
        sendControl(type) {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type }), { binary: false });
        },
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
        requestId,
        close() {
          if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
        },
        terminate() {
          ws.terminate();
        },
      });
    });
  }).catch((error: unknown) => {
    throw error instanceof AppError ? error : toDeepgramAppError(error, { host, secret: key });
  });
}
