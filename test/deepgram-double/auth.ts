import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { DoubleKey } from './types';

export interface RegisteredKey {
  key: string;
  projectId: string;
  projectName: string;
  canListProjects: boolean;
}

export interface AuthResult {
  key: RegisteredKey | undefined;
  /** What the client sent, for RequestRecord.authScheme. */
  scheme: string | undefined;
  /** Subprotocol to echo in the 101 response (WebSocket only). */
  protocol?: string;
}

export class KeyStore {
  readonly #keys = new Map<string, RegisteredKey>();

  constructor(keys: readonly DoubleKey[]) {
    for (const k of keys) this.add(k);
  }

  add(k: DoubleKey): void {
    this.#keys.set(k.key, {
      key: k.key,
      projectId: k.projectId ?? randomUUID(),
      projectName: k.projectName ?? 'Deepgram Double Project',
      canListProjects: k.canListProjects ?? true,
    });
  }

  find(credential: string): RegisteredKey | undefined {
    return this.#keys.get(credential);
  }
}

/** `Authorization: <scheme> <credential>`; only the `Token` scheme (any case) authenticates API keys. */
export function authenticateHeader(store: KeyStore, header: string | undefined): AuthResult {
  if (!header) return { key: undefined, scheme: undefined };
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return { key: undefined, scheme: undefined };
  const [, scheme = '', credential = ''] = match;
  const key = scheme.toLowerCase() === 'token' ? store.find(credential) : undefined;
  return { key, scheme };
}

function subprotocols(header: string | string[] | undefined): string[] {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** WebSocket upgrade: Authorization header first, else the `Sec-WebSocket-Protocol: token, <key>` pair. */
export function authenticateUpgrade(store: KeyStore, headers: IncomingHttpHeaders): AuthResult {
  if (headers.authorization) return authenticateHeader(store, headers.authorization);
  const protocols = subprotocols(headers['sec-websocket-protocol']);
  const index = protocols.findIndex((p) => p.toLowerCase() === 'token');
  const credential = index >= 0 ? protocols[index + 1] : undefined;
  const tokenProtocol = index >= 0 ? protocols[index] : undefined;
  if (tokenProtocol === undefined || credential === undefined) return { key: undefined, scheme: undefined };
  return { key: store.find(credential), scheme: `subprotocol:${tokenProtocol}`, protocol: tokenProtocol };
}
