import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import type { Logger as UpdaterLogger, UpdateCheckResult, UpdateDownloadedEvent } from 'electron-updater';
import type { Logger } from '../services/logging/logger';
import type { RestartAnswer } from '../services/updates/update-policy';
import { UpdateService } from '../services/updates/update-service';
import type { Updater } from '../services/updates/update-service';

/** The parts of electron-updater's `autoUpdater` (an AppUpdater) this adapter uses. */
export interface ElectronUpdater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLogger | null;
  checkForUpdates(): Promise<UpdateCheckResult | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (event: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown;
  off(event: 'update-downloaded', listener: (event: UpdateDownloadedEvent) => void): unknown;
  off(event: 'error', listener: (error: Error, message?: string) => void): unknown;
}

export interface AutoUpdateDeps {
  /** Returns electron-updater's `autoUpdater`; called only in a packaged app (it builds the updater). */
  autoUpdater: () => ElectronUpdater;
  /** `app.isPackaged`: a development build has no update feed and checks nothing. */
  isPackaged: boolean;
  isRecording: () => boolean;
  promptRestart: (version: string) => Promise<RestartAnswer>;
  logger: Logger;
}

function text(message: unknown): string {
  return message instanceof Error ? message.message : String(message);
}

/** Adapts electron-updater: downloads in the background, installs on quit unless restarted sooner. */
export function electronUpdater(autoUpdater: ElectronUpdater, logger: Logger): Updater {
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  const updaterLogger: UpdaterLogger = {
    info: (message) => logger.info(`Updater: ${text(message)}`),
    warn: (message) => logger.warn(`Updater: ${text(message)}`),
    error: (message) => logger.error(`Updater: ${text(message)}`),
  };
  autoUpdater.logger = updaterLogger;
  return {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      // A failed download also arrives as an 'error' event; this keeps it from being an
      // unhandled rejection as well.
      result?.downloadPromise?.catch(() => undefined);
    },
    install: () => autoUpdater.quitAndInstall(true, true),
    onDownloaded(listener) {
      const handler = (event: UpdateDownloadedEvent): void => listener(event.version);
      autoUpdater.on('update-downloaded', handler);
      return () => autoUpdater.off('update-downloaded', handler);
    },
    onError(listener) {
      const handler = (error: Error): void => listener(text(error));
      autoUpdater.on('error', handler);
      return () => autoUpdater.off('error', handler);
    },
  };
}

/** Asks "Restart to update" in a native message box, over the main window when there is one. */
export function restartPrompt(dialog: Pick<Dialog, 'showMessageBox'>, window: () => BrowserWindow | undefined): (version: string) => Promise<RestartAnswer> {
  return async (version) => {
    const options: MessageBoxOptions = {
      type: 'info',
      buttons: ['Restart to update', 'Later'],
      defaultId: 0,
      cancelId: 1,
      message: `Deepgram Desk ${version} is ready to install.`,
      detail: 'Restart now to update, or choose Later: it installs when you quit the app.',
    };
    const parent = window();
    const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return response === 0 ? 'restart' : 'later';
  };
}

/** Starts checking for updates (on start, then daily) in a packaged app; does nothing otherwise. */
export function startAutoUpdates(deps: AutoUpdateDeps): { stop(): void } {
  if (!deps.isPackaged) {
    deps.logger.info('Updates are not checked: this build is not packaged.');
    return { stop: () => undefined };
  }
  const service = new UpdateService({
    updater: electronUpdater(deps.autoUpdater(), deps.logger),
    isRecording: deps.isRecording,
    promptRestart: deps.promptRestart,
    logger: deps.logger,
  });
  service.start();
  return { stop: () => service.stop() };
}
