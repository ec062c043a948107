import type { AppApi } from '../../preload/app-api';

declare global {
  interface Window {
    /** Installed by the preload (or by the web host's bridge in browser tests). */
    readonly app: AppApi;
  }
}

/**
 * `window.app` for the rest of the renderer: the only module that touches it. Its calls
 * resolve to result values; main turns every failure into one (see main/ipc/handle.ts).
 */
export const app: AppApi = window.app;
