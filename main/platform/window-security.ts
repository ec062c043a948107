import type { Session, WebContents } from 'electron';

/** Only the app's own page may ask for anything, and only for the microphone. */
export function restrictPermissions(session: Session, isAppUrl: (url: string) => boolean): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const audioOnly = permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'audio');
    callback(audioOnly && isAppUrl(details.requestingUrl) && isAppUrl(webContents.getURL()));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => permission === 'media' && isAppUrl(requestingOrigin));
}

/** A page never leaves the app, never opens a window and never embeds a webview. */
export function lockNavigation(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

const localSchemes = new Set(['file:', 'data:', 'blob:', 'devtools:']);

/** The pages load nothing from the network: all remote work happens in main. */
export function blockRemoteRequests(session: Session): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      // An unparsable URL is not local.
    }
    callback({ cancel: !localSchemes.has(scheme) });
  });
}
