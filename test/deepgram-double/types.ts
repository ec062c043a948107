export interface DoubleKey {
  key: string;
  projectName?: string;
  projectId?: string;
  /** Default true; false → 401 INSUFFICIENT_PERMISSIONS on /v1/projects (a usage-only key). */
  canListProjects?: boolean;
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
  /** Streaming: close 1011/NET-0001 after this long without a client frame. Default 10000. */
  idleTimeoutMs?: number;
  /** Extra CA (PEM) trusted when fetching `{"url"}` media over https; NODE_EXTRA_CA_CERTS also applies. */
  ca?: string;
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
}

export interface DeepgramDouble {
  readonly url: string;
  readonly requests: readonly RequestRecord[];
  addKey(k: DoubleKey): void;
  failNext(f: DoubleFailure, times?: number): void;
  clearFailures(): void;
  setSpeech(text: string, sha256?: string): void;
  close(): Promise<void>;
}
