// Runs in the page before the renderer: gives it a `window.app` built from the same contract
// as the preload, over a WebSocket to the web host instead of Electron IPC.
import { buildChannelApi } from '../../common/api';
import type { Result } from '../../common/errors';
import type { AppApi } from '../../preload/app-api';
import type { ClientMessage, ServerMessage } from './protocol';
import { bytesTag, mediaSessionPath, socketPath, tokenHeader, uploadPath } from './protocol';

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${socketPath}?token=${encodeURIComponent(token)}`;
const socket = new WebSocket(socketUrl);
const opened = Promise.all([
  new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('The web host refused the connection (wrong token?).')), { once: true });
  }),
  // An <audio src> cannot carry the token header: the host answers this with a media cookie.
  fetch(mediaSessionPath, { method: 'POST', headers: { [tokenHeader]: token } }).then((r) => {
    if (r.status !== 204) throw new Error('The web host refused the media session (wrong token?).');
  }),
]);
const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as ServerMessage;
  if (data.type === 'result') {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else {
    for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
  }
});
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'NETWORK', message: 'The web host went away.' } });
  pending.clear();
});

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Arguments as JSON can carry them: bytes one level down in an argument object become tagged base64. */
function encodeArgs(args: unknown[]): unknown[] {
  return args.map((arg) => {
    if (arg instanceof Uint8Array) return { [bytesTag]: base64(arg) };
    if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return arg;
    return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, v instanceof Uint8Array ? { [bytesTag]: base64(v) } : v]));
  });
}

const channelApi = buildChannelApi({
  async invoke(channel, args) {
    await opened;
    const id = nextId++;
    const request: ClientMessage = { type: 'invoke', id, channel, args: encodeArgs(args) };
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify(request));
    });
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  },
});

// A browser cannot reveal a dropped file's path, so the host keeps a copy on its disk and
// main's services read that, as they read the original in the desktop app.
async function pathForFile(file: File): Promise<string> {
  const response = await fetch(`${uploadPath}?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { [tokenHeader]: token },
    body: file,
  });
  if (!response.ok) throw new Error(`The web host could not take ${file.name}: ${response.status}`);
  return ((await response.json()) as { path: string }).path;
}

const api: AppApi = { ...channelApi, files: { ...channelApi.files, pathForFile } };
Object.defineProperty(window, 'app', { value: Object.freeze(api), writable: false });
