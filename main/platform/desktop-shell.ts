import { release, type } from 'node:os';
import type { App, BrowserWindow, Clipboard, Menu, NativeImage, NativeTheme, Notification, Screen, Shell, Tray } from 'electron';
import type { Job, Preferences, ShellCommand, Theme } from '../../common/domain';
import type { Logger, SecretRedactor } from '../services/logging/logger';
import { diagnosticsText } from '../services/shell/diagnostics';
import type { DiagnosticsFacts } from '../services/shell/diagnostics';
import { filesFromArgv } from '../services/shell/launch-files';
import type { OpenedFilesInbox } from '../services/shell/opened-files';
import { observeQueue, startQueueWatch } from '../services/shell/queue-progress';
import type { QueueProgress } from '../services/shell/queue-progress';
import type { RecordingIndicator } from '../services/shell/recording-indicator';
import { fitToDisplays, WindowStateStore } from '../services/shell/window-state';
import type { WindowPlacement } from '../services/shell/window-state';
import { buildMenuTemplate } from './app-menu';
import type { AppMenuActions } from './app-menu';
import { createNotifier } from './notifications';
import { installTray } from './tray';

/** The Electron modules the shell uses, passed in by the composition root. */
export interface ShellElectron {
  app: App;
  Menu: typeof Menu;
  Tray: typeof Tray;
  Notification: typeof Notification;
  nativeImage: { createFromPath(path: string): NativeImage };
  nativeTheme: NativeTheme;
  shell: Shell;
  clipboard: Clipboard;
  screen: Screen;
}

/** Files the OS opens the app with, held until the shell hands them to the inbox. */
export interface OpenedFilesCatcher {
  connect(inbox: OpenedFilesInbox): void;
}

/**
 * Call before `app.whenReady()`: macOS sends `open-file` for a double-clicked file before the
 * app is ready. Catches those, the files on this process's command line (Windows and Linux), and
 * those of every later launch (`second-instance`, resolved against that launch's folder).
 */
export function catchOpenedFiles(app: App, launch: { argv: string[]; cwd: string; defaultApp: boolean; platform: NodeJS.Platform }): OpenedFilesCatcher {
  let inbox: OpenedFilesInbox | undefined;
  let pending = filesFromArgv(launch.argv, launch);
  const deliver = (paths: string[]): void => {
    if (paths.length === 0) return;
    if (inbox) inbox.add(paths);
    else pending = [...pending, ...paths];
  };
  app.on('open-file', (event, path) => {
    event.preventDefault();
    deliver([path]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    deliver(filesFromArgv(argv, { ...launch, cwd: workingDirectory }));
  });
  return {
    connect(target) {
      inbox = target;
      deliver(pending.splice(0));
    },
  };
}

export interface DesktopShellDeps {
  electron: ShellElectron;
  platform: NodeJS.Platform;
  isDevelopment: boolean;
  dataDir: string;
  logsDir: string;
  /** resources/tray: in the repo during development, under `process.resourcesPath` when packaged. */
  trayIconDir: string;
  openedFiles: OpenedFilesCatcher;
  inbox: OpenedFilesInbox;
  preferences: {
    get(): Promise<Preferences>;
    set(change: Partial<Preferences>): Promise<Preferences>;
    onChange(listener: (prefs: Preferences) => void): () => void;
  };
  recording: RecordingIndicator;
  /** The queue's jobs now, and every time one changes. */
  jobs: { list(): Job[]; onChanged(listener: (jobs: Job[]) => void): () => void };
  /** Sends a command to the window (the `shell.command` event). */
  send: (command: ShellCommand) => void;
  /** The facts only the services know, for Help → Copy Diagnostics. */
  diagnostics: () => Promise<Pick<DiagnosticsFacts, 'endpoint' | 'lastRequestIds'>>;
  stopRecording: () => void;
  redactor: SecretRedactor;
  logger: Logger;
}

export interface DesktopShell {
  /** Where to open the main window, from the last saved bounds and today's displays: spread into the BrowserWindow options. */
  windowBounds(): WindowPlacement['bounds'];
  /** Call right after creating the main window, before showing it. */
  attachWindow(window: BrowserWindow): void;
}

const defaultSize = { width: 1200, height: 800 };
const saveDelayMs = 500;

/**
 * Installs everything the OS sees of the app besides its window: the menu, the tray, theme,
 * taskbar progress, notifications, files opened from the OS, and the remembered window bounds.
 */
export async function installDesktopShell(deps: DesktopShellDeps): Promise<DesktopShell> {
  const { app, Menu, nativeTheme, screen } = deps.electron;
  let window: BrowserWindow | undefined;
  const live = (): BrowserWindow | undefined => (window && !window.isDestroyed() ? window : undefined);
  const showWindow = (): void => {
    const target = live();
    if (!target) return;
    if (target.isMinimized()) target.restore();
    target.show();
    target.focus();
  };
  const warn = (what: string) => (error: unknown): void => deps.logger.warn(what, error);

  const copyDiagnostics = async (): Promise<void> => {
    const facts = await deps.diagnostics();
    const versions = { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node };
    const os = `${type()} ${release()} (${process.arch})`;
    await deps.electron.clipboard.writeText(diagnosticsText({ appName: app.name, appVersion: app.getVersion(), versions, os, ...facts }, deps.redactor));
  };
  const menuActions: AppMenuActions = {
    command: (command) => {
      showWindow();
      deps.send({ command });
    },
    setTheme: (theme) => void deps.preferences.set({ theme }).catch(warn('Could not save the theme')),
    openLogsFolder: () =>
      void deps.electron.shell.openPath(deps.logsDir).then((error) => {
        if (error) deps.logger.warn(`Could not open the logs folder: ${error}`);
      }),
    copyDiagnostics: () => void copyDiagnostics().catch(warn('Could not copy the diagnostics')),
  };
  const applyTheme = (theme: Theme): void => {
    nativeTheme.themeSource = theme;
    // The menu shows the choice as checked, so it is rebuilt with it.
    const template = buildMenuTemplate({ platform: deps.platform, appName: app.name, isDevelopment: deps.isDevelopment, theme }, menuActions);
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  applyTheme((await deps.preferences.get()).theme);
  deps.preferences.onChange((prefs) => applyTheme(prefs.theme));

  try {
    installTray({
      platform: deps.platform,
      appName: app.name,
      iconDir: deps.trayIconDir,
      recording: deps.recording,
      actions: {
        startRecording: () => {
          showWindow();
          deps.send({ command: 'new-recording' });
        },
        stopRecording: deps.stopRecording,
        showWindow,
      },
      createTray: (image) => new deps.electron.Tray(image),
      loadImage: (path) => deps.electron.nativeImage.createFromPath(path),
      buildMenu: (template) => Menu.buildFromTemplate(template),
    });
  } catch (error) {
    // Some Linux desktops have no tray; the app works without one.
    deps.logger.warn('No tray icon', error);
  }

  const { Notification } = deps.electron;
  const notify = createNotifier({
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    focusWindow: showWindow,
    send: deps.send,
  });
  let progress: QueueProgress = { mode: 'none', value: -1 };
  let watch = startQueueWatch(deps.jobs.list());
  deps.jobs.onChanged((jobs) => {
    const next = observeQueue(watch, jobs);
    watch = next.watch;
    progress = next.progress;
    live()?.setProgressBar(progress.value, { mode: progress.mode });
    // Someone looking at the window sees the result there; the OS is told only when they are elsewhere.
    if (next.notification && !live()?.isFocused()) notify(next.notification);
  });

  deps.openedFiles.connect(deps.inbox);
  deps.inbox.onAdded(() => showWindow());

  const windowState = new WindowStateStore(deps.dataDir);
  let lastState = await windowState.load().catch(() => undefined);
  const placement = (): WindowPlacement => {
    const primary = screen.getPrimaryDisplay();
    const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
    return fitToDisplays(lastState, [primary, ...others], defaultSize);
  };

  return {
    windowBounds: () => placement().bounds,
    attachWindow(target) {
      window = target;
      if (placement().maximized) target.once('ready-to-show', () => target.maximize());
      target.setProgressBar(progress.value, { mode: progress.mode });
      let timer: NodeJS.Timeout | undefined;
      const save = (): void => {
        clearTimeout(timer);
        if (target.isDestroyed()) return;
        lastState = { bounds: target.getNormalBounds(), maximized: target.isMaximized() || target.isFullScreen() };
        void windowState.save(lastState).catch(warn('Could not save the window size'));
      };
      const saveSoon = (): void => {
        clearTimeout(timer);
        timer = setTimeout(save, saveDelayMs);
      };
      target.on('resize', saveSoon);
      target.on('move', saveSoon);
      target.on('maximize', saveSoon);
      target.on('unmaximize', saveSoon);
      target.on('close', save);
      target.on('closed', () => clearTimeout(timer));
    },
  };
}
