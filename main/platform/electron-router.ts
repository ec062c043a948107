import { BrowserWindow, ipcMain } from 'electron';
import type { Router } from '../ipc/router';
import { createIpcRouter } from './ipc-router';

/** The app's IPC router: the only module that touches ipcMain. */
export function createElectronRouter(): Router {
  return createIpcRouter(ipcMain, () => BrowserWindow.getAllWindows());
}
