import { EventEmitter } from 'node:events';
import type { IpcMain, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { ipcPrefix } from '../../common/contract';
import type { SenderInfo } from '../../main/ipc/router';
import { createIpcRouter } from '../../main/platform/ipc-router';
import { appEntryUrl } from '../../main/platform/app-origin';
import { blockRemoteRequests, lockNavigation } from '../../main/platform/window-security';

// Electron cannot run here; these adapters take Electron's objects as arguments, so they are
// driven with stand-ins of the same shape. The Electron suite covers the real thing.
const appUrl = appEntryUrl;

describe('window security', () => {
  it('lets pages load only local resources', () => {
    let filter: ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void) | undefined;
    blockRemoteRequests({ webRequest: { onBeforeRequest: (f: typeof filter) => (filter = f) } } as unknown as Session);
    const cancelled = (url: string): boolean => {
      let cancel = false;
      filter!({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(cancelled(appUrl)).toBe(false);
    expect(cancelled('app://deepgram-desk/assets/index.js')).toBe(false);
    expect(cancelled('file:///opt/app/out/renderer/assets/index.js')).toBe(true);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
    for (const remote of ['https://api.deepgram.com/v1/listen', 'http://127.0.0.1:8080/', 'wss://api.deepgram.com/v1/listen', 'ftp://x', 'not a url']) {
      expect(cancelled(remote), remote).toBe(true);
    }
  });

  it('keeps the window on the app page and opens no other windows', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler?: (h: () => { action: string }) => void; openHandler?: () => { action: string } };
    contents.setWindowOpenHandler = (h) => (contents.openHandler = h);
    lockNavigation(contents as unknown as WebContents);
    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example')).toBe(true);
    expect(navigate('will-navigate', appUrl)).toBe(false);
    expect(navigate('will-navigate', 'app://deepgram-desk.evil.example/index.html')).toBe(true);
    expect(navigate('will-navigate', 'app://user@deepgram-desk/index.html')).toBe(true);
    expect(navigate('will-attach-webview', appUrl)).toBe(true);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
  });

  it('tells handle() which frame sent a request, so iframes are refused', async () => {
    const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
    const ipcMain = { handle: (channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => registered.set(channel, fn) };
    const router = createIpcRouter(ipcMain as unknown as IpcMain, () => []);
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
