import { useEffect, useRef } from 'react';
import { containsWebLink } from '../lib/links';

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}

/**
 * Takes links pasted while no text field has focus (Ctrl+V on the window) and hands them to
 * `onLinks`, while `onLinks` is set. Pastes into fields, and pastes without a link, are left alone.
 */
export function useLinkPaste(onLinks: ((text: string) => void) | null): void {
  const onLinksRef = useRef(onLinks);

  useEffect(() => {
    onLinksRef.current = onLinks;
  }, [onLinks]);

  useEffect(() => {
    const onPaste = (event: ClipboardEvent): void => {
      const handler = onLinksRef.current;
      if (!handler || isTextEntry(event.target) || isTextEntry(document.activeElement)) return;
      // A modal dialog (Settings) owns the keyboard while it is open.
      if (document.querySelector('dialog[open]')) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (!containsWebLink(text)) return;
      event.preventDefault();
      handler(text);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);
}
