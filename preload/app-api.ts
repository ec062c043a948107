import type { ChannelApi } from '../common/api';

/** Capabilities the preload adds beyond IPC channels. */
export interface LocalApi {
  files: {
    /** The on-disk path of a dropped file (Electron's webUtils.getPathForFile). */
    pathForFile(file: File): Promise<string>;
  };
}

/** `window.app`: everything the renderer can ask of the rest of the app. */
export type AppApi = ChannelApi & LocalApi;
