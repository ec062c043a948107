import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How the launching process was started, as far as its arguments need it. */
export interface LaunchContext {
  /** The working directory of the process that was launched (for a second instance, its own). */
  cwd: string;
  /** True when Electron runs the app from a folder (development): then the first argument is the app's path. */
  defaultApp: boolean;
  platform: NodeJS.Platform;
}

// A scheme of two or more letters, so that a Windows drive (`C:\`) is not taken for one.
const urlPattern = /^[a-z][a-z0-9+.-]+:/i;

function toPath(arg: string, context: LaunchContext): string | undefined {
  const path = context.platform === 'win32' ? win32 : posix;
  if (/^file:/i.test(arg)) {
    // Linux desktop entries pass files as file:// URLs (%U).
    try {
      return fileURLToPath(arg, { windows: context.platform === 'win32' });
    } catch {
      return undefined;
    }
  }
  if (urlPattern.test(arg)) return undefined;
  return path.resolve(context.cwd, arg);
}

/**
 * The files in a command line (Windows and Linux hand opened files to the app this way): the
 * executable, the app's folder in development, switches and URLs are left out; relative paths
 * are resolved against the launching process's working directory.
 */
export function filesFromArgv(argv: readonly string[], context: LaunchContext): string[] {
  const files: string[] = [];
  let appPathPending = context.defaultApp;
  let switchesEnded = false;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    // Chromium, Electron and macOS (-psn_…) switches; a file starting with "-" can follow "--".
    if (!switchesEnded && arg.startsWith('-')) continue;
    if (arg.trim() === '') continue;
    if (appPathPending) {
      appPathPending = false;
      continue;
    }
    const file = toPath(arg, context);
    if (file !== undefined && !files.includes(file)) files.push(file);
  }
  return files;
}
