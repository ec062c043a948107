import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { App, BrowserWindow, MenuItemConstructorOptions, NotificationConstructorOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultTranscribeOptions } from '../../common/domain';
import type { Job, ShellCommand } from '../../common/domain';
import { catchOpenedFiles, installDesktopShell } from '../../main/platform/desktop-shell';
import type { ShellElectron } from '../../main/platform/desktop-shell';
import { writeFileAtomic } from '../../main/services/fs/atomic-file';
import { SecretRedactor } from '../../main/services/logging/logger';
import { PreferencesStore } from '../../main/services/settings/preferences-store';
import { OpenedFilesInbox } from '../../main/services/shell/opened-files';
import { RecordingIndicator } from '../../main/services/shell/recording-indicator';

// Electron cannot run here. These stand-ins have the shape of the Electron objects the shell
// touches and record what it did; the services behind them (preferences, inbox, window state
// on disk) are the real ones. The Electron suite drives the real thing.

const secret = 'feedc0defeedc0defeedc0defeedc0defeedc0de';
const iconDir = resolve(import.meta.dirname, '../../resources/tray');

class FakeApp extends EventEmitter {
  name = 'Deepgram Desk';
  getVersion(): string {
    return '1.2.3';
  }
}

class FakeWindow extends EventEmitter {
  focused = false;
  maximized = false;
  shown = 0;
  progress: { value: number; mode: string }[] = [];
  bounds = { x: 100, y: 80, width: 1000, height: 700 };
  isDestroyed = (): boolean => false;
  isMinimized = (): boolean => false;
  restore = (): void => undefined;
  show = (): void => void (this.shown += 1);
  focus = (): void => void (this.focused = true);
  isFocused = (): boolean => this.focused;
  maximize = (): void => void (this.maximized = true);
  isMaximized = (): boolean => this.maximized;
  isFullScreen = (): boolean => false;
  getNormalBounds = (): typeof this.bounds => ({ ...this.bounds });
  setProgressBar = (value: number, options: { mode: string }): void => void this.progress.push({ value, mode: options.mode });
}

function fakeElectron() {
  const record = {
    menus: [] as MenuItemConstructorOptions[][],
    trays: [] as { tooltip: string; menu: MenuItemConstructorOptions[] }[],
    notifications: [] as (EventEmitter & { options: NotificationConstructorOptions })[],
    clipboard: [] as string[],
    opened: [] as string[],
  };
  class Tray {
    tooltip = '';
    menu: MenuItemConstructorOptions[] = [];
    constructor() {
      record.trays.push(this);
    }
    setImage(): void {}
    setToolTip(tooltip: string): void {
      this.tooltip = tooltip;
    }
    setContextMenu(menu: unknown): void {
      this.menu = menu as MenuItemConstructorOptions[];
    }
    on(): this {
      return this;
    }
    destroy(): void {}
  }
  class Notification extends EventEmitter {
    static isSupported = (): boolean => true;
    constructor(readonly options: NotificationConstructorOptions) {
      super();
    }
    show(): void {
      record.notifications.push(this);
    }
  }
  const electron = {
    app: new FakeApp() as unknown as App,
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
      setApplicationMenu: (menu: MenuItemConstructorOptions[]) => record.menus.push(menu),
    },
    Tray,
    Notification,
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    nativeTheme: { themeSource: 'system' },
    shell: { openPath: async (path: string) => (record.opened.push(path), '') },
    clipboard: { writeText: async (text: string) => void record.clipboard.push(text) },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
    },
  } as unknown as ShellElectron;
  return { electron, record };
}

function job(id: string, state: Job['state'], extra: Partial<Job> = {}): Job {
  return { id, fileName: `${id}.wav`, sizeBytes: 100, bytesSent: 0, state, createdAt: '2026-01-01T00:00:00.000Z', options: defaultTranscribeOptions, source: { kind: 'file' }, durationSec: null, attempt: 1, ...extra };
}

async function setup(dataDir?: string) {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'desktop-shell-')));
  const { electron, record } = fakeElectron();
  const sent: ShellCommand[] = [];
  const jobListeners = new Set<(jobs: Job[]) => void>();
  const redactor = new SecretRedactor();
  redactor.add(secret);
  const preferences = new PreferencesStore(dir);
  const inbox = new OpenedFilesInbox();
  const recording = new RecordingIndicator();
  const warnings: string[] = [];
  const shell = await installDesktopShell({
    electron,
    platform: 'linux',
    isDevelopment: false,
    dataDir: dir,
    logsDir: '/var/log/deepgram-desk',
    trayIconDir: iconDir,
    openedFiles: catchOpenedFiles(electron.app, { argv: ['deepgram-desk'], cwd: '/', defaultApp: false, platform: 'linux' }),
    inbox,
    preferences,
    recording,
    jobs: { list: () => [], onChanged: (listener) => (jobListeners.add(listener), () => jobListeners.delete(listener)) },
    send: (command) => sent.push(command),
    diagnostics: async () => ({ endpoint: `https://me:${secret}@api.eu.deepgram.com`, lastRequestIds: ['req-1', secret] }),
    stopRecording: () => undefined,
    redactor,
    logger: { info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined },
  });
  const window = new FakeWindow();
  shell.attachWindow(window as unknown as BrowserWindow);
  const menu = (): MenuItemConstructorOptions[] => flatten(record.menus.at(-1) ?? []);
  const click = (id: string): void => (menu().find((item) => item.id === id)!.click as () => void)();
  const jobsChanged = (jobs: Job[]): void => jobListeners.forEach((listener) => listener(jobs));
  return { dir, shell, window, electron, record, sent, preferences, inbox, recording, menu, click, jobsChanged, warnings };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu as MenuItemConstructorOptions[]) : [])]);
}

/** Waits for pending file writes and promise chains to bring about `until`. */
async function settle(until: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await until()); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await until()).toBe(true);
}

const savedState = async (file: string): Promise<{ maximized?: boolean; bounds?: unknown }> =>
  existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as { maximized?: boolean }) : {};

afterEach(() => {
  vi.useRealTimers();
});

describe('catchOpenedFiles', () => {
  it('holds files opened before the shell is ready, then delivers them in order, and later ones at once', () => {
    const app = new FakeApp();
    const catcher = catchOpenedFiles(app as unknown as App, {
      argv: ['/opt/Deepgram Desk/deepgram-desk', '--no-sandbox', 'first.wav'],
      cwd: '/home/ada',
      defaultApp: false,
      platform: 'linux',
    });
    let prevented = false;
    app.emit('open-file', { preventDefault: () => (prevented = true) }, '/Users/ada/dock.m4a');
    expect(prevented).toBe(true);
    const inbox = new OpenedFilesInbox();
    catcher.connect(inbox);
    expect(inbox.take()).toEqual(['/home/ada/first.wav', '/Users/ada/dock.m4a']);
    // A second launch from another folder: its paths resolve against that folder.
    app.emit('second-instance', {}, ['/opt/Deepgram Desk/deepgram-desk', '--original-process-start-time=1', 'talk.wav'], '/mnt/recordings', {});
    app.emit('open-file', { preventDefault: () => undefined }, '/Users/ada/later.mp3');
    expect(inbox.take()).toEqual(['/mnt/recordings/talk.wav', '/Users/ada/later.mp3']);
  });

  it('ignores a second launch that opened no file', () => {
    const app = new FakeApp();
    const catcher = catchOpenedFiles(app as unknown as App, { argv: ['deepgram-desk'], cwd: '/', defaultApp: false, platform: 'linux' });
    const inbox = new OpenedFilesInbox();
    let added = 0;
    inbox.onAdded(() => (added += 1));
    catcher.connect(inbox);
    app.emit('second-instance', {}, ['deepgram-desk', '--flag'], '/tmp', {});
    expect(added).toBe(0);
  });
});

describe('installDesktopShell', () => {
  it('sets the application menu; its commands reach the window through send', async () => {
    const { click, sent, window } = await setup();
    click('settings');
    click('open-files');
    expect(sent).toEqual([{ command: 'settings' }, { command: 'open-files' }]);
    expect(window.focused).toBe(true);
  });

  it('the theme menu saves the preference, and the menu and native theme follow any change', async () => {
    const { click, menu, electron, preferences, dir } = await setup();
    expect(menu().find((item) => item.id === 'theme-system')?.checked).toBe(true);
    click('theme-dark');
    await settle(() => electron.nativeTheme.themeSource === 'dark');
    expect(menu().find((item) => item.id === 'theme-dark')?.checked).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'preferences.json'), 'utf8')).theme).toBe('dark');
    // A change made elsewhere (Settings in the window) moves the menu's check too.
    await preferences.set({ theme: 'light' });
    expect(electron.nativeTheme.themeSource).toBe('light');
    expect(menu().find((item) => item.id === 'theme-light')?.checked).toBe(true);
  });

  it('copies diagnostics without the key, and opens the logs folder', async () => {
    const { click, record } = await setup();
    click('copy-diagnostics');
    click('open-logs-folder');
    await settle(() => record.clipboard.length === 1);
    const [text] = record.clipboard;
    expect(text).toContain('Deepgram Desk 1.2.3');
    expect(text).toContain('Endpoint: https://api.eu.deepgram.com');
    expect(text).toContain('  req-1');
    expect(text).not.toContain(secret.slice(0, 12));
    expect(record.opened).toEqual(['/var/log/deepgram-desk']);
  });

  it('drives the taskbar progress from the queue and notifies when a batch ends while the window is elsewhere', async () => {
    const { jobsChanged, window, record, sent } = await setup();
    jobsChanged([job('a', 'uploading', { bytesSent: 25 })]);
    jobsChanged([job('a', 'done', { bytesSent: 100, transcriptId: 'tr-a' })]);
    expect(window.progress.slice(1)).toEqual([
      { value: 0.25, mode: 'normal' },
      { value: -1, mode: 'none' },
    ]);
    expect(record.notifications.map((n) => n.options.title)).toEqual(['Transcript ready']);
    record.notifications[0]!.emit('click');
    expect(sent).toEqual([{ command: 'open-transcript', transcriptId: 'tr-a' }]);
    expect(window.focused).toBe(true);
  });

  it('does not notify while the window has focus', async () => {
    const { jobsChanged, window, record } = await setup();
    window.focused = true;
    jobsChanged([job('a', 'uploading')]);
    jobsChanged([job('a', 'failed', { error: { code: 'NETWORK', message: 'Offline.' } })]);
    expect(record.notifications).toEqual([]);
  });

  it('brings the window forward when the OS opens a file with the app', async () => {
    const { electron, inbox, window } = await setup();
    (electron.app as unknown as FakeApp).emit('second-instance', {}, ['deepgram-desk', 'x.wav'], '/tmp', {});
    expect(inbox.take()).toEqual(['/tmp/x.wav']);
    expect(window.focused).toBe(true);
  });

  it('the tray starts a recording through the window and shows a running one', async () => {
    const { record, recording, sent } = await setup();
    const tray = record.trays[0]!;
    (tray.menu.find((item) => item.id === 'tray-start-recording')!.click as () => void)();
    expect(sent).toEqual([{ command: 'new-recording' }]);
    recording.set(true);
    expect(tray.tooltip).toBe('Deepgram Desk — recording');
  });

  it('saves the window bounds a moment after it stops moving, and at once when it closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { window, dir } = await setup();
    const file = join(dir, 'window-state.json');
    window.bounds = { x: 300, y: 200, width: 900, height: 650 };
    window.emit('move');
    window.emit('resize');
    vi.advanceTimersByTime(499);
    // A save started too early would have landed by the time three writes of the same kind have.
    for (let i = 0; i < 3; i += 1) await writeFileAtomic(join(dir, 'probe.json'), '{}');
    expect(existsSync(file)).toBe(false);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await settle(() => existsSync(file));
    expect(await savedState(file)).toEqual({ version: 1, bounds: { x: 300, y: 200, width: 900, height: 650 }, maximized: false });

    window.maximized = true;
    window.emit('close');
    await settle(async () => (await savedState(file)).maximized === true);
  });

  it('reopens the window where it was, maximized if it was', async () => {
    const first = await setup();
    first.window.bounds = { x: 40, y: 30, width: 1000, height: 600 };
    first.window.maximized = true;
    first.window.emit('close');
    await settle(async () => (await savedState(join(first.dir, 'window-state.json'))).maximized === true);

    const second = await setup(first.dir);
    expect(second.shell.windowBounds()).toEqual({ x: 40, y: 30, width: 1000, height: 600 });
    const window = new FakeWindow();
    second.shell.attachWindow(window as unknown as BrowserWindow);
    expect(window.maximized).toBe(false);
    window.emit('ready-to-show');
    expect(window.maximized).toBe(true);
  });
});
