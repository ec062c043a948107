/**
 * The renderer's Content Security Policy: scripts, styles and fonts only from the app itself,
 * no inline code, no eval, no network but the page's own origin (the app never calls out from
 * the page: main makes every request). Sent as a header by the app:// scheme and injected as
 * a <meta> by the build, so it holds however the page is served.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Directives that only work as a header, never in a <meta>. */
export const headerOnlyPolicy = "frame-ancestors 'none'";
