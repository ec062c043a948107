import { useLayoutEffect, useSyncExternalStore } from 'react';
import { applyTheme, osDarkQuery, readThemeHint, resolveTheme, writeThemeHint } from '../lib/theme';
import { usePrefsStore } from '../stores/prefs-store';

function subscribeToOs(onChange: () => void): () => void {
  const query = window.matchMedia(osDarkQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const osPrefersDark = (): boolean => window.matchMedia(osDarkQuery).matches;

/** Shows the palette of the user's theme choice, following the OS while that choice is `system`. */
export function useAppliedTheme(): void {
  const choice = usePrefsStore((s) => s.prefs?.theme ?? null);
  const osDark = useSyncExternalStore(subscribeToOs, osPrefersDark);

  useLayoutEffect(() => {
    applyTheme(document.documentElement, resolveTheme(choice ?? readThemeHint(localStorage), osDark));
    if (choice) writeThemeHint(localStorage, choice);
  }, [choice, osDark]);
}
