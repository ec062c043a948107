import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from '../../../common/csp';

const root = resolve(import.meta.dirname, '../../..');

/** The app's CSP as the page's first <meta>, as the app's own build puts it. */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy }, injectTo: 'head-prepend' }],
  };
}

/** Builds the page that runs the renderer's live-frame tap on its own; it is never part of the app. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  logLevel: 'warn',
  plugins: [cspMeta()],
  build: {
    outDir: resolve(root, 'out/harness'),
    emptyOutDir: true,
    minify: true,
    rollupOptions: { input: resolve(import.meta.dirname, 'live-tap.html') },
  },
});
