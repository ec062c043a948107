import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './api';

contextBridge.exposeInMainWorld('app', createPreloadApi(ipcRenderer, (file) => webUtils.getPathForFile(file)));
