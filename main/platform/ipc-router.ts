import type { BrowserWindow, IpcMain } from 'electron';
import { ipcPrefix } from '../../common/contract';
import type { Router } from '../ipc/router';

/** The IPC router over Electron's objects, given as arguments: ipcMain for requests, webContents.send for events. */
export function createIpcRouter(ipcMain: IpcMain, windows: () => BrowserWindow[]): Router {
  return {
    handle(channel, listener) {
      ipcMain.handle(ipcPrefix + channel, (event, ...args: unknown[]) =>
        listener(
          {
            id: String(event.sender.id),
            url: event.senderFrame?.url ?? '',
            isTopFrame: event.senderFrame !== null && event.senderFrame === event.sender.mainFrame,
          },
          args,
        ),
      );
    },
    send(event, payload) {
      for (const window of windows()) {
        if (!window.isDestroyed()) window.webContents.send(ipcPrefix + event, payload);
      }
    },
  };
}
