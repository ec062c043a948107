import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import { DoubleAccount } from './account';
import { authenticateHeader, authenticateUpgrade } from './auth';
import type { AuthResult, Credential } from './auth';
import {
  errorForStatus,
  errorMessage,
  insufficientPermissions,
  invalidAuth,
  methodNotAllowed,
  noSuchModel,
  notFound,
  regionalNotFound,
} from './errors';
import type { ErrorBody } from './errors';
import { readJsonBody } from './json-body';
import { handleListen } from './listen-handler';
import { enabledFeatures, parseListenParams, parseQuery } from './listen-params';
import { MAX_REALTIME_FACTOR } from './live-pacer';
import { streamParamProblem } from './live-params';
import { runLiveSession } from './live-socket';
import { EXPOSED_HEADERS, rejectUpgrade } from './live-upgrade';
import { routeManagement } from './management-router';
import { DEFAULT_SPEECH } from './speech';
import type { DeepgramDouble, DoubleBalance, DoubleFailure, DoubleKey, RequestRecord, StartDoubleOptions } from './types';

export type {
  DeepgramDouble,
  DoubleAccount,
  DoubleBalance,
  DoubleFailure,
  DoubleKey,
  DoubleKeyInfo,
  KeyRole,
  RequestRecord,
  StartDoubleOptions,
} from './types';

interface PendingFailure {
  failure: DoubleFailure;
  remaining: number;
}

interface Reply {
  status: number;
  /** A string is sent as plain text, anything else as JSON. */
  body: object | ErrorBody | string;
}

/** Ends the TCP connection abruptly (RST where the platform allows), like a proxy dropping an upload. */
function resetSocket(socket: Socket): void {
  // A TLSSocket's own handle cannot be reset; the TCP socket under it (Node's private `_parent`) can.
  const tcp = (socket as Socket & { _parent?: Socket | null })._parent ?? socket;
  try {
    tcp.resetAndDestroy();
  } catch {
    // Not a TCP handle: a plain destroy still drops the connection.
  }
  socket.destroy();
}

function retryAfterHeader(failure: { retryAfterSec?: number }): Record<string, string> {
  return failure.retryAfterSec === undefined ? {} : { 'retry-after': String(failure.retryAfterSec) };
}

const LISTEN_PATH = '/v1/listen';

/** Transcription needs `usage:write`; a grant token carries exactly that. */
function mayListen(credential: Credential): boolean {
  return credential.kind === 'token' || credential.key.permissions.has('usage:write');
}

/** Copies who authenticated (even when refused) onto the request record. */
function noteAuth(record: RequestRecord, auth: AuthResult): void {
  if (auth.scheme !== undefined) record.authScheme = auth.scheme;
  if (auth.apiKeyId !== undefined) record.apiKeyId = auth.apiKeyId;
  if (auth.projectId !== undefined) record.projectId = auth.projectId;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** Refuses failures the double could only act out wrongly (a fractional Retry-After, a success status). */
function checkFailure(failure: DoubleFailure): void {
  const problem = ((): string | undefined => {
    switch (failure.kind) {
      case 'status':
        if (!Number.isInteger(failure.status) || failure.status < 400 || failure.status > 599) return 'status must be 400-599';
        if (failure.retryAfterSec !== undefined && !isCount(failure.retryAfterSec)) return 'retryAfterSec must be a whole number of seconds';
        return undefined;
      case 'slow':
        // Node fires longer timers at once; a reply that never comes is `hang`.
        return failure.delayMs >= 0 && failure.delayMs <= MAX_TIMER_MS ? undefined : `delayMs must be 0-${MAX_TIMER_MS} (use hang for never)`;
      case 'reset':
      case 'stall':
        return isCount(failure.afterBytes) ? undefined : 'afterBytes must be a whole number';
      case 'hang':
        return undefined;
    }
  })();
  if (problem) throw new RangeError(`failNext(${failure.kind}): ${problem}`);
}

/** Starts the double on 127.0.0.1; close() ends every connection, including stalled and hung ones. */
export async function startDeepgramDouble(opts: StartDoubleOptions): Promise<DeepgramDouble> {
  const livePace = opts.livePace ?? MAX_REALTIME_FACTOR;
  if (!(livePace > 0)) throw new RangeError(`livePace must be positive (Infinity: no pacing), got ${livePace}`);
  const spoolDir = await mkdtemp(join(opts.tmpDir ?? tmpdir(), 'dg-double-'));
  const account = opts.sharedWith?.account ?? new DoubleAccount({ now: opts.now, balances: opts.balances });
  for (const k of opts.keys) account.addKey(k);
  const regional = opts.regional ?? false;
  const managementOptions = { keyDetailsShape: opts.keyDetailsShape ?? 'flat', tokenDetails: opts.tokenDetails ?? 'full' } as const;
  const records: RequestRecord[] = [];
  const failures: PendingFailure[] = [];
  const speechBySha = new Map<string, string>();
  let defaultSpeech = DEFAULT_SPEECH;
  const closing = new AbortController();
  const pendingUpgrades = new Set<Duplex>();
  const unansweredUpgrades = new Set<Duplex>();
  const upgradeIds = new WeakMap<IncomingMessage, string>();
  const upgradeProtocols = new WeakMap<IncomingMessage, string>();
  const idleTimeoutMs = opts.idleTimeoutMs ?? 10_000;

  const speechFor = (sha256: string): string => speechBySha.get(sha256) ?? defaultSpeech;

  const takeFailure = (path: string): DoubleFailure | undefined => {
    const index = failures.findIndex((f) => f.failure.path === undefined || path.startsWith(f.failure.path));
    const pending = failures[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) failures.splice(index, 1);
    return pending.failure;
  };

  const newRecord = (req: IncomingMessage, url: URL, requestId: string): RequestRecord => {
    const record: RequestRecord = {
      id: requestId,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: parseQuery(url.search),
      bytes: 0,
      status: 0,
    };
    const contentType = req.headers['content-type'];
    if (contentType !== undefined) record.contentType = contentType;
    records.push(record);
    return record;
  };

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols, req) => upgradeProtocols.get(req) ?? protocols.values().next().value ?? false,
  });
  wss.on('headers', (headers, req) => {
    const id = upgradeIds.get(req);
    if (id) headers.push(`dg-request-id: ${id}`, `access-control-expose-headers: ${EXPOSED_HEADERS}`);
  });

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const record = newRecord(req, url, requestId);
    res.setHeader('dg-request-id', requestId);
    const countBody = (): void => {
      req.on('data', (chunk: Buffer) => {
        record.bytes += chunk.length;
      });
    };
    // Answer only once the upload is over: an early answer on a `Connection: close` request makes the
    // client's remaining writes fail with EPIPE before it ever sees the status.
    const drained = (): Promise<void> =>
      req.readableEnded || req.destroyed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            req.once('end', resolve);
            req.once('close', resolve);
            countBody();
          });
    const reply = async ({ status, body }: Reply, headers: Record<string, string> = {}): Promise<void> => {
      await drained();
      if (res.headersSent || res.destroyed) return;
      record.status = status;
      const text = typeof body === 'string';
      res.writeHead(status, { ...headers, 'content-type': text ? 'text/plain; charset=utf-8' : 'application/json' });
      res.end(text ? body : JSON.stringify(body));
    };

    try {
      if (!url.pathname.startsWith('/v1/')) return reply(notFound(requestId));
      // A regional host routes before it authenticates: its refusal does not depend on the key.
      if (regional && url.pathname !== LISTEN_PATH) return reply(regionalNotFound());
      const auth = authenticateHeader(account, req.headers.authorization);
      noteAuth(record, auth);
      const { credential } = auth;
      if (!credential) return reply(invalidAuth(requestId));

      const failure = takeFailure(url.pathname);
      if (failure?.kind === 'status') return reply(errorForStatus(failure.status, requestId), retryAfterHeader(failure));
      if (failure?.kind === 'hang') {
        countBody();
        return;
      }
      if (failure?.kind === 'stall') {
        const { afterBytes } = failure;
        // Nothing reads the request once paused (or ever, for 0): its buffers and the socket's fill, the
        // kernel's receive window closes, and the client's writes stop.
        if (afterBytes <= 0) return;
        const onData = (chunk: Buffer): void => {
          record.bytes += chunk.length;
          if (record.bytes < afterBytes) return;
          req.off('data', onData);
          req.pause();
        };
        req.on('data', onData);
        return;
      }
      if (failure?.kind === 'reset') {
        const { afterBytes } = failure;
        const kill = (): void => resetSocket(req.socket);
        if (afterBytes <= 0) return kill();
        req.on('data', (chunk: Buffer) => {
          record.bytes += chunk.length;
          if (record.bytes >= afterBytes) kill();
        });
        req.on('end', kill);
        return;
      }
      const clientGone = new AbortController();
      res.once('close', () => clientGone.abort());
      const beforeRespond = async (): Promise<void> => {
        if (failure?.kind !== 'slow') return;
        await sleep(failure.delayMs, undefined, { signal: AbortSignal.any([closing.signal, clientGone.signal]) });
      };

      if (url.pathname === LISTEN_PATH) {
        if (req.method !== 'POST') return reply(methodNotAllowed(requestId));
        record.tags = record.query['tag'] ?? [];
        if (!mayListen(credential)) return reply(insufficientPermissions(requestId));
        const accessor = credential.kind === 'key' ? credential.key : credential.token;
        const outcome = await handleListen(req, {
          requestId,
          query: record.query,
          spoolDir,
          fetchCa: opts.ca,
          speechFor,
          beforeRespond,
          onBodyBytes: (bytes) => {
            record.bytes = bytes;
          },
          onRemoteUrl: (remoteUrl) => {
            record.remoteUrl = remoteUrl;
          },
          onServed: (served) => {
            account.recordUsage({
              projectId: accessor.projectId,
              apiKeyId: accessor.apiKeyId,
              tags: record.tags ?? [],
              features: enabledFeatures(record.query),
              method: 'sync',
              ...served,
            });
          },
          signal: closing.signal,
        });
        return reply(outcome);
      }
      // The management API takes only `Token` API keys: a grant token there is no credential at all.
      if (credential.kind !== 'key') return reply(invalidAuth(requestId));
      const outcome = await routeManagement(
        account,
        credential.key,
        {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: record.query,
          requestId,
          readBody: () => readJsonBody(req, (bytes) => {
            record.bytes = bytes;
          }),
        },
        managementOptions,
      );
      await beforeRespond();
      return reply(outcome);
    } catch (error) {
      // A client that went away mid-upload (or close()) gets nothing; anything else is our bug.
      if (closing.signal.aborted || req.destroyed || res.destroyed) {
        res.destroy();
        return;
      }
      console.error('[deepgram-double] request failed', error);
      await reply(errorForStatus(500, requestId));
    }
  };

  const handleUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const record = newRecord(req, url, requestId);
    pendingUpgrades.add(socket);
    socket.on('error', () => socket.destroy());
    const reject = (status: number, reason: string | undefined, headers: Record<string, string> = {}): void => {
      record.status = status;
      rejectUpgrade(socket, status, requestId, reason, headers);
    };

    try {
      if (url.pathname !== LISTEN_PATH) return reject(404, 'Not Found');
      record.tags = record.query['tag'] ?? [];
      const auth = authenticateUpgrade(account, req.headers);
      noteAuth(record, auth);
      const { credential } = auth;
      if (!credential) return reject(401, errorMessage(invalidAuth(requestId)));

      const failure = takeFailure(url.pathname);
      if (failure?.kind === 'status') {
        return reject(failure.status, errorMessage(errorForStatus(failure.status, requestId)), retryAfterHeader(failure));
      }
      if (failure?.kind === 'stall' || failure?.kind === 'hang') {
        unansweredUpgrades.add(socket);
        socket.once('close', () => unansweredUpgrades.delete(socket));
        return;
      }
      if (failure?.kind === 'reset' && failure.afterBytes <= 0) {
        socket.destroy();
        return;
      }
      if (failure?.kind === 'slow') await sleep(failure.delayMs, undefined, { signal: closing.signal });
      if (!mayListen(credential)) return reject(401, errorMessage(insufficientPermissions(requestId)));
      const accessor = credential.kind === 'key' ? credential.key : credential.token;

      const parsed = parseListenParams(record.query);
      if (!parsed.ok) {
        return reject(400, parsed.problem === 'model' ? errorMessage(noSuchModel(requestId)) : parsed.detail);
      }
      const streamProblem = streamParamProblem(record.query, parsed.params);
      if (streamProblem) return reject(400, streamProblem.reason);
      upgradeIds.set(req, requestId);
      if (auth.protocol) upgradeProtocols.set(req, auth.protocol);
      wss.handleUpgrade(req, socket, head, (ws) => {
        record.status = 101;
        runLiveSession(ws, {
          requestId,
          params: parsed.params,
          speech: defaultSpeech,
          idleTimeoutMs,
          pace: livePace,
          record,
          resetAfterBytes: failure?.kind === 'reset' ? failure.afterBytes : undefined,
          onEnd: (seconds, channels) => {
            account.recordUsage({
              projectId: accessor.projectId,
              apiKeyId: accessor.apiKeyId,
              tags: record.tags ?? [],
              features: enabledFeatures(record.query),
              method: 'streaming',
              seconds,
              channels,
              model: parsed.params.model.name,
            });
          },
        });
      });
    } catch {
      socket.destroy();
    } finally {
      pendingUpgrades.delete(socket);
    }
  };

  const server = createServer({ cert: opts.cert, key: opts.key }, (req, res) => void handleRequest(req, res));
  // Uploads of large files can legitimately take longer than Node's 5-minute default.
  server.requestTimeout = 0;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void handleUpgrade(req, socket, head));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await rm(spoolDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    url: `https://127.0.0.1:${port}`,
    requests: records,
    regional,
    account,
    addKey: (k: DoubleKey) => {
      account.addKey(k);
    },
    keysOf: (projectId: string) => account.keysOf(projectId).map((k) => account.keyInfo(k)),
    setBalances: (projectId: string, balances: DoubleBalance[]) => account.setBalances(projectId, balances),
    failNext: (failure: DoubleFailure, times = 1) => {
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`failNext: times must be a positive integer, got ${times}`);
      checkFailure(failure);
      failures.push({ failure, remaining: times });
    },
    clearFailures: () => {
      failures.length = 0;
    },
    dropLiveConnections: () => {
      let dropped = 0;
      for (const ws of wss.clients) {
        if (ws.readyState !== ws.OPEN) continue;
        ws.terminate();
        dropped += 1;
      }
      return dropped;
    },
    setSpeech: (text: string, sha256?: string) => {
      if (sha256 === undefined) defaultSpeech = text;
      else speechBySha.set(sha256.toLowerCase(), text);
    },
    close: () => {
      closed ??= (async () => {
        closing.abort();
        for (const ws of wss.clients) ws.terminate();
        for (const socket of [...pendingUpgrades, ...unansweredUpgrades]) socket.destroy();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        wss.close();
        await rm(spoolDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
