import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer } from 'ws';
import { AppError } from '../../common/errors';
import { composeServices, deepgramHosts } from '../../main/compose';
import type { ServiceDeps, Services } from '../../main/compose';
import { registerHandlers } from '../../main/ipc/handle';
import { contentTypes } from '../../main/platform/app-protocol';
import { createEventSink } from '../../main/ipc/outgoing';
import { SdkDeepgramGateway } from '../../main/services/deepgram/deepgram-gateway';
import { probeSecretStore } from '../../main/services/keys/keychain';
import type { SecretStore } from '../../main/services/keys/secret-store';
import type { KeychainStatus } from '../../common/profiles';
import { createFileLogger } from '../../main/services/logging/file-logger';
import { redactingLogger, SecretRedactor } from '../../main/services/logging/logger';
import { bridgePath, socketPath, tokenHeader, uploadPath } from './protocol';
import { WsRouter } from './ws-router';
import { createWebHostMedia } from './media-route';
import { resolveDataDir } from '../../main/services/storage/data-location';

const repoRoot = resolve(import.meta.dirname, '../..');

export interface WebHostOptions {
  /** The default app-data folder: logs, uploads and the file saying where the data lives if it was moved. */
  dataDir: string;
  /** One server standing in for all of Deepgram's hosts (the test double); Deepgram's own hosts when absent. */
  deepgramUrl?: string;
  secrets: SecretStore;
  /** Whether `secrets` works; by default a read of a probe account. */
  keychainProbe?: () => Promise<KeychainStatus>;
  port?: number;
  rendererDir?: string;
  bridgeFile?: string;
  /** Stands in for the native open dialog (files and folders), which a browser page does not have. */
  pickFiles?: () => Promise<string[]>;
  /** Where exports go, since a browser page has no save dialog; `<dataDir>/exports` by default. */
  exportDir?: string;
  /** Shorter queue timeouts and retry waits for tests. */
  queueTuning?: ServiceDeps['queueTuning'];
}

export interface WebHost {
  /** The page to open, token included. */
  readonly url: string;
  readonly origin: string;
  /** The address the server's socket is bound to, as the OS reports it. */
  readonly address: AddressInfo;
  readonly token: string;
  readonly services: Services;
  /** Every frame the page was sent: results and events. */
  readonly sent: readonly string[];
  /** The log file of main's services. */
  readonly logFile: string;
  /** Every path main asked the file manager to show (Show in folder), in order: a browser has no file manager. */
  readonly revealed: readonly string[];
  close(): Promise<void>;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Serves the built renderer on 127.0.0.1 wired to main's real services through the loopback
 * test transport: what `npm run dev:web` and the renderer e2e run. Never packaged.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = options.rendererDir ?? join(repoRoot, 'out/renderer');
  const bridgeFile = options.bridgeFile ?? join(repoRoot, 'out/web-host/bridge.js');
  const uploadDir = join(options.dataDir, 'web-host-uploads');
  const exportDir = options.exportDir ?? join(options.dataDir, 'exports');
  const token = randomBytes(24).toString('base64url');
  const logFile = join(options.dataDir, 'logs', 'main.log');
  await mkdir(uploadDir, { recursive: true });

  const redactor = new SecretRedactor();
  const logger = redactingLogger(createFileLogger(logFile), redactor);

  const server = createServer();
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const router = new WsRouter(origin, logger);
  const redact = (text: string): string => redactor.redact(text);
  const revealed: string[] = [];
  const services = composeServices({
    // As the app does at start: the data lives where the location file says, if it was moved.
    dataDir: await resolveDataDir(options.dataDir),
    defaultDataDir: options.dataDir,
    ...deepgramHosts(options.deepgramUrl),
    secrets: options.secrets,
    keychainProbe: options.keychainProbe ?? (() => probeSecretStore(options.secrets)),
    deepgram: new SdkDeepgramGateway(),
    events: createEventSink(router, redact, logger),
    logger,
    redactor,
    pickFiles:
      options.pickFiles ??
      (async () => {
        throw new AppError('UNSUPPORTED', 'The file dialog needs the desktop app. Drag files onto the window instead.');
      }),
    ...(options.queueTuning ? { queueTuning: options.queueTuning } : {}),
    chooseSavePath: async (defaultName) => {
      await mkdir(exportDir, { recursive: true });
      return join(exportDir, defaultName);
    },
    chooseExportFolder: async () => {
      await mkdir(exportDir, { recursive: true });
      return exportDir;
    },
    revealInFolder: (path) => void revealed.push(path),
  });
  await services.start();
  registerHandlers(router, services.handlers, { isTrustedSender: (sender) => sender.isTopFrame && sender.url === origin, redact, logger });

  const serveStatic = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (pathname === bridgePath) {
      res.writeHead(200, { 'content-type': contentTypes['.js']!, 'cache-control': 'no-store' });
      res.end(await readFile(bridgeFile));
      return;
    }
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(rendererDir, relative));
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    if (relative === 'index.html') {
      // The bridge must define window.app before the renderer's module script runs.
      body = Buffer.from(body.toString('utf8').replace('<script type="module"', `<script src="${bridgePath}"></script>\n    <script type="module"`));
    }
    res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const receiveUpload = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!sameToken(req.headers[tokenHeader] as string | undefined, token) || req.headers.origin !== origin) {
      res.writeHead(403).end();
      return;
    }
    const name = basename(url.searchParams.get('name') ?? 'file').replace(/[\\/:*?"<>|]/g, '_') || 'file';
    const dir = join(uploadDir, randomUUID());
    await mkdir(dir, { recursive: true });
    const path = join(dir, name);
    await pipeline(req, createWriteStream(path));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path }));
  };

  const media = createWebHostMedia({ origin, token, media: services.media });
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const work = media.handles(url.pathname)
      ? media.serve(req, res, url)
      : req.method === 'POST' && url.pathname === uploadPath
        ? receiveUpload(req, res, url)
        : req.method === 'GET' || req.method === 'HEAD'
          ? serveStatic(req, res, url.pathname)
          : Promise.resolve(void res.writeHead(405).end());
    work.catch((error: unknown) => {
      logger.error('web host request failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  // The largest legitimate frame is a transcribe.start of 1000 long paths.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== socketPath || !sameToken(url.searchParams.get('token'), token) || req.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => router.attach(ws, randomUUID(), req.headers.origin ?? ''));
  });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    address: server.address() as AddressInfo,
    token,
    services,
    sent: router.sent,
    logFile,
    revealed,
    async close() {
      await Promise.allSettled([services.queue.suspend(), services.editStore.flush(), services.live.stopAll()]);
      services.librarySearch.close();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      // Uploaded copies stay: they are the files of jobs that resume when a host starts on this data folder.
    },
  };
}
