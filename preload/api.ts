import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { buildChannelApi } from '../common/api';
import { ipcPrefix } from '../common/contract';
import type { Result } from '../common/errors';
import type { AppApi } from './app-api';

/** Builds `window.app` over Electron's IPC; kept apart from index.ts so tests can load it without Electron. */
export function createPreloadApi(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  getPathForFile: (file: File) => string,
): AppApi {
  const channelApi = buildChannelApi({
    invoke: (channel, args) => ipc.invoke(ipcPrefix + channel, ...args) as Promise<Result<unknown>>,
    subscribe: (event, listener) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipc.on(ipcPrefix + event, wrapped);
      return () => {
        ipc.removeListener(ipcPrefix + event, wrapped);
      };
    },
  });
  return {
    ...channelApi,
    files: { ...channelApi.files, pathForFile: async (file: File) => getPathForFile(file) },
  };
}
