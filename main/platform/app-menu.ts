import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand, Theme } from '../../common/domain';

/** The menu's commands for the window: those of `ShellCommand` that need no id. */
export type MenuCommand = Extract<ShellCommand['command'], 'open-files' | 'new-recording' | 'find' | 'export' | 'settings'>;

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Adds Reload and the developer tools. */
  isDevelopment: boolean;
  /** The theme to show as chosen. */
  theme: Theme;
}

/** What the menu's own items do; the composition root maps them to IPC events and services. */
export interface AppMenuActions {
  command(command: MenuCommand): void;
  setTheme(theme: Theme): void;
  openLogsFolder(): void;
  copyDiagnostics(): void;
}

const themeLabels: Record<Theme, string> = { system: 'Match System', light: 'Light', dark: 'Dark' };

/**
 * The application menu: the platform's standard menus and roles plus the app's commands, each
 * with an `id` (its command name) so it can be found with `Menu.getMenuItemById`.
 */
export function buildMenuTemplate(options: AppMenuOptions, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const send = (command: MenuCommand) => (): void => actions.command(command);
  const settings: MenuItemConstructorOptions = {
    id: 'settings',
    label: mac ? 'Settings…' : 'Preferences…',
    accelerator: 'CmdOrCtrl+,',
    click: send('settings'),
  };
  const separator: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      separator,
      settings,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: mac ? 'File' : '&File',
    submenu: [
      { id: 'open-files', label: 'Open Files…', accelerator: 'CmdOrCtrl+O', click: send('open-files') },
      { id: 'new-recording', label: 'New Recording', accelerator: 'CmdOrCtrl+Shift+R', click: send('new-recording') },
      separator,
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('export') },
      separator,
      ...(mac ? [{ role: 'close' } as const] : [settings, separator, { role: 'quit' } as const]),
    ],
  };

  const find: MenuItemConstructorOptions = { id: 'find', label: 'Find…', accelerator: 'CmdOrCtrl+F', click: send('find') };
  const editMenu: MenuItemConstructorOptions = {
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac
        ? ([
            { role: 'pasteAndMatchStyle' },
            { role: 'delete' },
            { role: 'selectAll' },
            separator,
            find,
            separator,
            { label: 'Speech', submenu: [{ role: 'startSpeaking' }, { role: 'stopSpeaking' }] },
          ] satisfies MenuItemConstructorOptions[])
        : ([{ role: 'delete' }, separator, { role: 'selectAll' }, separator, find] satisfies MenuItemConstructorOptions[])),
    ],
  };

  const themeMenu: MenuItemConstructorOptions = {
    label: 'Theme',
    submenu: (Object.keys(themeLabels) as Theme[]).map((theme) => ({
      id: `theme-${theme}`,
      label: themeLabels[theme],
      type: 'radio',
      checked: options.theme === theme,
      click: () => actions.setTheme(theme),
    })),
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: mac ? 'View' : '&View',
    submenu: [
      // Force Reload is left out: its Shift+CmdOrCtrl+R belongs to New Recording.
      ...(options.isDevelopment ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, separator] satisfies MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      themeMenu,
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    role: 'window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };

  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: mac ? 'Help' : '&Help',
    submenu: [
      { id: 'open-logs-folder', label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      { id: 'copy-diagnostics', label: 'Copy Diagnostics', click: () => actions.copyDiagnostics() },
      ...(mac ? [] : [separator, { role: 'about' } as const]),
    ],
  };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
