import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { Theme } from '../../common/domain';
import { buildMenuTemplate } from '../../main/platform/app-menu';
import type { AppMenuActions, AppMenuOptions } from '../../main/platform/app-menu';

type Platform = 'darwin' | 'win32' | 'linux';
const platforms: Platform[] = ['darwin', 'win32', 'linux'];

interface Found {
  item: MenuItemConstructorOptions;
  /** Labels (or roles) of the menus above it, top first. */
  path: string[];
}

function walk(items: readonly MenuItemConstructorOptions[], path: string[] = []): Found[] {
  return items.flatMap((item) => {
    const here: Found = { item, path };
    const submenu = Array.isArray(item.submenu) ? (item.submenu as MenuItemConstructorOptions[]) : [];
    return [here, ...walk(submenu, [...path, item.label ?? item.role ?? '?'])];
  });
}

function build(platform: Platform, extra: Partial<AppMenuOptions> = {}) {
  const calls: string[] = [];
  const actions: AppMenuActions = {
    command: (command) => calls.push(`command:${command}`),
    setTheme: (theme) => calls.push(`theme:${theme}`),
    openLogsFolder: () => calls.push('open-logs'),
    copyDiagnostics: () => calls.push('copy-diagnostics'),
  };
  const template = buildMenuTemplate({ platform, appName: 'Deepgram Desk', isDevelopment: false, theme: 'system', ...extra }, actions);
  const items = walk(template);
  const byId = (id: string): Found => {
    const matches = items.filter((found) => found.item.id === id);
    expect(matches, `items with id ${id}`).toHaveLength(1);
    return matches[0]!;
  };
  const click = (id: string): void => (byId(id).item.click as () => void)();
  const roles = items.map((found) => found.item.role).filter(Boolean);
  return { template, items, byId, click, calls, roles };
}

// Electron's own accelerators for the roles this menu uses (lib/browser/api/menu-item-roles.ts).
function roleAccelerator(role: string, platform: Platform): string | undefined {
  const mac = platform === 'darwin';
  const table: Record<string, string | undefined> = {
    close: 'CmdOrCtrl+W',
    copy: 'CmdOrCtrl+C',
    cut: 'CmdOrCtrl+X',
    forceReload: 'Shift+CmdOrCtrl+R',
    hide: 'Command+H',
    hideOthers: 'Command+Alt+H',
    minimize: 'CmdOrCtrl+M',
    paste: 'CmdOrCtrl+V',
    pasteAndMatchStyle: mac ? 'Cmd+Option+Shift+V' : 'Shift+CmdOrCtrl+V',
    quit: platform === 'win32' ? undefined : 'CmdOrCtrl+Q',
    redo: platform === 'win32' ? 'Control+Y' : 'Shift+CmdOrCtrl+Z',
    reload: 'CmdOrCtrl+R',
    resetZoom: 'CmdOrCtrl+0',
    selectAll: 'CmdOrCtrl+A',
    toggleDevTools: mac ? 'Alt+Command+I' : 'Ctrl+Shift+I',
    togglefullscreen: mac ? 'Control+Command+F' : 'F11',
    undo: 'CmdOrCtrl+Z',
    zoomIn: 'CmdOrCtrl+Plus',
    zoomOut: 'CmdOrCtrl+-',
  };
  return table[role];
}

/** The keys an accelerator means on one platform, in a canonical order. */
function keysOf(accelerator: string, platform: Platform): string {
  const mac = platform === 'darwin';
  const names: Record<string, string> = {
    cmdorctrl: mac ? 'cmd' : 'ctrl',
    commandorcontrol: mac ? 'cmd' : 'ctrl',
    command: 'cmd',
    cmd: 'cmd',
    control: 'ctrl',
    ctrl: 'ctrl',
    option: 'alt',
    alt: 'alt',
    shift: 'shift',
  };
  return accelerator
    .split('+')
    .map((part) => names[part.toLowerCase()] ?? part.toLowerCase())
    .sort()
    .join('+');
}

const commands = [
  { id: 'open-files', accelerator: 'CmdOrCtrl+O' },
  { id: 'new-recording', accelerator: 'CmdOrCtrl+Shift+R' },
  { id: 'find', accelerator: 'CmdOrCtrl+F' },
  { id: 'export', accelerator: 'CmdOrCtrl+E' },
  { id: 'settings', accelerator: 'CmdOrCtrl+,' },
];

describe.each(platforms)('application menu on %s', (platform) => {
  it('has every app command once, with its accelerator, sending its command when clicked', () => {
    const menu = build(platform);
    for (const { id, accelerator } of commands) {
      expect(menu.byId(id).item.accelerator, id).toBe(accelerator);
      menu.click(id);
    }
    expect(menu.calls).toEqual(commands.map(({ id }) => `command:${id}`));
  });

  it('has Help → Open Logs Folder and Copy Diagnostics', () => {
    const menu = build(platform);
    expect(menu.byId('open-logs-folder').path).toEqual(platform === 'darwin' ? ['Help'] : ['&Help']);
    expect(menu.byId('copy-diagnostics').path).toEqual(menu.byId('open-logs-folder').path);
    menu.click('open-logs-folder');
    menu.click('copy-diagnostics');
    expect(menu.calls).toEqual(['open-logs', 'copy-diagnostics']);
    expect(menu.template.at(-1)?.role).toBe('help');
  });

  it('has the standard edit, view and window roles', () => {
    const { roles, template } = build(platform);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'close']) {
      expect(roles, role).toContain(role);
    }
    expect(template.some((menu) => menu.role === 'window')).toBe(true);
  });

  it('offers the theme as a radio group under View, showing the current choice', () => {
    for (const theme of ['system', 'light', 'dark'] as Theme[]) {
      const menu = build(platform, { theme });
      const radios = ['system', 'light', 'dark'].map((t) => menu.byId(`theme-${t}`));
      expect(radios.every((found) => found.item.type === 'radio' && found.path.join('/').endsWith('View/Theme'))).toBe(true);
      expect(radios.map((found) => found.item.checked)).toEqual(['system', 'light', 'dark'].map((t) => t === theme));
    }
    const menu = build(platform);
    menu.click('theme-dark');
    menu.click('theme-system');
    expect(menu.calls).toEqual(['theme:dark', 'theme:system']);
  });

  it('has Reload and the developer tools only in development', () => {
    expect(build(platform, { isDevelopment: true }).roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    const production = build(platform).roles;
    expect(production).not.toContain('reload');
    expect(production).not.toContain('toggleDevTools');
    expect(production).not.toContain('forceReload');
  });

  it('gives no two items the same keys, counting the roles’ own accelerators', () => {
    for (const isDevelopment of [false, true]) {
      const seen = new Map<string, string>();
      for (const { item } of build(platform, { isDevelopment }).items) {
        const accelerator = item.accelerator ?? (item.role ? roleAccelerator(item.role, platform) : undefined);
        if (!accelerator) continue;
        const keys = keysOf(accelerator, platform);
        const name = item.id ?? item.role ?? item.label ?? '?';
        expect(seen.get(keys), `${name} and ${seen.get(keys)} both use ${keys}`).toBeUndefined();
        seen.set(keys, name);
      }
    }
  });

  it('is a template Electron accepts: every item has a label, a role or is a separator', () => {
    for (const { item } of build(platform, { isDevelopment: true }).items) {
      expect(item.label !== undefined || item.role !== undefined || item.type === 'separator', JSON.stringify(item)).toBe(true);
    }
  });
});

describe('platform conventions', () => {
  it('macOS: the app menu comes first with About, Settings (⌘,), Services, Hide and Quit', () => {
    const menu = build('darwin');
    const first = menu.template[0]!;
    expect(first.label).toBe('Deepgram Desk');
    const submenu = (first.submenu as MenuItemConstructorOptions[]).filter((item) => item.type !== 'separator');
    expect(submenu.map((item) => item.role ?? item.id)).toEqual(['about', 'settings', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(menu.byId('settings').item.label).toBe('Settings…');
    expect(menu.template.map((m) => m.label ?? m.role)).toEqual(['Deepgram Desk', 'File', 'Edit', 'View', 'window', 'Help']);
  });

  it.each(['win32', 'linux'] as const)('%s: no app menu; Preferences (Ctrl+,) and Quit under File; About under Help', (platform) => {
    const menu = build(platform);
    expect(menu.template.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', 'window', '&Help']);
    expect(menu.byId('settings').path).toEqual(['&File']);
    expect(menu.byId('settings').item.label).toBe('Preferences…');
    const file = menu.items.filter((found) => found.path.join('/') === '&File').map((found) => found.item.role);
    expect(file).toContain('quit');
    const help = menu.items.filter((found) => found.path.join('/') === '&Help').map((found) => found.item.role);
    expect(help).toContain('about');
    expect(menu.roles).not.toContain('services');
    expect(menu.roles).not.toContain('hide');
  });
});
