import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';

/** What the tray's menu does; the recording feature supplies stop. */
export interface TrayActions {
  startRecording(): void;
  stopRecording(): void;
  showWindow(): void;
}

/** The recording state the tray shows (`RecordingIndicator` fits). */
export interface RecordingState {
  get(): boolean;
  onChange(listener: (recording: boolean) => void): () => void;
}

export interface TrayDeps {
  platform: NodeJS.Platform;
  appName: string;
  /** The folder holding the tray PNGs (resources/tray in the repo). */
  iconDir: string;
  recording: RecordingState;
  actions: TrayActions;
  /** `(image) => new Tray(image)`. */
  createTray: (image: NativeImage) => Tray;
  /** `nativeImage.createFromPath`, which also loads the @2x file beside it. */
  loadImage: (path: string) => NativeImage;
  /** `Menu.buildFromTemplate`. */
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
}

/** The icon file for a platform and state: black template images on macOS, coloured elsewhere. */
export function trayIconFile(platform: NodeJS.Platform, recording: boolean): string {
  if (platform === 'darwin') return recording ? 'trayRecordingTemplate.png' : 'trayTemplate.png';
  // Linux trays are 22–24 px and scale the image themselves; start from the sharper 32 px one.
  if (platform === 'linux') return recording ? 'tray-recording@2x.png' : 'tray@2x.png';
  return recording ? 'tray-recording.png' : 'tray.png';
}

/** The tooltip: says when a recording is running. */
export function trayTooltip(appName: string, recording: boolean): string {
  return recording ? `${appName} — recording` : appName;
}

/** The tray's context menu: start or stop recording, show the window, quit. */
export function trayMenuTemplate(appName: string, recording: boolean, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    recording
      ? { id: 'tray-stop-recording', label: 'Stop Recording', click: () => actions.stopRecording() }
      : { id: 'tray-start-recording', label: 'Start Recording', click: () => actions.startRecording() },
    { id: 'tray-show-window', label: `Show ${appName}`, click: () => actions.showWindow() },
    { type: 'separator' },
    { role: 'quit' },
  ];
}

/** Puts the icon in the tray (menu bar on macOS) and keeps it in step with the recording state; returns its removal. */
export function installTray(deps: TrayDeps): () => void {
  const image = (recording: boolean): NativeImage => deps.loadImage(join(deps.iconDir, trayIconFile(deps.platform, recording)));
  const recording = deps.recording.get();
  const tray = deps.createTray(image(recording));
  const show = (recording: boolean): void => {
    tray.setImage(image(recording));
    tray.setToolTip(trayTooltip(deps.appName, recording));
    tray.setContextMenu(deps.buildMenu(trayMenuTemplate(deps.appName, recording, deps.actions)));
  };
  show(recording);
  // Windows opens the menu on right-click only; a left click brings the window, as users expect there.
  if (deps.platform === 'win32') tray.on('click', () => deps.actions.showWindow());
  const stop = deps.recording.onChange(show);
  return () => {
    stop();
    tray.destroy();
  };
}
