import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** Finds Electron without `require('electron')`, which would try to download it. */
export function findElectronBinary(): { path: string } | { reason: string } {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { path: fromEnv } : { reason: `ELECTRON_PATH=${fromEnv} does not exist` };
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) {
    return { reason: 'Electron binary not installed (node_modules/electron/path.txt missing: it downloads from GitHub, unreachable here); set ELECTRON_PATH to run this suite' };
  }
  const binary = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { reason: `Electron binary missing at ${binary}` };
}
