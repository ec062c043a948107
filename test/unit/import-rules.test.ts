import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

describe('import rules (design.md §2)', () => {
  it('keeps Node, Electron and main out of the renderer, but allows types from preload', async () => {
    expect(await violations('renderer/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;")).toHaveLength(1);
    expect(await violations('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;")).toHaveLength(1);
    expect(await violations('renderer/x.ts', "import { KeyService } from '../main/services/keys/key-service';\nexport const a = KeyService;")).toHaveLength(1);
    expect(await violations('renderer/x.ts', "import { createPreloadApi } from '../preload/api';\nexport const a = createPreloadApi;")).toHaveLength(1);
    expect(await violations('renderer/x.ts', "import type { AppApi } from '../preload/app-api';\nexport type A = AppApi;")).toHaveLength(0);
  });

  it('keeps common pure and services free of a runtime electron import', async () => {
    expect(await violations('common/x.ts', "import { join } from 'node:path';\nexport const a = join;")).toHaveLength(1);
    expect(await violations('common/x.ts', "import { join } from 'path';\nexport const a = join;")).toHaveLength(1);
    expect(await violations('common/x.ts', "import { app } from 'electron';\nexport const a = app;")).toHaveLength(1);
    expect(await violations('main/services/x.ts', "import { app } from 'electron';\nexport const a = app;")).toHaveLength(1);
    expect(await violations('main/services/x.ts', "import type { App } from 'electron';\nexport type A = App;")).toHaveLength(0);
    expect(await violations('main/index.ts', "import { app } from 'electron';\nexport const a = app;")).toHaveLength(0);
    expect(await violations('main/x.ts', "import { App } from '../renderer/app/App';\nexport const a = App;")).toHaveLength(1);
  });
});
