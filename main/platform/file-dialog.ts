import type { BrowserWindow, Dialog } from 'electron';

import { mediaExtensions } from '../../common/media-extensions';

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

const formatNames: Record<string, string> = {
  txt: 'Plain text',
  md: 'Markdown',
  srt: 'SubRip subtitles',
  vtt: 'WebVTT captions',
  json: 'Edited transcript (JSON)',
  'deepgram-json': 'Deepgram response (JSON)',
  docx: 'Word document',
};

/** The native save dialog for one export; resolves to the chosen path, with the extension added if the user removed it. */
export function createSavePicker(dialog: Dialog, window: () => BrowserWindow | undefined, documentsDir: string): (defaultName: string, format: string, extension: string) => Promise<string | null> {
  return async (defaultName, format, extension) => {
    const last = extension.split('.').pop()!;
    const options: Electron.SaveDialogOptions = {
      title: 'Export transcript',
      defaultPath: `${documentsDir}/${defaultName}`,
      filters: [{ name: formatNames[format] ?? format, extensions: [last] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const parent = window();
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return null;
    return result.filePath.toLowerCase().endsWith(`.${extension}`) ? result.filePath : `${result.filePath}.${extension}`;
  };
}

/** The native folder chooser for exporting several transcripts. */
export function createFolderPicker(dialog: Dialog, window: () => BrowserWindow | undefined): () => Promise<string | null> {
  return async () => {
    const options: Electron.OpenDialogOptions = { title: 'Export to folder', properties: ['openDirectory', 'createDirectory'] };
    const parent = window();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
