import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '../..');

/** Builds the test bridge as one classic script; it is never part of the packaged app. */
export default defineConfig({
  root,
  logLevel: 'warn',
  build: {
    outDir: resolve(root, 'out/web-host'),
    emptyOutDir: true,
    lib: { entry: resolve(import.meta.dirname, 'bridge.ts'), formats: ['iife'], name: 'webHostBridge', fileName: () => 'bridge.js' },
  },
});
