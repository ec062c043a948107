/** Most links one request may carry (the contract's limit). */
export const maxLinksPerRequest = 100;

/** The links in pasted text: one per line or separated by spaces, each once, in order. */
export function parseLinks(text: string): string[] {
  const seen = new Set<string>();
  for (const token of text.split(/\s+/)) {
    if (token !== '') seen.add(token);
  }
  return [...seen];
}

/** Whether pasted text holds a web link, so a paste outside any text field can be taken as links to transcribe. */
export function containsWebLink(text: string): boolean {
  return parseLinks(text).some((token) => /^https?:\/\/\S/i.test(token));
}
