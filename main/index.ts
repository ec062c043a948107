import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import log from 'electron-log/main';
import { defaultBaseUrl } from '../common/base-url';
import { isTerminal } from '../common/domain';
import { composeServices } from './compose';
import { registerHandlers } from './ipc/handle';
import { createElectronRouter } from './platform/electron-router';
import { createFilePicker } from './platform/file-dialog';
import { blockRemoteRequests, lockNavigation, restrictPermissions } from './platform/window-security';
import { SdkDeepgramGateway } from './services/deepgram/deepgram-gateway';
import { KeytarSecretStore } from './services/keys/secret-store';
import { redactingLogger, SecretRedactor } from './services/logging/logger';

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const isAppUrl = (url: string): boolean => url === rendererUrl || url.startsWith(`${rendererUrl}#`) || url.startsWith(`${rendererUrl}?`);

let mainWindow: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Deepgram Desk',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex);
  return window;
}

async function start(): Promise<void> {
  app.setAppUserModelId('com.deepgramdesk.app');
  // Tests and side-by-side installs point the app at their own data folder and keychain entry.
  if (process.env.APP_DATA_DIR) app.setPath('userData', process.env.APP_DATA_DIR);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  log.initialize();
  const redactor = new SecretRedactor();
  const logger = redactingLogger(log, redactor);
  restrictPermissions(session.defaultSession, isAppUrl);
  blockRemoteRequests(session.defaultSession);
  // Every page the app ever creates gets the same locks, not only the main window.
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents, isAppUrl));

  const router = createElectronRouter(ipcMain, () => BrowserWindow.getAllWindows());
  const services = composeServices({
    dataDir: app.getPath('userData'),
    defaultBaseUrl: process.env.APP_DEEPGRAM_URL ?? defaultBaseUrl,
    secrets: new KeytarSecretStore(process.env.APP_KEYCHAIN_SERVICE ?? app.getName()),
    deepgram: new SdkDeepgramGateway(),
    events: { emit: (event, payload) => router.send(event, payload) },
    logger,
    redactor,
    pickFiles: createFilePicker(dialog, () => mainWindow),
  });
  registerHandlers(
    router,
    services.handlers,
    (sender) => sender.isTopFrame && isAppUrl(sender.url) && sender.id === String(mainWindow?.webContents.id),
    logger,
  );

  mainWindow = createWindow();
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('before-quit', (event) => {
    const running = services.queue.list().filter((job) => !isTerminal(job.state)).length;
    if (running > 0 && mainWindow && !mainWindow.isDestroyed()) {
      const choice = dialog.showMessageBoxSync(mainWindow, {
        type: 'warning',
        buttons: ['Keep working', 'Quit'],
        defaultId: 0,
        cancelId: 0,
        message: running === 1 ? 'A transcription is still running.' : `${running} transcriptions are still running.`,
        detail: 'Quitting stops them, and those files will need to be added again. Finished transcripts are saved.',
      });
      if (choice === 0) {
        event.preventDefault();
        return;
      }
    }
    services.queue.stopAll();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  logger.info(`Started ${app.getName()} ${app.getVersion()}`);
}

void start();
