import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inCi } from '../support/ci';

// What the build ships, read from the bundles themselves (`npm test` builds before this runs).
const out = resolve(import.meta.dirname, '../../out');
const mainBundle = resolve(out, 'main/index.js');
const preloadBundle = resolve(out, 'preload/index.cjs');
const built = existsSync(mainBundle) && existsSync(preloadBundle);
if (!built && inCi()) throw new Error('CI=true but out/ has no build: npm test builds before the unit tests.');

function importedModules(code: string): string[] {
  const specifiers = [...code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|\brequire\s*\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)];
  return [...new Set(specifiers.map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? ''))].sort();
}

describe.skipIf(!built)('built bundles', { meta: { skipReason: 'no build in out/: run `npm run build` first' } }, () => {
  it('main loads electron-log only in its Node flavour, which registers no IPC and injects no preload', () => {
    const modules = importedModules(readFileSync(mainBundle, 'utf8'));
    expect(modules).toContain('electron-log/node');
    expect(modules.filter((m) => m.startsWith('electron-log') && m !== 'electron-log/node')).toEqual([]);
    expect(readFileSync(mainBundle, 'utf8')).not.toContain('__ELECTRON_LOG__');
  });

  it('the sandboxed preload requires nothing but electron', () => {
    expect(importedModules(readFileSync(preloadBundle, 'utf8'))).toEqual(['electron']);
  });
});
