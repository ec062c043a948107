import type { Result } from '../../common/errors';

/** Messages of the loopback test transport; one JSON object per WebSocket frame. */
export type ClientMessage = { type: 'invoke'; id: number; channel: string; args: unknown[] };
export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: string; payload: unknown };

/**
 * JSON has no bytes: a Uint8Array argument (a recorded chunk) travels as `{ [bytesTag]: base64 }`
 * and is turned back into a Uint8Array before main's boundary parses the arguments, as Electron's
 * structured clone would hand it over.
 */
export const bytesTag = '$bytes';

/** The bridge trades the page's token for the media cookie here (an <audio src> cannot send a header). */
export const mediaSessionPath = '/__web-host/media-session';

export const bridgePath = '/__web-host/bridge.js';
export const uploadPath = '/__web-host/upload';
export const socketPath = '/__web-host/ipc';
export const tokenHeader = 'x-web-host-token';
