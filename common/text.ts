/** Shortens text to at most `max` characters, marking the cut with an ellipsis. */
export function capText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
