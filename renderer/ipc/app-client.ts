import { apiPath, buildChannelApi, type ApiTransport, type Unsubscribe } from '../../common/api';
import type { AppErrorValue, Result } from '../../common/errors';
import type { AppApi } from '../../preload/app-api';

declare global {
  interface Window {
    /** Installed by the preload (or by the web host's bridge in browser tests). */
    readonly app?: AppApi;
  }
}

type Callable = (...args: unknown[]) => unknown;

const bridgeMissing: AppErrorValue = {
  code: 'INTERNAL',
  message: 'Deepgram Desk could not reach its background process. Restart the app.',
};

const bridgeFailed: AppErrorValue = {
  code: 'INTERNAL',
  message: 'Something went wrong inside Deepgram Desk. Try again; if it keeps happening, restart the app.',
};

// Looked up on every call rather than captured once, so a bridge installed after this module
// loads still works and a missing one yields an error value instead of a crash.
function bridgeMethod(ns: string, member: string): Callable | undefined {
  const bridge = window.app as unknown as Record<string, Record<string, unknown> | undefined> | undefined;
  const target = bridge?.[ns];
  const fn = target?.[member];
  return typeof fn === 'function' ? (fn as Callable).bind(target) : undefined;
}

const transport: ApiTransport = {
  async invoke(channel, args) {
    const fn = bridgeMethod(...apiPath(channel, 'invoke'));
    if (!fn) return { ok: false, error: bridgeMissing };
    try {
      return (await fn(...args)) as Result<unknown>;
    } catch {
      // The message of a thrown IPC error is Electron's wrapper text, not something to show.
      return { ok: false, error: bridgeFailed };
    }
  },
  subscribe(event, listener) {
    const fn = bridgeMethod(...apiPath(event, 'event'));
    if (!fn) return () => {};
    const unsubscribe = fn(listener);
    return typeof unsubscribe === 'function' ? (unsubscribe as Unsubscribe) : () => {};
  },
};

const channelApi = buildChannelApi(transport);

/** `window.app` for the rest of the renderer: the only module that touches it. Calls never throw. */
export const app: AppApi = {
  ...channelApi,
  files: {
    ...channelApi.files,
    async pathForFile(file: File): Promise<string> {
      const fn = bridgeMethod('files', 'pathForFile');
      if (!fn) throw new Error(bridgeMissing.message);
      return (await fn(file)) as string;
    },
  },
};
