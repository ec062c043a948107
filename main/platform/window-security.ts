import type { Session, WebContents } from 'electron';
import { appScheme, isAppUrl } from './app-origin';

/** A page never leaves the app, never opens a window and never embeds a webview. */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

// file: is not among them: the renderer is served from app://, and pages read no local files.
const localSchemes = new Set([`${appScheme}:`, 'data:', 'blob:', 'devtools:']);

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
