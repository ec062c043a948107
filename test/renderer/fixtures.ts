import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page, WebSocketRoute } from '@playwright/test';
import { eventContract } from '../../common/contract';
import type { EventName, EventPayload } from '../../common/contract';
import type { DeepgramDouble } from '../deepgram-double/server';
import { startTrustedDouble, validKey } from '../support/double';
import { filesContaining, framesContaining } from '../support/key-scan';
import { testKeychain } from '../support/secret-stores';
import { socketPath } from '../web-host/protocol';
import { startWebHost } from '../web-host/web-host';
import type { WebHost } from '../web-host/web-host';

export const wrongKey = 'bad00000000000000000000000000000000000ff';

interface Fixtures {
  double: DeepgramDouble;
  dataDir: string;
  host: WebHost;
  /** The app opened in Chromium, on its first-run screen. */
  appPage: Page;
}

/** The built renderer in Chromium, wired through the loopback transport to main's real services. */
export const test = base.extend<Fixtures>({
  double: async ({}, use) => {
    const double = await startTrustedDouble();
    await use(double);
    await double.close();
  },
  dataDir: async ({}, use) => {
    await use(await mkdtemp(join(tmpdir(), 'e2e-data-')));
  },
  host: async ({ double, dataDir }, use) => {
    const secrets = testKeychain();
    const host = await startWebHost({ dataDir, defaultBaseUrl: double.url, secrets });
    await use(host);
    await host.close();
    await secrets.delete('deepgram:default');
    // After every scenario: the key never reached the page, the data folder or the log.
    expect(framesContaining(host.sent, [validKey, wrongKey]), 'frames sent to the renderer carrying a key').toEqual([]);
    expect(await filesContaining(dataDir, [validKey, wrongKey]), 'files in the data folder carrying a key').toEqual([]);
  },
  appPage: async ({ page, host }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(host.url);
    await use(page);
    expect(problems, 'errors in the page (CSP violations included)').toEqual([]);
  },
});

export { expect };

/** Types the key on the first-run screen and waits for the home screen. */
export async function connect(page: Page, key = validKey): Promise<void> {
  await page.getByLabel('Deepgram API key').fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
}

/** Dispatches real dragenter/dragover/drop events carrying these files on the drop zone. */
export async function dropFiles(page: Page, paths: string[], types: string[] = []): Promise<void> {
  const files = await Promise.all(
    paths.map(async (path, i) => ({ name: basename(path), type: types[i] ?? '', base64: (await readFile(path)).toString('base64') })),
  );
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return transfer;
  }, files);
  const zone = page.getByLabel('Drop audio or video files here');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

export async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Events pushed to the page exactly as main's router frames them. */
export interface MainEvents {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/**
 * Reloads the page with its connection to the web host passing through Playwright, so a test
 * can send the events the menu, tray and notifications make main send (they have no service
 * to call here). Everything else still flows between the page and main untouched.
 */
export async function routeMainEvents(page: Page): Promise<MainEvents> {
  let connection: WebSocketRoute | undefined;
  await page.routeWebSocket(
    (url) => url.pathname === socketPath,
    (route) => {
      route.connectToServer();
      connection = route;
    },
  );
  await page.reload();
  await expect.poll(() => connection !== undefined, { message: 'the page reconnected through the route' }).toBe(true);
  return {
    emit(event, payload) {
      // Checked against the contract, so a test cannot push a payload main could not send.
      connection!.send(JSON.stringify({ type: 'event', event, payload: eventContract[event].parse(payload) }));
    },
  };
}
