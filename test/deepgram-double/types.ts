import type { DoubleAccount } from './account';
import type { KeyRole } from './permissions';

export type { DoubleAccount } from './account';
export type { KeyRole } from './permissions';

export interface DoubleKey {
  /** The secret sent as `Authorization: Token <key>`. */
  key: string;
  projectName?: string;
  /** Keys with the same projectId share one project (its keys, usage and balances). Default: a new project. */
  projectId?: string;
  /** Legacy switch: false (without `scopes`) makes a `usage:write`-only key. Default true. */
  canListProjects?: boolean;
  /** Default 'member'. Ignored for permissions when `scopes` is given. */
  role?: KeyRole;
  /** Explicit scopes replace the role's implied permissions; role names (`member`, `admin`, …) expand. */
  scopes?: string[];
  /** ISO-8601; from then on the key gets 401 INVALID_AUTH. */
  expiresAt?: string;
  tags?: string[];
  comment?: string;
  /** Default a random UUID. */
  apiKeyId?: string;
  /** The project member owning the key. Default: a member of its own per key, so two keys never share one by accident. */
  memberEmail?: string;
}

/** A key as the double holds it, for tests (keysOf). `key` is the secret: test material only. */
export interface DoubleKeyInfo {
  apiKeyId: string;
  key: string;
  projectId: string;
  comment: string;
  /** As reported by the API: the explicit scopes, or the role name. */
  scopes: string[];
  /** The effective role level the double derived from the scopes. */
  level: KeyRole;
  tags: string[];
  created: string;
  expiresAt?: string;
  expired: boolean;
  memberEmail: string;
  /** api_key_id of the key that created this one through POST /v1/projects/{id}/keys. */
  createdBy?: string;
}

export interface DoubleBalance {
  /** Default: a stable UUID per project and position. */
  balance_id?: string;
  amount: number;
  /** Default 'USD'. */
  units?: string;
  purchase_order_id?: string;
}

export type DoubleFailure =
  /**
   * Answer with this HTTP status and Deepgram's body for it (errors.ts `errorForStatus`), after the request
   * body has been read. `retryAfterSec` adds a `Retry-After: <seconds>` header.
   */
  | { kind: 'status'; status: number; path?: string; retryAfterSec?: number }
  /** Delay the response by delayMs after the request body has been read; close() cancels the wait. */
  | { kind: 'slow'; delayMs: number; path?: string }
  /** Destroy the connection once this many request-body bytes (WebSocket: audio bytes) have arrived; 0 = at once. */
  | { kind: 'reset'; afterBytes: number; path?: string }
  /**
   * Read the request body until at least afterBytes have arrived (0: read nothing), then stop reading and never
   * answer: TCP backpressure stops the client's writes. Lasts until the client goes away or close().
   * A WebSocket upgrade is left unanswered.
   */
  | { kind: 'stall'; afterBytes: number; path?: string }
  /** Read the whole request body, then never answer, until the client goes away or close(). A WebSocket upgrade is left unanswered. */
  | { kind: 'hang'; path?: string };

export interface StartDoubleOptions {
  cert: string;
  key: string;
  keys: DoubleKey[];
  /** Default 0 (any free port). */
  port?: number;
  /** Where request bodies are spooled; default os.tmpdir(). */
  tmpDir?: string;
  /**
   * Streaming: close 1011 (NET-0001) after this long without a client frame, counted from when the double has
   * consumed the audio received (see livePace). Default 10000.
   */
  idleTimeoutMs?: number;
  /**
   * Streaming: audio seconds the double consumes per wall-clock second from a stream's first audio frame; results
   * (and the Metadata after CloseStream) for audio time t leave no earlier than first-audio + t / livePace.
   * Default 1.25, the fastest Deepgram accepts audio; Infinity releases them as soon as their audio has arrived.
   */
  livePace?: number;
  /** Extra CA (PEM) trusted when fetching `{"url"}` media over https; NODE_EXTRA_CA_CERTS also applies. */
  ca?: string;
  /**
   * Act as a regional host (like the EU one): serve only /v1/listen (REST and WebSocket) and answer every
   * other path 404, before authentication.
   */
  regional?: boolean;
  /**
   * Share another double's account: its keys, grant tokens, projects, balances, usage and clock. Start the global
   * double first, then the regional one with `sharedWith: global`, as keys and tokens work on every Deepgram host.
   */
  sharedWith?: DeepgramDouble;
  /** Balances of every project unless setBalances overrides one. Default one balance of 200 USD. */
  balances?: DoubleBalance[];
  /** Milliseconds since the epoch, for key and token expiry and usage dates. Default Date.now. */
  now?: () => number;
  /**
   * GET /v1/projects/{id}/keys/{key_id}: 'flat' `{member, api_key}` (docs, older SDKs; default) or 'item'
   * `{item:{member:{…, api_key}}}` (the spec). Which one the live API sends is unconfirmed.
   */
  keyDetailsShape?: 'flat' | 'item';
  /**
   * GET /v1/auth/token: 'full' (default) adds the inferred fields to the documented `api_key_id`, `created`,
   * `scopes`; 'minimal' sends only those three, so a client can be tested against the least it may get.
   */
  tokenDetails?: 'full' | 'minimal';
}

export interface RequestRecord {
  /** The request id, also sent as dg-request-id. */
  id: string;
  method: string;
  path: string;
  query: Record<string, string[]>;
  contentType?: string;
  /** Request-body bytes received (streaming: binary audio bytes received so far). */
  bytes: number;
  /** HTTP status sent; 101 for an accepted WebSocket; 0 while pending or when the connection was destroyed. */
  status: number;
  /** Authorization scheme word as sent (e.g. "Token", "token"); "subprotocol:token" for Sec-WebSocket-Protocol auth. */
  authScheme?: string;
  /** The `url` of a JSON `{"url"}` body, as sent (set before the double tries to fetch it). */
  remoteUrl?: string;
  /**
   * api_key_id of the key whose credential was sent, whether or not it was accepted (expired, too weak); for a grant
   * token, the key that minted it (Deepgram bills token use to that accessor).
   */
  apiKeyId?: string;
  /** Project of that key. */
  projectId?: string;
  /** /v1/listen only: the `tag` query values. */
  tags?: string[];
  /**
   * WebSocket /v1/listen only (0 at the 101, updated with every audio frame): the most audio seconds the client was
   * ever ahead of 1.25 × the wall-clock time since its first audio frame, beyond a 1 s burst allowance.
   * 0 for a client that sends audio in real time; a client streaming a file as fast as it can gets about its
   * duration minus 1 s.
   */
  fasterThanRealtime?: number;
}

export interface DeepgramDouble {
  readonly url: string;
  readonly requests: readonly RequestRecord[];
  /** Whether this double acts as a regional host. */
  readonly regional: boolean;
  /** The keys, tokens, projects and usage this double serves; pass the double as `sharedWith` to share them. */
  readonly account: DoubleAccount;
  /** Adds a key to the (possibly shared) account; throws on a duplicate apiKeyId or a bad expiresAt. */
  addKey(k: DoubleKey): void;
  /** The project's keys that still exist (deleted ones are gone; expired ones stay, marked), oldest first. */
  keysOf(projectId: string): DoubleKeyInfo[];
  /** Replaces one project's balances; throws for a project no key belongs to. */
  setBalances(projectId: string, balances: DoubleBalance[]): void;
  failNext(f: DoubleFailure, times?: number): void;
  clearFailures(): void;
  /** Ends every open /v1/listen WebSocket at once, without a close frame (the client sees 1006); returns how many. */
  dropLiveConnections(): number;
  setSpeech(text: string, sha256?: string): void;
  close(): Promise<void>;
}
