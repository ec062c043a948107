import type { IncomingHttpHeaders } from 'node:http';
import type { AccountKey, DoubleAccount, GrantToken } from './account';

/** A live credential: an unexpired API key (`Token`) or grant token (`Bearer`). */
export type Credential = { kind: 'key'; key: AccountKey } | { kind: 'token'; token: GrantToken };

export interface AuthResult {
  credential: Credential | undefined;
  /** What the client sent, for RequestRecord.authScheme. */
  scheme: string | undefined;
  /** Subprotocol to echo in the 101 response (WebSocket only). */
  protocol?: string;
  /** The matched key's id (a token's minting key), also when the credential is refused for having expired. */
  apiKeyId?: string;
  projectId?: string;
}

type Resolved = Omit<AuthResult, 'scheme' | 'protocol'>;

/** `token` finds API keys, `bearer` grant tokens; nothing else authenticates. */
function resolve(account: DoubleAccount, scheme: string, secret: string): Resolved {
  const kind = scheme.toLowerCase();
  if (kind === 'token') {
    const key = account.findKey(secret);
    if (!key) return { credential: undefined };
    const ids = { apiKeyId: key.apiKeyId, projectId: key.projectId };
    return { ...ids, credential: account.isExpired(key) ? undefined : { kind: 'key', key } };
  }
  if (kind === 'bearer') {
    const token = account.findToken(secret);
    if (!token) return { credential: undefined };
    const ids = { apiKeyId: token.apiKeyId, projectId: token.projectId };
    return { ...ids, credential: account.isExpired(token) ? undefined : { kind: 'token', token } };
  }
  return { credential: undefined };
}

/** `Authorization: <scheme> <credential>`; `Token` (any case) carries API keys, `Bearer` grant tokens. */
export function authenticateHeader(account: DoubleAccount, header: string | undefined): AuthResult {
  if (!header) return { credential: undefined, scheme: undefined };
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return { credential: undefined, scheme: undefined };
  const [, scheme = '', secret = ''] = match;
  return { ...resolve(account, scheme, secret), scheme };
}

function subprotocols(header: string | string[] | undefined): string[] {
  const raw = Array.isArray(header) ? header.join(',') : (header ?? '');
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** WebSocket upgrade: Authorization header first, else the `Sec-WebSocket-Protocol: token, <key>` or `bearer, <jwt>` pair. */
export function authenticateUpgrade(account: DoubleAccount, headers: IncomingHttpHeaders): AuthResult {
  if (headers.authorization) return authenticateHeader(account, headers.authorization);
  const protocols = subprotocols(headers['sec-websocket-protocol']);
  const index = protocols.findIndex((p) => ['token', 'bearer'].includes(p.toLowerCase()));
  const protocol = index >= 0 ? protocols[index] : undefined;
  const secret = index >= 0 ? protocols[index + 1] : undefined;
  if (protocol === undefined || secret === undefined) return { credential: undefined, scheme: undefined };
  return { ...resolve(account, protocol, secret), scheme: `subprotocol:${protocol}`, protocol };
}
