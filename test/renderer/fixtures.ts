import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page, WebSocketRoute } from '@playwright/test';
import { eventContract } from '../../common/contract';
import { listenResponseSchema } from '../../common/deepgram-response';
import { defaultTranscribeOptions } from '../../common/domain';
import { buildListenResponse } from '../deepgram-double/listen-response';
import { resolveModel } from '../deepgram-double/models';
import type { EventName, EventPayload } from '../../common/contract';
import type { DeepgramDouble } from '../deepgram-double/server';
import { speechWav } from '../support/audio';
import { projectName, startTrustedDouble, validKey } from '../support/double';
import { filesContaining, framesContaining } from '../support/key-scan';
import { deleteProfileKeys } from '../support/profiles';
import { testKeychain } from '../support/secret-stores';
import type { SecretStore } from '../../main/services/keys/secret-store';
import { socketPath } from '../web-host/protocol';
import { uploadPath } from '../web-host/protocol';
import { startWebHost } from '../web-host/web-host';
import type { WebHost } from '../web-host/web-host';

export const wrongKey = 'bad00000000000000000000000000000000000ff';

interface Fixtures {
  double: DeepgramDouble;
  /** The real keychain under a service name of this scenario only; its keys are deleted afterwards. */
  keychain: SecretStore;
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
  keychain: async ({ dataDir }, use) => {
    const secrets = testKeychain();
    await use(secrets);
    await deleteProfileKeys(dataDir, secrets);
  },
  host: async ({ double, dataDir, keychain }, use) => {
    const host = await startWebHost({ dataDir, deepgramUrl: double.url, secrets: keychain });
    await use(host);
    await host.close();
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

/**
 * Drops files and folders the way the desktop app receives them: one entry per item, whose path
 * the window asks for (Electron's webUtils.getPathForFile answers for folders too). A browser
 * cannot give a folder's path, so the web host's upload answer is replaced by each item's real
 * path; everything after that (pre-flight, folder walk, queue) runs as in the app.
 */
export async function dropPaths(page: Page, paths: string[]): Promise<void> {
  const byName = new Map(paths.map((path) => [basename(path), path]));
  let answered = 0;
  const matcher = (url: URL): boolean => url.pathname === uploadPath;
  await page.route(matcher, async (route) => {
    const path = byName.get(new URL(route.request().url()).searchParams.get('name') ?? '');
    answered += 1;
    await (path ? route.fulfill({ json: { path } }) : route.abort());
  });
  try {
    const dataTransfer = await page.evaluateHandle((names) => {
      const transfer = new DataTransfer();
      for (const name of names) transfer.items.add(new File([], name));
      return transfer;
    }, [...byName.keys()]);
    const zone = page.getByLabel('Drop audio or video files here');
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => answered, { message: 'the window asked for the path of every dropped item' }).toBe(paths.length);
  } finally {
    await page.unroute(matcher);
  }
}


/** A web host started again on a data folder, as the app after a restart, with its own keychain entry. */
export interface RestartedHost {
  host: WebHost;
  /** Closes it, then checks (as the `host` fixture does) that no frame it sent carried a key. */
  stop(): Promise<void>;
}

/**
 * Starts a web host on an existing data folder with the same keychain, as the app finds things when
 * it starts again (the queue, profiles and transcripts are read from the folder, keys from the keychain).
 */
export async function startHostAgain(options: { dataDir: string; deepgramUrl: string; keychain: SecretStore }): Promise<RestartedHost> {
  const host = await startWebHost({ dataDir: options.dataDir, deepgramUrl: options.deepgramUrl, secrets: options.keychain });
  return {
    host,
    async stop() {
      await host.close();
      expect(framesContaining(host.sent, [validKey, wrongKey]), 'frames sent to the renderer carrying a key').toEqual([]);
    },
  };
}

/** Starts the files waiting in the batch panel (what a drop or the picker put there). */
export async function startBatch(page: Page): Promise<void> {
  await page.getByRole('region', { name: /ready to transcribe$/ }).getByRole('button', { name: 'Start', exact: true }).click();
}

/** Text whose contrast with what is behind it is below WCAG AA. */
export interface LowContrast {
  text: string;
  ratio: number;
  required: number;
  colour: string;
  background: string;
}

/**
 * Every visible text on the page, and every form field's own text, whose contrast with what is
 * behind it is below WCAG AA (4.5:1, or 3:1 for large text). Disabled controls are exempt, as in
 * WCAG. Backgrounds with transparency are blended over what lies under them.
 */
export async function lowContrastText(page: Page): Promise<LowContrast[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (css: string): Rgba => {
      const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
      if (!m) throw new Error(`Unexpected colour format: ${css}`);
      return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const f = (c: number): number => {
        const v = c / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a: Rgba, b: Rgba): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const white: Rgba = [255, 255, 255, 1];
    const canvas = over(parse(getComputedStyle(document.documentElement).backgroundColor), white);
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const layer = parse(getComputedStyle(node).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      let result = layers.length > 0 && layers[layers.length - 1]![3] >= 1 ? layers.pop()! : canvas;
      for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i]!, result);
      return result;
    };
    const opacityOf = (element: Element): number => {
      let opacity = 1;
      for (let node: Element | null = element; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
      return opacity;
    };
    const css = (c: Rgba): string => `rgb(${c.slice(0, 3).map(Math.round).join(' ')})`;

    const failures: LowContrast[] = [];
    const check = (element: Element, text: string): void => {
      if (element.closest(':disabled, [aria-disabled="true"], select option, datalist')) return;
      if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return;
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return;
      const style = getComputedStyle(element);
      const background = backgroundOf(element);
      const colour = parse(style.color);
      const shown = over([colour[0], colour[1], colour[2], colour[3] * opacityOf(element)], background);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const required = large ? 3 : 4.5;
      const measured = ratio(shown, background);
      if (measured < required) {
        failures.push({ text: text.trim().slice(0, 60), ratio: Math.round(measured * 100) / 100, required, colour: css(shown), background: css(background) });
      }
    };

    for (const element of document.body.querySelectorAll('*')) {
      if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) {
        if (element instanceof HTMLInputElement && ['checkbox', 'radio'].includes(element.type)) continue;
        check(element, `${element.tagName.toLowerCase()} ${element.value || element.getAttribute('placeholder') || ''}`);
        continue;
      }
      const ownText = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('');
      if (ownText.trim() !== '') check(element, ownText);
    }
    return failures;
  });
}

/** Checks what is on screen now in the light and the dark palette (through the OS setting). */
export async function expectReadableInBothThemes(page: Page, what: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    expect(await lowContrastText(page), `text below WCAG AA: ${what}, ${scheme} theme`).toEqual([]);
  }
}

/** Deepgram's answer (nova-3, one channel, paragraphs and utterances) for a file of `durationSec` that says `speech`. */
export function spokenResponse(speech: string, durationSec = 8): ReturnType<typeof buildListenResponse> {
  return buildListenResponse({
    requestId: randomUUID(),
    sha256: '0'.repeat(64),
    duration: durationSec,
    decodedChannels: 1,
    model: resolveModel('nova-3')!,
    features: { punctuate: true, paragraphs: true, diarize: false, utterances: true, multichannel: false },
    speech,
  });
}

/**
 * A transcript saved straight into the library, as if Deepgram had answered with this speech;
 * `adjust` may change the response first (e.g. set the words' confidences).
 */
export async function saveTranscript(host: WebHost, title: string, speech: string, adjust?: (response: ReturnType<typeof buildListenResponse>) => void): Promise<string> {
  const response = spokenResponse(speech);
  adjust?.(response);
  const summary = await host.services.transcripts.save({
    title,
    sizeBytes: 64_000,
    options: defaultTranscribeOptions,
    requestId: response.metadata.request_id,
    response: listenResponseSchema.parse(response),
  });
  return summary.id;
}

/**
 * Connects with the valid key, then transcribes a spoken file made from `text` (Deepgram's
 * stand-in is told what it says) and waits for its transcript to open.
 */
export async function transcribeSpeech(page: Page, double: DeepgramDouble, text: string, fileName: string, options: { diarize?: boolean } = {}) {
  const wav = await speechWav(await mkdtemp(join(tmpdir(), 'e2e-speech-')), text, fileName);
  double.setSpeech(text, await sha256(wav));
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  if (options.diarize) await page.getByLabel('Identify speakers').check();
  await dropFiles(page, [wav], ['audio/wav']);
  await startBatch(page);
  const article = page.getByRole('article', { name: 'Transcript' });
  await expect(article).toContainText(text.split(' ').at(-1)!.replace(/\W/g, ''), { timeout: 30_000 });
  return article;
}
