import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Headers Deepgram's 101 lets browsers read (contract §1.3). */
export const EXPOSED_HEADERS = 'dg-model-name,dg-model-uuid,dg-char-count,dg-request-id,dg-error';

/**
 * Answers a WebSocket upgrade with a plain HTTP error, as Deepgram does: the reason in `dg-error` and in the body.
 * An undefined reason gives a bare response (no `dg-error`, empty body), as reported for `keywords` with nova-3.
 */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  requestId: string,
  reason: string | undefined,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = Buffer.from(reason ?? '', 'utf8');
  socket.write(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
      ...(reason === undefined ? [] : [`dg-error: ${reason}`]),
      `dg-request-id: ${requestId}`,
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ...(reason === undefined ? [] : ['content-type: text/plain; charset=utf-8']),
      `content-length: ${body.length}`,
      'connection: close',
      '',
      '',
    ].join('\r\n'),
  );
  socket.end(body);
}
