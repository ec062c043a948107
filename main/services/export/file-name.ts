/** Longest file name written, in UTF-8 bytes: under every file system's 255 and leaves room in a path. */
export const maxFileNameBytes = 200;

/** Used when nothing of the title survives cleaning. */
const fallbackStem = 'Transcript';

// Forbidden on Windows (and `/` everywhere, `:` in the macOS Finder), control characters, and the
// invisible direction marks that can disguise an extension ("Report\u202Etxt.exe").
// eslint-disable-next-line no-control-regex
const forbidden = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Windows refuses these as a name, whatever the extension and with trailing spaces ("nul .txt").
const reservedOnWindows = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Cuts text to at most `max` UTF-8 bytes without splitting a letter, emoji or accent from its base. */
function truncateBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = byteLength(segment);
    if (bytes + size > max) break;
    out += segment;
    bytes += size;
  }
  return out;
}

function trimEnds(text: string): string {
  // Windows drops trailing dots and spaces silently; a leading dot hides the file on macOS and Linux.
  return text.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

/**
 * A file name from a transcript title that every OS accepts: forbidden and invisible characters become
 * `_` or go, Windows device names get a leading `_`, and the name fits `maxBytes` UTF-8 bytes with
 * `suffix` (e.g. " (2)") and `.extension` added. Any script and emoji are kept.
 */
export function safeFileName(title: string, extension: string, suffix = '', maxBytes = maxFileNameBytes): string {
  const ext = extension.replace(/[^A-Za-z0-9.]/g, '').replace(/^\.+|\.+$/g, '');
  const tail = `${suffix}${ext === '' ? '' : `.${ext}`}`;
  let stem = title
    .normalize('NFC')
    .replace(loneSurrogate, '')
    .replace(forbidden, '_')
    .replace(/\s+/g, ' ');
  const budget = Math.max(2, maxBytes - byteLength(tail));
  stem = trimEnds(truncateBytes(trimEnds(stem), budget));
  if (stem === '' || /^_*$/.test(stem)) stem = fallbackStem;
  if (reservedOnWindows.test(stem.split('.')[0]?.trimEnd() ?? '')) stem = `_${trimEnds(truncateBytes(stem, budget - 1))}`;
  return `${stem}${tail}`;
}
