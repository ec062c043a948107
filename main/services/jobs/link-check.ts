export type LinkCheck = { ok: true; url: string; host: string; fileName: string } | { ok: false; fileName: string; reason: string };

function nameFrom(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last) return url.hostname;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Decides whether a pasted link can be given to Deepgram to fetch, and says why not. */
export function checkLink(text: string): LinkCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, fileName: text.slice(0, 200), reason: 'This is not a link. Paste a full address starting with https://.' };
  }
  const fileName = nameFrom(url);
  if (url.protocol === 'http:') {
    return { ok: false, fileName, reason: 'Plain http:// links are refused: Deepgram only fetches media over https://, so that nobody on the way can read or change it. Use the https:// address of the file.' };
  }
  if (url.protocol !== 'https:') return { ok: false, fileName, reason: `Links must start with https:// (this one uses ${url.protocol.replace(':', '')}).` };
  if (url.username || url.password) {
    return { ok: false, fileName, reason: 'The link contains a user name or password, which would be sent to Deepgram. Use a share link that needs no sign-in.' };
  }
  return { ok: true, url: url.href, host: url.host, fileName };
}
