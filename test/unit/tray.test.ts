import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { describe, expect, it } from 'vitest';
import { installTray, trayIconFile } from '../../main/platform/tray';
import type { TrayActions } from '../../main/platform/tray';
import { RecordingIndicator } from '../../main/services/shell/recording-indicator';

const iconDir = resolve(import.meta.dirname, '../../resources/tray');

/** Electron's Tray cannot run here: a stand-in that keeps what the code set on it. */
class FakeTray {
  image = '';
  tooltip = '';
  menu: MenuItemConstructorOptions[] = [];
  destroyed = false;
  readonly listeners = new Map<string, () => void>();
  constructor(image: NativeImage) {
    this.image = (image as unknown as { path: string }).path;
  }
  setImage(image: NativeImage): void {
    this.image = (image as unknown as { path: string }).path;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: Menu): void {
    this.menu = menu as unknown as MenuItemConstructorOptions[];
  }
  on(event: string, listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function setup(platform: NodeJS.Platform) {
  const calls: string[] = [];
  const actions: TrayActions = {
    startRecording: () => calls.push('start'),
    stopRecording: () => calls.push('stop'),
    showWindow: () => calls.push('show'),
  };
  const recording = new RecordingIndicator();
  let tray: FakeTray | undefined;
  const remove = installTray({
    platform,
    appName: 'Deepgram Desk',
    iconDir,
    recording,
    actions,
    createTray: (image) => (tray = new FakeTray(image)) as unknown as Tray,
    loadImage: (path) => ({ path }) as unknown as NativeImage,
    buildMenu: (template) => template as unknown as Menu,
  });
  const click = (id: string): void => {
    const item = tray!.menu.find((entry) => entry.id === id);
    expect(item, `menu item ${id}`).toBeDefined();
    (item!.click as () => void)();
  };
  return { tray: tray!, recording, calls, click, remove };
}

describe('tray', () => {
  it.each(['darwin', 'win32', 'linux'] as const)('%s: shows idle, then recording, then idle again', (platform) => {
    const { tray, recording, calls, click } = setup(platform);
    expect(tray.image).toBe(join(iconDir, trayIconFile(platform, false)));
    expect(tray.tooltip).toBe('Deepgram Desk');
    click('tray-start-recording');
    expect(calls).toEqual(['start']);

    recording.set(true);
    expect(tray.image).toBe(join(iconDir, trayIconFile(platform, true)));
    expect(tray.image).not.toBe(join(iconDir, trayIconFile(platform, false)));
    expect(tray.tooltip).toBe('Deepgram Desk — recording');
    expect(tray.menu.some((item) => item.id === 'tray-start-recording')).toBe(false);
    click('tray-stop-recording');
    click('tray-show-window');
    expect(calls).toEqual(['start', 'stop', 'show']);

    recording.set(false);
    expect(tray.image).toBe(join(iconDir, trayIconFile(platform, false)));
    expect(tray.tooltip).toBe('Deepgram Desk');
    expect(tray.menu.map((item) => item.id ?? item.role ?? item.type)).toEqual(['tray-start-recording', 'tray-show-window', 'separator', 'quit']);
  });

  it('starts showing a recording that was already running', () => {
    const recording = new RecordingIndicator();
    recording.set(true);
    let tray: FakeTray | undefined;
    installTray({
      platform: 'linux',
      appName: 'Deepgram Desk',
      iconDir,
      recording,
      actions: { startRecording: () => undefined, stopRecording: () => undefined, showWindow: () => undefined },
      createTray: (image) => (tray = new FakeTray(image)) as unknown as Tray,
      loadImage: (path) => ({ path }) as unknown as NativeImage,
      buildMenu: (template) => template as unknown as Menu,
    });
    expect(tray!.tooltip).toBe('Deepgram Desk — recording');
    expect(tray!.menu[0]?.id).toBe('tray-stop-recording');
  });

  it('brings the window on a left click on Windows only', () => {
    const windows = setup('win32');
    windows.tray.listeners.get('click')?.();
    expect(windows.calls).toEqual(['show']);
    // macOS opens the menu on click; Linux trays send no click at all.
    expect(setup('darwin').tray.listeners.has('click')).toBe(false);
  });

  it('removes the icon and stops following the state', () => {
    const { tray, recording, remove } = setup('linux');
    remove();
    expect(tray.destroyed).toBe(true);
    recording.set(true);
    expect(tray.tooltip).toBe('Deepgram Desk');
  });

  it('uses template images on macOS, and every icon file it names exists with its @2x', () => {
    expect(trayIconFile('darwin', false)).toMatch(/Template\.png$/);
    expect(trayIconFile('darwin', true)).toMatch(/Template\.png$/);
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const state of [false, true]) {
        const file = trayIconFile(platform, state);
        expect(existsSync(join(iconDir, file)), file).toBe(true);
        if (!file.includes('@2x')) expect(existsSync(join(iconDir, file.replace('.png', '@2x.png'))), `${file} @2x`).toBe(true);
      }
    }
  });
});
