import { themes, type Theme } from '../../common/domain';

/** The two palettes the stylesheet has. */
export type ResolvedTheme = 'light' | 'dark';

/** The media query that tells whether the OS asks for dark mode. */
export const osDarkQuery = '(prefers-color-scheme: dark)';

const hintKey = 'deepgram-desk.theme';

/** The palette to show for a choice: `system` follows the OS. */
export function resolveTheme(choice: Theme, osPrefersDark: boolean): ResolvedTheme {
  if (choice === 'system') return osPrefersDark ? 'dark' : 'light';
  return choice;
}

/** Pins the palette on <html>: the stylesheet reads `data-theme`, native controls read `color-scheme`. */
export function applyTheme(root: HTMLElement, theme: ResolvedTheme): void {
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
}

/**
 * The last theme choice seen, kept in this window's storage only so the first paint after a
 * start already has the right palette; main's preferences stay the source of truth.
 */
export function readThemeHint(storage: Storage): Theme {
  try {
    const stored = storage.getItem(hintKey);
    return themes.find((theme) => theme === stored) ?? 'system';
  } catch {
    return 'system';
  }
}

export function writeThemeHint(storage: Storage, choice: Theme): void {
  try {
    storage.setItem(hintKey, choice);
  } catch {
    // Storage may be full or disabled; the hint only saves a flash at start.
  }
}
