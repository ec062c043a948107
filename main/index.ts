import { join } from 'node:path';
import { app, BrowserWindow, clipboard, desktopCapturer, dialog, globalShortcut, Menu, nativeImage, nativeTheme, Notification, powerMonitor, powerSaveBlocker, protocol, screen, session, shell, systemPreferences, Tray } from 'electron';
import { keepAwakeWhileRecording, markSleepGaps, stopRecordingIfStuck } from './platform/recording-power';
import { microphoneAccess, openPrivacySettings } from './platform/media-access';
import { serveSystemAudio } from './platform/system-audio';
import { showRecordingOutside } from './platform/recording-presence';
import electronUpdater from 'electron-updater';
import { isTerminal } from '../common/domain';
import type { Job } from '../common/domain';
import { composeServices, deepgramHosts } from './compose';
import type { Services } from './compose';
import { registerHandlers } from './ipc/handle';
import { createEventSink } from './ipc/outgoing';
import { appEntryUrl } from './platform/app-origin';
import { registerAppScheme, serveRenderer } from './platform/app-protocol';
import { createElectronRouter } from './platform/electron-router';
import { restartPrompt, startAutoUpdates } from './platform/auto-update';
import { catchOpenedFiles, installDesktopShell } from './platform/desktop-shell';
import type { DesktopShell } from './platform/desktop-shell';
import { createFilePicker, createFolderPicker, createSavePicker } from './platform/file-dialog';
import { readTestHooks } from './platform/test-hooks';
import { appWindowGate, restrictPermissions } from './platform/trust';
import { blockRemoteRequests, lockNavigation } from './platform/window-security';
import { SdkDeepgramGateway } from './services/deepgram/deepgram-gateway';
import { probeKeychain } from './services/keys/keychain';
import { KeytarSecretStore } from './services/keys/secret-store';
import { createFileLogger } from './services/logging/file-logger';
import { redactingLogger, SecretRedactor } from './services/logging/logger';
import { recentRequestIds } from './services/shell/diagnostics';
import { RecordingIndicator } from './services/shell/recording-indicator';
import { forgetDataLocation, resolveDataDir } from './services/storage/data-location';

const hooks = readTestHooks(process.env, app.isPackaged);
const redactor = new SecretRedactor();
let logger = redactingLogger(console, redactor);
let mainWindow: BrowserWindow | undefined;
/** Main's services once built; a crashed page's recording is finished through them. */
let appServices: Services | undefined;

// All of this must happen before the app is ready; macOS sends `open-file` that early.
registerAppScheme(protocol);
if (hooks.dataDir) app.setPath('userData', hooks.dataDir);
const openedFiles = catchOpenedFiles(app, { argv: process.argv, cwd: process.cwd(), defaultApp: process.defaultApp === true, platform: process.platform });
/** Whether a recording runs: the tray shows it and updates wait for it. */
const recording = new RecordingIndicator();

function createWindow(desktop: DesktopShell): BrowserWindow {
  const window = new BrowserWindow({
    ...desktop.windowBounds(),
    minWidth: 720,
    minHeight: 480,
    show: false,
    // The page's own background, so the window never flashes the other theme before it paints.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0e1116' : '#f5f6f8',
    title: 'Deepgram Desk',
    webPreferences: {
      // electron-audit: PRELOAD_JS_CHECK the preload is the app's own bundled script; it runs sandboxed and exposes only the contract's task-shaped API through contextBridge, never ipcRenderer.
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      // Middle-click would open links in new windows; the page has none, and this keeps it so.
      disableBlinkFeatures: 'Auxclick',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  desktop.attachWindow(window);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-fail-load', (_event, code, description, url) => {
    logger.error(`The window failed to load ${url}: ${description} (${code})`);
  });
  void window.loadURL(appEntryUrl);
  return window;
}

/** Crashes and load failures of any process go to the log, never nowhere. */
function watchProcesses(): void {
  app.on('render-process-gone', (_event, contents, details) => {
    logger.error(`A page's process ended (${details.reason}, exit code ${details.exitCode}) at ${contents.getURL()}`);
    // Its capture is gone with it: keep what main holds of a running recording.
    if (appServices && contents === mainWindow?.webContents) stopRecordingIfStuck(appServices.recordings, logger, 0);
  });
  app.on('child-process-gone', (_event, details) => {
    logger.error(`The ${details.type} process${details.name ? ` (${details.name})` : ''} ended (${details.reason}, exit code ${details.exitCode})`);
  });
  app.on('web-contents-created', (_event, contents) => {
    // Every page the app ever creates gets the same locks, not only the main window.
    lockNavigation(contents);
    contents.on('preload-error', (_e, preloadPath, error) => logger.error(`The preload ${preloadPath} failed`, error));
  });
}

async function start(): Promise<void> {
  app.setAppUserModelId('com.deepgramdesk.app');
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  logger = redactingLogger(createFileLogger(join(app.getPath('logs'), 'main.log')), redactor);
  watchProcesses();
  restrictPermissions(session.defaultSession);
  blockRemoteRequests(session.defaultSession);
  serveSystemAudio(session.defaultSession, desktopCapturer);

  const router = createElectronRouter();
  const redact = (text: string): string => redactor.redact(text);
  const sink = createEventSink(router, redact, logger);
  const jobWatchers = new Set<(jobs: Job[]) => void>();
  const keychainService = hooks.keychainService ?? app.getName();
  const defaultDataDir = app.getPath('userData');
  const dataDir = await dataFolderOrChoice(defaultDataDir);
  if (dataDir === null) {
    app.quit();
    return;
  }
  const services = composeServices({
    dataDir,
    defaultDataDir,
    chooseDataFolder: createFolderPicker(dialog, () => mainWindow),
    restartApp: () => {
      app.relaunch();
      app.exit(0);
    },
    ...deepgramHosts(hooks.deepgramUrl),
    secrets: new KeytarSecretStore(keychainService),
    keychainProbe: () => probeKeychain({ service: keychainService }),
    deepgram: new SdkDeepgramGateway(),
    events: {
      emit: (event, payload) => {
        sink.emit(event, payload);
        if (event === 'jobs.updated') for (const watch of jobWatchers) watch(services.queue.list());
      },
    },
    logger,
    redactor,
    pickFiles: createFilePicker(dialog, () => mainWindow),
    chooseSavePath: createSavePicker(dialog, () => mainWindow, app.getPath('documents')),
    chooseExportFolder: createFolderPicker(dialog, () => mainWindow),
    revealInFolder: (path) => shell.showItemInFolder(path),
    recordingIndicator: recording,
    mediaAccess: {
      microphone: () => microphoneAccess(systemPreferences, process.platform),
      openSettings: (pane) => openPrivacySettings(shell, pane, process.platform),
    },
  });
  markSleepGaps(powerMonitor, services.recordings, logger);
  // A socket that slept with the computer may look open and be dead: live captions reconnect at once.
  powerMonitor.on('resume', () => services.live.reconnectNow());
  appServices = services;
  keepAwakeWhileRecording(recording, powerSaveBlocker);
  registerHandlers(router, services.handlers, {
    isTrustedSender: appWindowGate(() => (mainWindow ? String(mainWindow.webContents.id) : undefined)),
    redact,
    logger,
  });

  // The window owns the capture and must send its last chunk: it is asked first, main ends it if it cannot.
  const stopRecording = (): void => {
    sink.emit('shell.command', { command: 'stop-recording' });
    stopRecordingIfStuck(services.recordings, logger, 5000);
  };
  const desktop = await installDesktopShell({
    electron: { app, Menu, Tray, Notification, nativeImage, nativeTheme, shell, clipboard, screen },
    platform: process.platform,
    isDevelopment: !app.isPackaged,
    dataDir: app.getPath('userData'),
    logsDir: app.getPath('logs'),
    trayIconDir: app.isPackaged ? join(process.resourcesPath, 'tray') : join(app.getAppPath(), 'resources/tray'),
    openedFiles,
    inbox: services.openedFiles,
    preferences: services.preferences,
    recording,
    jobs: {
      list: () => services.queue.list(),
      onChanged: (listener) => {
        jobWatchers.add(listener);
        return () => jobWatchers.delete(listener);
      },
    },
    send: (command) => sink.emit('shell.command', command),
    diagnostics: async () => ({
      endpoint: await services.keys.status().then(
        (status) => status.profiles.find((p) => p.id === status.activeProfileId)?.baseUrl ?? '(no profile)',
        () => '(unavailable)',
      ),
      lastRequestIds: recentRequestIds(services.queue.list(), await services.transcripts.list().catch(() => [])),
    }),
    stopRecording,
    redactor,
    logger,
  });

  const hideRecording = showRecordingOutside({
    recording,
    globalShortcut,
    ...(process.platform === 'darwin' && app.dock ? { dock: app.dock } : {}),
    start: () => {
      mainWindow?.show();
      sink.emit('shell.command', { command: 'new-recording' });
    },
    stop: stopRecording,
    logger,
  });
  app.on('will-quit', hideRecording);

  // The renderer and the transcripts' media are served from here on; nothing loads app:// before.
  serveRenderer(protocol, join(import.meta.dirname, '../renderer'), services.media);
  await services.start();
  mainWindow = createWindow(desktop);
  const updates = startAutoUpdates({
    autoUpdater: () => electronUpdater.autoUpdater,
    isPackaged: app.isPackaged,
    isRecording: () => recording.get(),
    promptRestart: restartPrompt(dialog, () => mainWindow),
    logger,
  });
  app.on('will-quit', () => {
    updates.stop();
    services.librarySearch.close();
  });
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(desktop);
  });
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    const current = services.recordings.current();
    if (current && mainWindow && !mainWindow.isDestroyed()) {
      const choice = dialog.showMessageBoxSync(mainWindow, {
        type: 'question',
        buttons: ['Keep recording', 'Stop and quit'],
        defaultId: 0,
        cancelId: 0,
        message: 'A recording is running.',
        detail: 'If you quit, the recording stops here and is kept: everything recorded so far is saved and can be transcribed next time.',
      });
      if (choice === 0) {
        event.preventDefault();
        return;
      }
      event.preventDefault();
      quitting = true;
      void services.recordings
        .stop(current.id)
        .catch((error: unknown) => logger.error('The recording could not be finished at quit; it is recovered at the next start', error))
        .then(() => Promise.allSettled([services.queue.suspend(), services.editStore.flush(), services.live.stopAll()]))
        .catch((error: unknown) => logger.error('The queue could not be saved at quit', error))
        .finally(() => app.quit());
      return;
    }
    const running = services.queue.list().filter((job) => !isTerminal(job.state)).length;
    if (running > 0 && mainWindow && !mainWindow.isDestroyed()) {
      const choice = dialog.showMessageBoxSync(mainWindow, {
        type: 'question',
        buttons: ['Keep working', 'Quit'],
        defaultId: 0,
        cancelId: 0,
        message: running === 1 ? 'A transcription is not finished yet.' : `${running} transcriptions are not finished yet.`,
        detail: 'If you quit now, they continue the next time you open Deepgram Desk (files being sent start again from the beginning). Finished transcripts are saved.',
      });
      if (choice === 0) {
        event.preventDefault();
        return;
      }
    }
    // The queue and the edits waiting for their debounced write reach the disk before the process ends.
    event.preventDefault();
    quitting = true;
    void Promise.allSettled([
      services.queue.suspend().catch((error: unknown) => logger.error('The queue could not be saved at quit', error)),
      services.editStore.flush().catch((error: unknown) => logger.error('Edits could not be saved at quit', error)),
      services.live.stopAll(),
    ]).finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  logger.info(`Started ${app.getName()} ${app.getVersion()}`);
}

/**
 * The data folder the location file names; when that folder is gone (an unplugged disk), the
 * user chooses between quitting and starting over in the default folder. Null means quit.
 */
async function dataFolderOrChoice(defaultDir: string): Promise<string | null> {
  try {
    return await resolveDataDir(defaultDir);
  } catch (error) {
    const choice = dialog.showMessageBoxSync({
      type: 'warning',
      buttons: ['Quit', 'Use the default folder'],
      defaultId: 0,
      cancelId: 0,
      message: 'The library folder cannot be found.',
      detail: `${error instanceof Error ? error.message : String(error)} If it is on a disk that is not connected, connect it and open the app again. Using the default folder starts with the library that is there; the other folder is left as it is.`,
    });
    if (choice === 0) return null;
    await forgetDataLocation(defaultDir);
    return defaultDir;
  }
}

start().catch((error: unknown) => {
  // A failed start must never leave a blank window or a silent exit.
  logger.error('The app could not start', error);
  dialog.showErrorBox('Deepgram Desk could not start', `${redactor.redact(error instanceof Error ? error.message : String(error))}\n\nDetails are in the log file in ${app.getPath('logs')}.`);
  app.exit(1);
});
