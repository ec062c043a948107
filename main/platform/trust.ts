import type { PermissionCheckHandlerHandlerDetails, Session } from 'electron';
import type { SenderInfo } from '../ipc/router';
import { appOrigin, isAppUrl } from './app-origin';

/** Only the main window's top frame, on the app's own origin, may call main. */
export function isTrustedSender(sender: SenderInfo, mainWindowId: string | undefined): boolean {
  return mainWindowId !== undefined && sender.id === mainWindowId && sender.isTopFrame && isAppUrl(sender.url);
}

/** What a permission request carries, as Electron passes it (`details.requestingUrl` is a full URL). */
export interface PermissionRequestFacts {
  permission: string;
  requestingUrl: string | undefined;
  isMainFrame: boolean | undefined;
  mediaTypes: readonly string[] | undefined;
  /** URL of the page whose webContents asks. */
  pageUrl: string;
}

/** A request is granted only for microphone capture by the app page's top frame. */
export function allowPermissionRequest(facts: PermissionRequestFacts): boolean {
  const media = facts.mediaTypes ?? [];
  const audioOnly = facts.permission === 'media' && media.length > 0 && media.every((type) => type === 'audio');
  return audioOnly && facts.isMainFrame === true && isAppUrl(facts.requestingUrl ?? '') && isAppUrl(facts.pageUrl);
}

/**
 * A check (e.g. whether device labels may be read) passes only for audio media from the app's
 * origin in its top frame. Electron passes an origin here (`app://host`), not a page URL.
 */
export function allowPermissionCheck(permission: string, requestingOrigin: string, details: PermissionCheckHandlerHandlerDetails): boolean {
  if (permission !== 'media' || requestingOrigin !== appOrigin || !details.isMainFrame) return false;
  if (details.embeddingOrigin !== undefined && details.embeddingOrigin !== appOrigin) return false;
  return details.mediaType !== 'video';
}

/** Installs both permission handlers on a session. */
export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(
      allowPermissionRequest({
        permission,
        requestingUrl: details.requestingUrl,
        isMainFrame: details.isMainFrame,
        mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined,
        pageUrl: webContents.getURL(),
      }),
    );
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => allowPermissionCheck(permission, requestingOrigin, details));
}

/** The gate for the app's IPC: the current main window's id is read at each request. */
export function appWindowGate(mainWindowId: () => string | undefined): (sender: SenderInfo) => boolean {
  return (sender) => isTrustedSender(sender, mainWindowId());
}
