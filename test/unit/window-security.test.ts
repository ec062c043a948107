import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { ipcPrefix } from '../../common/contract';
import type { SenderInfo } from '../../main/ipc/router';
import { createElectronRouter } from '../../main/platform/electron-router';
import { blockRemoteRequests, lockNavigation, restrictPermissions } from '../../main/platform/window-security';

// Electron cannot run here; these adapters take Electron's objects as arguments, so they are
// driven with stand-ins of the same shape. The Electron suite covers the real thing.
const appUrl = 'file:///opt/app/out/renderer/index.html';
const isAppUrl = (url: string): boolean => url === appUrl;

type PermissionHandler = (wc: { getURL(): string }, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type CheckHandler = (wc: unknown, permission: string, origin: string) => boolean;

function fakeSession() {
  const handlers: { request?: PermissionHandler; check?: CheckHandler } = {};
  const session = {
    setPermissionRequestHandler: (h: PermissionHandler) => (handlers.request = h),
    setPermissionCheckHandler: (h: CheckHandler) => (handlers.check = h),
  };
  const ask = (permission: string, details: Record<string, unknown>, pageUrl = appUrl): boolean => {
    let granted = false;
    handlers.request!({ getURL: () => pageUrl }, permission, (g) => (granted = g), details);
    return granted;
  };
  return { session: session as unknown as Session, ask, check: (p: string, origin: string) => handlers.check!(null, p, origin) };
}

describe('window security', () => {
  it('grants only microphone capture, and only to the app page', () => {
    const { session, ask, check } = fakeSession();
    restrictPermissions(session, isAppUrl);
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: appUrl })).toBe(true);
    expect(ask('media', { mediaTypes: ['audio', 'video'], requestingUrl: appUrl })).toBe(false);
    expect(ask('media', { mediaTypes: ['video'], requestingUrl: appUrl })).toBe(false);
    expect(ask('media', { mediaTypes: [], requestingUrl: appUrl })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: 'https://evil.example' })).toBe(false);
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: appUrl }, 'https://evil.example')).toBe(false);
    for (const other of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      expect(ask(other, { requestingUrl: appUrl }), other).toBe(false);
    }
    expect(check('media', appUrl)).toBe(true);
    expect(check('geolocation', appUrl)).toBe(false);
  });

  it('lets pages load only local resources', () => {
    let filter: ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | undefined;
    blockRemoteRequests({ webRequest: { onBeforeRequest: (f: typeof filter) => (filter = f) } } as unknown as Session);
    const cancelled = (url: string): boolean => {
      let cancel = false;
      filter!({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(cancelled(appUrl)).toBe(false);
    expect(cancelled('file:///opt/app/out/renderer/assets/index.js')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    for (const remote of ['https://api.deepgram.com/v1/listen', 'http://127.0.0.1:8080/', 'wss://api.deepgram.com/v1/listen', 'ftp://x', 'not a url']) {
      expect(cancelled(remote), remote).toBe(true);
    }
  });

  it('keeps the window on the app page and opens no other windows', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler?: (h: () => { action: string }) => void; openHandler?: () => { action: string } };
    contents.setWindowOpenHandler = (h) => (contents.openHandler = h);
    lockNavigation(contents as unknown as WebContents, isAppUrl);
    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example')).toBe(true);
    expect(navigate('will-navigate', appUrl)).toBe(false);
    expect(navigate('will-attach-webview', appUrl)).toBe(true);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
  });

  it('tells handle() which frame sent a request, so iframes are refused', async () => {
    const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
    const ipcMain = { handle: (channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => registered.set(channel, fn) };
    const router = createElectronRouter(ipcMain as unknown as IpcMain, () => []);
    const seen: SenderInfo[] = [];
    router.handle('keys.status', async (sender, args) => {
      seen.push(sender);
      return { ok: true, value: args };
    });
    const mainFrame = { url: appUrl };
    const iframe = { url: 'https://evil.example/frame' };
    const sender = { id: 7, mainFrame };
    const invoke = registered.get(`${ipcPrefix}keys.status`)!;
    expect(await invoke({ sender, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent, 'a')).toEqual({ ok: true, value: ['a'] });
    await invoke({ sender, senderFrame: iframe } as unknown as IpcMainInvokeEvent);
    await invoke({ sender, senderFrame: null } as unknown as IpcMainInvokeEvent);
    expect(seen).toEqual([
      { id: '7', url: appUrl, isTopFrame: true },
      { id: '7', url: 'https://evil.example/frame', isTopFrame: false },
      { id: '7', url: '', isTopFrame: false },
    ]);
  });
});
