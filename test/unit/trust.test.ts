import type { PermissionCheckHandlerHandlerDetails, Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { appEntryUrl, appOrigin, isAppUrl } from '../../main/platform/app-origin';
import { isTrustedSender, restrictPermissions } from '../../main/platform/trust';

// The argument shapes are Electron's (electron.d.ts): the request handler gets the page's
// webContents and `details.requestingUrl` (a URL) with `isMainFrame`; the check handler gets
// `requestingOrigin` (an origin such as `app://deepgram-desk`, no path) and details.

type RequestHandler = (wc: { getURL(): string }, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type CheckHandler = (wc: unknown, permission: string, origin: string, details: PermissionCheckHandlerHandlerDetails) => boolean;

function sessionWithHandlers() {
  const handlers: { request?: RequestHandler; check?: CheckHandler } = {};
  const session = {
    setPermissionRequestHandler: (h: RequestHandler) => (handlers.request = h),
    setPermissionCheckHandler: (h: CheckHandler) => (handlers.check = h),
  } as unknown as Session;
  restrictPermissions(session);
  const ask = (permission: string, details: Record<string, unknown>, pageUrl = appEntryUrl): boolean => {
    let granted: boolean | undefined;
    handlers.request!({ getURL: () => pageUrl }, permission, (g) => (granted = g), { isMainFrame: true, requestingUrl: appEntryUrl, ...details });
    if (granted === undefined) throw new Error('the request handler never answered');
    return granted;
  };
  const check = (permission: string, origin: string, details: Partial<PermissionCheckHandlerHandlerDetails> = {}): boolean =>
    handlers.check!(null, permission, origin, { isMainFrame: true, requestingUrl: appEntryUrl, securityOrigin: origin, ...details });
  return { ask, check };
}

describe('the app origin', () => {
  it('is exactly app://deepgram-desk', () => {
    expect(isAppUrl(appEntryUrl)).toBe(true);
    expect(isAppUrl(`${appOrigin}/assets/index.js`)).toBe(true);
    for (const url of ['file:///opt/app/index.html', 'app://deepgram-desk.evil.example/', 'app://other/index.html', 'app://x@deepgram-desk/', 'https://deepgram-desk/', 'not a url', '']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('trusted sender', () => {
  const top = { id: '7', url: appEntryUrl, isTopFrame: true };
  it('accepts only the main window top frame on the app origin', () => {
    expect(isTrustedSender(top, '7')).toBe(true);
    expect(isTrustedSender({ ...top, url: `${appEntryUrl}#/settings` }, '7')).toBe(true);
    expect(isTrustedSender({ ...top, isTopFrame: false }, '7')).toBe(false);
    expect(isTrustedSender({ ...top, id: '8' }, '7')).toBe(false);
    expect(isTrustedSender(top, undefined)).toBe(false);
    expect(isTrustedSender({ ...top, url: 'file:///opt/app/out/renderer/index.html' }, '7')).toBe(false);
    expect(isTrustedSender({ ...top, url: 'https://evil.example/' }, '7')).toBe(false);
    expect(isTrustedSender({ ...top, url: '' }, '7')).toBe(false);
  });
});

describe('permissions', () => {
  it('grants microphone capture only to the app page top frame', () => {
    const { ask } = sessionWithHandlers();
    expect(ask('media', { mediaTypes: ['audio'] })).toBe(true);
    expect(ask('media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(ask('media', { mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { mediaTypes: [] })).toBe(false);
    expect(ask('media', {})).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'], isMainFrame: false })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'] }, 'https://evil.example/')).toBe(false);
    for (const other of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'display-capture']) {
      expect(ask(other, {}), other).toBe(false);
    }
  });

  it('answers checks by origin, as Electron passes them', () => {
    const { check } = sessionWithHandlers();
    expect(check('media', appOrigin, { mediaType: 'audio' })).toBe(true);
    expect(check('media', appOrigin)).toBe(true);
    expect(check('media', appOrigin, { mediaType: 'video' })).toBe(false);
    expect(check('media', appOrigin, { isMainFrame: false })).toBe(false);
    expect(check('media', appOrigin, { embeddingOrigin: 'https://evil.example' })).toBe(false);
    expect(check('media', 'https://evil.example')).toBe(false);
    expect(check('media', 'file://')).toBe(false);
    // A full URL is not what Electron passes as the origin; it must not be what makes the check pass.
    expect(check('media', appEntryUrl)).toBe(false);
    expect(check('geolocation', appOrigin)).toBe(false);
    expect(check('notifications', appOrigin)).toBe(false);
  });
});
