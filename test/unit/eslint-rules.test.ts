import { relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

// Type-aware rules find a file's tsconfig project by the file's path, so each sample is linted as
// the text of a real file in the folder under test; the file on disk is neither read nor changed.
const at = {
  renderer: 'renderer/main.tsx',
  common: 'common/domain.ts',
  service: 'main/services/events.ts',
  main: 'main/compose.ts',
  mainEntry: 'main/index.ts',
  routerAdapter: 'main/platform/electron-router.ts',
  preloadEntry: 'preload/index.ts',
  preloadApi: 'preload/api.ts',
  unitTest: relative(root, import.meta.filename),
  e2eTest: 'test/renderer/fixtures.ts',
  jsConfig: 'eslint.config.js',
};

/** Errors only (a warning would not fail `npm test`); a parse failure fails the test instead of passing quietly. */
async function errors(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`${file} could not be linted: ${fatal.map((m) => m.message).join('; ')}`);
  return messages.filter((m) => m.severity === 2);
}

async function count(rule: string, file: string, code: string): Promise<number> {
  return (await errors(file, code)).filter((m) => m.ruleId === rule).length;
}

const layering = '@typescript-eslint/no-restricted-imports';

// The first lint of each tsconfig project builds its TypeScript program, which takes seconds.
describe('import rules (design.md §2)', { timeout: 120_000 }, () => {
  it('keeps Node, Electron and main out of the renderer, but allows types from preload', async () => {
    expect(await count(layering, at.renderer, "import { readFile } from 'node:fs';\nexport const a = readFile;")).toBe(1);
    expect(await count(layering, at.renderer, "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;")).toBe(1);
    expect(await count(layering, at.renderer, "import { KeyService } from '../main/services/keys/key-service';\nexport const a = KeyService;")).toBe(1);
    expect(await count(layering, at.renderer, "import { createPreloadApi } from '../preload/api';\nexport const a = createPreloadApi;")).toBe(1);
    expect(await count(layering, at.renderer, "import type { AppApi } from '../preload/app-api';\nexport type A = AppApi;")).toBe(0);
  });

  it('keeps common pure and services free of a runtime electron import', async () => {
    expect(await count(layering, at.common, "import { join } from 'node:path';\nexport const a = join;")).toBe(1);
    expect(await count(layering, at.common, "import { join } from 'path';\nexport const a = join;")).toBe(1);
    expect(await count(layering, at.common, "import { app } from 'electron';\nexport const a = app;")).toBe(1);
    expect(await count(layering, at.service, "import { app } from 'electron';\nexport const a = app;")).toBe(1);
    expect(await count(layering, at.service, "import type { App } from 'electron';\nexport type A = App;")).toBe(0);
    expect(await count(layering, at.mainEntry, "import { app } from 'electron';\nexport const a = app;")).toBe(0);
    expect(await count(layering, at.main, "import { App } from '../renderer/app/App';\nexport const a = App;")).toBe(1);
  });

  it('lets only the router adapter and the preload entry import ipcMain or ipcRenderer', async () => {
    const rawIpc = 'no-restricted-imports';
    expect(await count(rawIpc, at.main, "import { ipcMain } from 'electron';\nexport const a = ipcMain;")).toBe(1);
    expect(await count(rawIpc, at.mainEntry, "import { app, ipcMain } from 'electron';\nexport const a = [app, ipcMain];")).toBe(1);
    expect(await count(rawIpc, at.main, "import { ipcMain } from 'electron/main';\nexport const a = ipcMain;")).toBe(1);
    expect(await count(rawIpc, at.main, "import * as electron from 'electron';\nexport const a = electron;")).toBe(1);
    expect(await count(rawIpc, at.preloadApi, "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;")).toBe(1);
    expect(await count(rawIpc, at.main, "import { app } from 'electron';\nexport const a = app;")).toBe(0);
    expect(await count(rawIpc, at.main, "import type { IpcMain } from 'electron';\nexport type A = IpcMain;")).toBe(0);
    expect(await count(rawIpc, at.routerAdapter, "import { ipcMain } from 'electron';\nexport const a = ipcMain;")).toBe(0);
    expect(await count(rawIpc, at.preloadEntry, "import { contextBridge, ipcRenderer } from 'electron';\nexport const a = [contextBridge, ipcRenderer];")).toBe(0);
  });
});

describe('type-aware rules', { timeout: 120_000 }, () => {
  it('reports a promise nobody awaits, catches or marks with void', async () => {
    const rule = '@typescript-eslint/no-floating-promises';
    const save = 'async function save(): Promise<void> {}\n';
    expect(await count(rule, at.service, `${save}export function run(): void { save(); }`)).toBe(1);
    expect(await count(rule, at.service, `${save}export function run(): void { void save(); }`)).toBe(0);
    expect(await count(rule, at.service, `${save}export async function run(): Promise<void> { await save(); }`)).toBe(0);
  });

  it('reports a promise where a boolean or a void callback is expected', async () => {
    const rule = '@typescript-eslint/no-misused-promises';
    expect(await count(rule, at.service, 'export function isReady(ready: Promise<boolean>): number { return ready ? 1 : 0; }')).toBe(1);
    expect(await count(rule, at.service, 'export function each(items: string[], save: (item: string) => Promise<void>): void { items.forEach(save); }')).toBe(1);
    expect(await count(rule, at.service, 'export async function isReady(ready: Promise<boolean>): Promise<number> { return (await ready) ? 1 : 0; }')).toBe(0);
  });

  it('reports a switch over a union that misses a member', async () => {
    const rule = '@typescript-eslint/switch-exhaustiveness-check';
    const head = "type Status = 'queued' | 'running' | 'done';\nexport function label(status: Status): string {\n  switch (status) {\n    case 'queued': return 'Queued';\n    case 'running': return 'Running';\n";
    expect(await count(rule, at.common, `${head}  }\n  return '';\n}`)).toBe(1);
    expect(await count(rule, at.common, `${head}    default: return '';\n  }\n}`)).toBe(1);
    expect(await count(rule, at.common, `${head}    case 'done': return 'Done';\n  }\n}`)).toBe(0);
  });

  it('types the JavaScript config files too', async () => {
    expect(await count('@typescript-eslint/no-floating-promises', at.jsConfig, 'async function f() {}\nf();\nexport {};')).toBe(1);
  });
});

describe('React hooks in the renderer', { timeout: 120_000 }, () => {
  it('reports a hook called conditionally', async () => {
    const code = "import { useState } from 'react';\nexport function Panel({ open }: { open: boolean }) {\n  if (open) useState(0);\n  return null;\n}";
    expect(await count('react-hooks/rules-of-hooks', at.renderer, code)).toBe(1);
  });

  it('fails on a missing effect dependency (raised from the preset warning to an error)', async () => {
    const effect = (deps: string): string => `import { useEffect } from 'react';\nexport function Title({ text }: { text: string }) {\n  useEffect(() => { document.title = text; }, [${deps}]);\n  return null;\n}`;
    expect(await count('react-hooks/exhaustive-deps', at.renderer, effect(''))).toBe(1);
    expect(await count('react-hooks/exhaustive-deps', at.renderer, effect('text'))).toBe(0);
  });
});

describe('test hygiene and lint hygiene', { timeout: 120_000 }, () => {
  it('refuses .only on Vitest and Playwright tests', async () => {
    const focused = async (file: string, code: string): Promise<number> =>
      (await errors(file, code)).filter((m) => m.ruleId === 'no-restricted-syntax' && m.message.includes('.only')).length;
    expect(await focused(at.unitTest, "import { it } from 'vitest';\nit.only('a', () => {});")).toBe(1);
    expect(await focused(at.unitTest, "import { describe } from 'vitest';\ndescribe.only('a', () => {});")).toBe(1);
    expect(await focused(at.unitTest, "import { test } from 'vitest';\ntest.only.each([1])('a %i', () => {});")).toBe(1);
    expect(await focused(at.e2eTest, "import { test } from '@playwright/test';\ntest.describe.only('a', () => {});")).toBe(1);
    expect(await focused(at.unitTest, "import { it } from 'vitest';\nit.skip('a', () => {});\nconst picks = { only: 1 };\nexport const a = picks.only;")).toBe(0);
  });

  it('fails on an eslint-disable comment that disables nothing', async () => {
    const unused = (await errors(at.service, '// eslint-disable-next-line no-debugger\nexport const a = 1;')).filter((m) => m.message.startsWith('Unused eslint-disable directive'));
    expect(unused).toHaveLength(1);
    expect(await errors(at.service, '// eslint-disable-next-line no-debugger\ndebugger;\nexport const a = 1;')).toHaveLength(0);
  });
});
