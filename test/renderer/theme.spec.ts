import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { speechWav } from '../support/audio';
import { projectName } from '../support/double';
import { connect, dropFiles, expect, routeMainEvents, startBatch, test, wrongKey } from './fixtures';

type Scheme = 'light' | 'dark';

interface PageColours {
  background: string;
  text: string;
}

async function bodyColours(page: Page): Promise<PageColours> {
  return page.evaluate(() => {
    const style = getComputedStyle(document.body);
    return { background: style.backgroundColor, text: style.color };
  });
}

/** WCAG relative luminance of a computed `rgb(...)` colour. */
function luminance(css: string): number {
  const match = /^rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (!match) throw new Error(`Not an rgb() colour: ${css}`);
  const [r, g, b] = match.slice(1, 4).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Asserts the page shows the palette of `scheme`: a dark page is dark with light text, and the reverse. */
async function expectPalette(page: Page, scheme: Scheme): Promise<PageColours> {
  await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
  // Some colours ease into the new palette; read them once they have arrived.
  await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
  const colours = await bodyColours(page);
  if (scheme === 'dark') {
    expect(luminance(colours.background), `dark background ${colours.background}`).toBeLessThan(0.05);
    expect(luminance(colours.text), `dark-theme text ${colours.text}`).toBeGreaterThan(0.6);
  } else {
    expect(luminance(colours.background), `light background ${colours.background}`).toBeGreaterThan(0.85);
    expect(luminance(colours.text), `light-theme text ${colours.text}`).toBeLessThan(0.05);
  }
  return colours;
}

interface LowContrast {
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
async function lowContrastText(page: Page): Promise<LowContrast[]> {
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
      if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
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

/** The focus ring of the focused element against what is behind it: 3:1 at least (WCAG non-text contrast). */
async function focusRingContrast(page: Page): Promise<number> {
  return page.evaluate(() => {
    const parse = (css: string): number[] => (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? '').split(',').map(Number);
    const lum = (c: number[]): number => {
      const f = (x: number): number => {
        const v = x / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(c[0]!) + 0.7152 * f(c[1]!) + 0.0722 * f(c[2]!);
    };
    const focused = document.activeElement;
    if (!focused || focused === document.body) throw new Error('nothing is focused');
    let behind = focused.parentElement;
    while (behind && parse(getComputedStyle(behind).backgroundColor)[3] === 0) behind = behind.parentElement;
    const ring = lum(parse(getComputedStyle(focused).outlineColor));
    const back = lum(parse(getComputedStyle(behind ?? document.documentElement).backgroundColor));
    return (Math.max(ring, back) + 0.05) / (Math.min(ring, back) + 0.05);
  });
}

/** Looks at what is on screen now in the light and the dark palette (through the OS setting). */
async function expectReadableInBothThemes(page: Page, what: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectPalette(page, scheme);
    expect(await lowContrastText(page), `text below WCAG AA: ${what}, ${scheme} theme`).toEqual([]);
  }
}

test('the theme follows the OS, and changes with it while the app is open', async ({ appPage: page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  const light = await expectPalette(page, 'light');

  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await expectPalette(page, 'dark');
  expect(dark.background).not.toBe(light.background);
  expect(dark.text).not.toBe(light.text);
  // Native controls (scrollbars, pickers, field text) are told which palette is in use.
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');

  await page.emulateMedia({ colorScheme: 'light' });
  expect(await expectPalette(page, 'light')).toEqual(light);

  // A start with a dark OS begins dark.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Connect to Deepgram' })).toBeVisible();
  expect(await expectPalette(page, 'dark')).toEqual(dark);
});

test('the Settings override wins over the OS in both directions and is kept by main across a reload', async ({ appPage: page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const group = dialog.getByRole('radiogroup', { name: 'Theme' });
  await expect(group.getByRole('radio', { name: 'System' })).toBeChecked();

  // Keyboard only: the arrow keys move through the native radio group.
  await group.getByRole('radio', { name: 'System' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(group.getByRole('radio', { name: 'Light' })).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(group.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expectPalette(page, 'dark');
  await expect.poll(async () => (await host.services.preferences.get()).theme).toBe('dark');

  // Only main's copy of the choice can bring it back: the window's own hint is wiped first.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await expectPalette(page, 'dark');

  // The OS turning dark and back does not undo an explicit choice.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectPalette(page, 'dark');
  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByRole('radio', { name: 'Light' }).check();
  await expectPalette(page, 'light');
  await expect.poll(async () => (await host.services.preferences.get()).theme).toBe('light');
  await page.keyboard.press('Escape');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await expectPalette(page, 'light');

  // Back to System: the OS decides again.
  await page.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByRole('radio', { name: 'System' }).check();
  await expectPalette(page, 'dark');
  await expect.poll(async () => (await host.services.preferences.get()).theme).toBe('system');
});

test('a theme chosen outside the window (the menu) applies at once', async ({ appPage: page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expectPalette(page, 'light');

  await host.services.preferences.set({ theme: 'dark' });
  await expectPalette(page, 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();

  await host.services.preferences.set({ theme: 'system' });
  await expectPalette(page, 'light');
  await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
});

test('text keeps WCAG AA contrast in both themes, in every state on screen', async ({ appPage: page, double }) => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'e2e-contrast-'));
  const events = await routeMainEvents(page);

  // First run: an empty key, then a refused one, with the server section open.
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText('Paste your Deepgram API key.')).toBeVisible();
  await page.locator('summary', { hasText: 'Server and tags' }).click();
  await page.getByRole('radio', { name: /Other server/ }).check();
  await page.getByLabel('Server URL').fill('http://deepgram.internal');
  await page.getByLabel(/A self-hosted server I run/).check();
  await expect(page.getByRole('note')).toContainText('unencrypted');
  await page.getByRole('radio', { name: /Deepgram \(US\)/ }).check();
  await expectReadableInBothThemes(page, 'first run, empty key');
  await connect(page, wrongKey);
  await expect(page.getByRole('alert')).toContainText('Deepgram rejected this key');
  await expectReadableInBothThemes(page, 'first run, refused key');

  // Home: a finished transcript with speakers, a failed job, refused files, a status message.
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await page.getByLabel('Identify speakers').check();
  const speech = await speechWav(dir, 'Good morning everyone. Thank you for joining. Let us begin with the numbers.', 'standup.wav');
  await dropFiles(page, [speech], ['audio/wav']);
  await startBatch(page);
  await expect(page.getByRole('article', { name: 'Transcript' }).getByText('Speaker 2').first()).toBeVisible({ timeout: 30_000 });
  double.failNext({ kind: 'status', status: 402, path: '/v1/listen' });
  await dropFiles(page, [await speechWav(dir, 'This one fails.', 'no-credit.wav')], ['audio/wav']);
  await startBatch(page);
  await expect(page.getByRole('alert').filter({ hasText: 'run out of credit' })).toBeVisible();
  const notes = join(dir, 'notes.txt');
  await writeFile(notes, 'not audio');
  await dropFiles(page, [notes], ['text/plain']);
  await expect(page.getByRole('alert').filter({ hasText: 'notes.txt' })).toBeVisible();
  await expectReadableInBothThemes(page, 'home with jobs, a transcript and messages');
  events.emit('shell.command', { command: 'export' });
  const exportDialog = page.getByRole('dialog', { name: /Export/ });
  await exportDialog.getByRole('radio', { name: /SubRip/ }).check();
  await expectReadableInBothThemes(page, 'the export dialog');
  await exportDialog.getByRole('button', { name: 'Cancel' }).click();
  const firstWord = ((await page.getByRole('article', { name: 'Transcript' }).locator('.paragraph-text').first().textContent()) ?? '').split(/\s+/)[0]!.replace(/\W/g, '');
  await page.getByLabel('Filter transcripts by title').fill(firstWord);
  await expect(page.getByRole('region', { name: 'Found in transcripts' }).locator('mark').first()).toBeVisible();
  await expectReadableInBothThemes(page, 'text found in the library');
  await page.getByLabel('Filter transcripts by title').fill('');

  // Hover states: a library entry and the primary button.
  await page.getByRole('navigation', { name: 'Transcripts' }).getByRole('button', { name: /standup\.wav/ }).hover();
  await expectReadableInBothThemes(page, 'library entry under the pointer');
  await page.getByRole('button', { name: 'Choose files…' }).hover();
  await expectReadableInBothThemes(page, 'primary button under the pointer');

  // Keyboard focus ring on the library filter.
  await page.getByLabel('Filter transcripts by title').fill('stand');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectPalette(page, scheme);
    expect(await focusRingContrast(page), `focus ring, ${scheme} theme`).toBeGreaterThanOrEqual(3);
  }
  await page.getByLabel('Filter transcripts by title').fill('');

  // Files dragged over the window.
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['x'], 'dragged.wav', { type: 'audio/wav' }));
    return transfer;
  });
  await page.getByLabel('Drop audio or video files here').dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByText('Drop to transcribe')).toBeVisible();
  await expectReadableInBothThemes(page, 'files dragged over the window');
  await page.getByLabel('Drop audio or video files here').dispatchEvent('dragleave', { dataTransfer });
  await expect(page.getByText('Drop to transcribe')).toHaveCount(0);

  // The Settings dialog: a profile's facts, asking to confirm its removal, and the app key form.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Remove profile' }).click();
  await expect(page.getByRole('button', { name: 'Yes, remove profile' })).toBeVisible();
  await expectReadableInBothThemes(page, 'Settings, confirming removal of a profile');
  await page.getByRole('button', { name: 'Keep it' }).click();
  await page.getByRole('button', { name: 'Create an app key…' }).click();
  await page.getByRole('button', { name: 'Find projects' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Paste a key with the Owner' })).toBeVisible();
  await expectReadableInBothThemes(page, 'Settings, creating an app key');
});
