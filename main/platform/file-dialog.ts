import type { BrowserWindow, Dialog } from 'electron';

export const mediaExtensions = ['wav', 'mp3', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'webm', 'mp4', 'm4v', 'mov', 'mkv', 'avi', 'wma', 'aiff', 'aif', 'amr', '3gp', 'caf'];

/** The native open dialog, filtered to audio and video files. */
export function createFilePicker(dialog: Dialog, window: () => BrowserWindow | undefined): () => Promise<string[]> {
  return async () => {
    const options: Electron.OpenDialogOptions = {
      title: 'Choose audio or video files',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Audio and video', extensions: mediaExtensions },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const parent = window();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? [] : result.filePaths;
  };
}
