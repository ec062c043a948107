import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'vite';
import harnessConfig from './vite.harness.config';
import { contentSecurityPolicy, headerOnlyPolicy } from '../../../common/csp';

const outDir = resolve(import.meta.dirname, '../../../out/harness');

export interface HarnessServer {
  /** The harness page, on http://127.0.0.1. */
  readonly url: string;
  close(): Promise<void>;
}

const contentTypes: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Builds the harness page with Vite (as the app's renderer is built) and serves it with the app's CSP as a header too. */
export async function startHarnessServer(): Promise<HarnessServer> {
  await build({ ...harnessConfig, configFile: false });
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = join(outDir, path);
    if (!file.startsWith(`${outDir}/`)) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': `${contentSecurityPolicy}; ${headerOnlyPolicy}`,
          'cache-control': 'no-store',
        });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/live-tap.html`,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
