import { DeepgramClient, DeepgramError } from '@deepgram/sdk';
import { AppError } from '../../../common/errors';
import { capText } from '../../../common/text';
import { deepgramStatusError, parseErrorBody, toDeepgramAppError } from './deepgram-errors';

/** The only host that serves Deepgram's management routes (projects, keys, usage, balances). */
export const globalDeepgramUrl = 'https://api.deepgram.com';

/** What Deepgram says about a key itself. */
export interface TokenDetails {
  apiKeyId: string | null;
  scopes: string[];
  comment: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  /** Present when the answer names the key's project. */
  projectId: string | null;
}

export interface ProjectInfo {
  projectId: string;
  name: string;
}

export interface ApiKeyInfo {
  apiKeyId: string;
  comment: string | null;
  scopes: string[];
  tags: string[];
  createdAt: string | null;
  expiresAt: string | null;
  member: { memberId: string | null; email: string | null } | null;
}

/** When a key created by the app stops working. */
export type KeyExpiry = { kind: 'never' } | { kind: 'ttl'; seconds: number } | { kind: 'date'; date: string };

export interface CreateKeyRequest {
  comment: string;
  scopes: string[];
  tags?: string[];
  expiry?: KeyExpiry;
}

/** A key Deepgram just created: `key` is the secret, shown only in this answer. */
export interface CreatedKey {
  apiKeyId: string;
  key: string;
  comment: string | null;
  scopes: string[];
  tags: string[];
  expiresAt: string | null;
}

export interface BalanceInfo {
  balanceId: string | null;
  amount: number;
  units: string;
}

export interface DateRange {
  /** `YYYY-MM-DD` */
  start: string;
  /** `YYYY-MM-DD` */
  end: string;
}

export interface UsageTotals {
  start: string | null;
  end: string | null;
  requests: number;
  hours: number;
}

export interface TagUsage {
  /** The tags of a group of requests; empty for requests sent without tags. */
  tags: string[];
  requests: number;
  hours: number;
}

export interface ListenProbeResult {
  requestId: string | null;
}

export interface ManagementClientOptions {
  /** Where management calls go: Deepgram's global host; tests pass a double's URL. */
  globalBaseUrl?: string;
  fetch?: typeof fetch;
  /** Per request; management answers are small, so a stuck call ends early. */
  timeoutSeconds?: number;
}

type Json = Record<string, unknown>;

const record = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? capText(value, 500) : null);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => capText(v, 200)) : []);
const number = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function toApiKeyInfo(apiKey: Json, member: Json | null): ApiKeyInfo | null {
  const apiKeyId = text(apiKey['api_key_id']);
  if (!apiKeyId) return null;
  return {
    apiKeyId,
    comment: text(apiKey['comment']),
    scopes: strings(apiKey['scopes']),
    tags: strings(apiKey['tags']),
    createdAt: text(apiKey['created']),
    expiresAt: text(apiKey['expiration_date']),
    member: member ? { memberId: text(member['member_id']), email: text(member['email']) } : null,
  };
}

/** `GET /keys/{id}` answers `{item:{member:{…, api_key}}}` in the spec and `{member, api_key}` in the docs: both are read. */
export function parseKeyAnswer(body: unknown): ApiKeyInfo | null {
  const root = record(body);
  const item = record(root['item']);
  const nestedMember = record(item['member']);
  if (nestedMember['api_key']) return toApiKeyInfo(record(nestedMember['api_key']), nestedMember);
  if (item['api_key']) return toApiKeyInfo(record(item['api_key']), item['member'] ? record(item['member']) : null);
  if (root['api_key']) return toApiKeyInfo(record(root['api_key']), root['member'] ? record(root['member']) : null);
  return null;
}

/** `GET /v1/auth/token`: read flat or under `api_key`, whichever the answer uses. */
export function parseTokenDetails(body: unknown): TokenDetails {
  const root = record(body);
  const apiKey = root['api_key'] ? record(root['api_key']) : root;
  return {
    apiKeyId: text(apiKey['api_key_id']) ?? text(root['api_key_id']),
    scopes: strings(apiKey['scopes']).length ? strings(apiKey['scopes']) : strings(root['scopes']),
    comment: text(apiKey['comment']),
    createdAt: text(apiKey['created']) ?? text(root['created']),
    expiresAt: text(apiKey['expiration_date']) ?? text(root['expiration_date']),
    projectId: text(root['project_id']) ?? text(apiKey['project_id']),
  };
}

/** A few hundred milliseconds of silence as a 16 kHz, 16-bit mono WAV, made in memory. */
export function silentWav(durationMs = 250, sampleRate = 16_000): Buffer {
  const dataBytes = Math.round((sampleRate * durationMs) / 1000) * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  return wav;
}

/** The message for a management call the key's role may not make. */
export function roleTooSmall(what: string, status: number, requestId?: string): AppError {
  return new AppError(
    'KEY_PERMISSIONS',
    `Not available for this key’s role: Deepgram refused ${what} (${status}). A key with a larger role (Member, Admin or Owner) can do this.`,
    { status, ...(requestId ? { requestId } : {}) },
  );
}

/**
 * Deepgram's management API (projects, keys, usage, balances) on the global host, and a tiny
 * listen request that proves a key on any endpoint. Every error is an AppError whose text never
 * carries the key that was sent.
 */
export class ManagementClient {
  readonly globalBaseUrl: string;
  private readonly fetch: typeof fetch | undefined;
  private readonly timeoutSeconds: number;

  constructor(options: ManagementClientOptions = {}) {
    this.globalBaseUrl = (options.globalBaseUrl ?? globalDeepgramUrl).replace(/\/+$/, '');
    this.fetch = options.fetch;
    this.timeoutSeconds = options.timeoutSeconds ?? 20;
  }

  private client(key: string, baseUrl = this.globalBaseUrl): DeepgramClient {
    return new DeepgramClient({ apiKey: key, baseUrl, ...(this.fetch ? { fetch: this.fetch } : {}) });
  }

  private requestOptions(signal?: AbortSignal): { timeoutInSeconds: number; maxRetries: number; abortSignal?: AbortSignal } {
    return { timeoutInSeconds: this.timeoutSeconds, maxRetries: 0, ...(signal ? { abortSignal: signal } : {}) };
  }

  /** Runs one management call, mapping failures: role too small, no management routes, the rest as usual. */
  private async call<T>(key: string, what: string, run: (client: DeepgramClient) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await run(this.client(key));
    } catch (error) {
      if (error instanceof DeepgramError && typeof error.statusCode === 'number' && !signal?.aborted) {
        throw this.statusError(key, what, error.statusCode, error.body, error.rawResponse?.headers);
      }
      throw toDeepgramAppError(error, { aborted: signal?.aborted ?? false, host: new URL(this.globalBaseUrl).host, secret: key });
    }
  }

  private statusError(key: string, what: string, status: number, body: unknown, headers?: { get(name: string): string | null }): AppError {
    const scrub = (value: string): string => value.split(key).join('[redacted]');
    const parsed = parseErrorBody(body);
    const requestId = parsed.requestId ?? headers?.get('dg-request-id') ?? undefined;
    const id = requestId ? capText(scrub(requestId), 128) : undefined;
    // A 403 on a management route is about the key's role (FORBIDDEN), not about a model.
    if (status === 403 || (status === 401 && parsed.code === 'INSUFFICIENT_PERMISSIONS')) return roleTooSmall(what, status, id);
    if (status === 404) {
      // A missing project or key is named as such; any other 404 means the host has no such route.
      const missing = parsed.code === 'PROJECT_NOT_FOUND' || /project|key|uuid/i.test(parsed.message ?? '');
      return new AppError(
        'NOT_FOUND',
        missing
          ? `Deepgram found nothing for ${what} (404): the project or key does not exist, or this key does not belong to it.`
          : `${new URL(this.globalBaseUrl).host} does not serve Deepgram’s management routes (404). Project, key and usage details come only from api.deepgram.com.`,
        { status, ...(id ? { requestId: id } : {}) },
      );
    }
    return deepgramStatusError(status, body, headers, scrub);
  }

  /** `GET /v1/auth/token`: whether the key is valid, and its id, scopes and expiry. */
  async tokenDetails(key: string, signal?: AbortSignal): Promise<TokenDetails> {
    const host = new URL(this.globalBaseUrl).host;
    const timeout = AbortSignal.timeout(this.timeoutSeconds * 1000);
    let response: Response;
    try {
      response = await (this.fetch ?? fetch)(`${this.globalBaseUrl}/v1/auth/token`, {
        headers: { Authorization: `Token ${key}`, Accept: 'application/json' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) throw new AppError('TIMEOUT', `${host} did not answer in time. Check your connection and try again.`, { cause: error });
      throw toDeepgramAppError(error, { aborted: signal?.aborted ?? false, host, secret: key });
    }
    const body = await response.text().catch(() => '');
    if (!response.ok) throw this.statusError(key, 'reading this key’s details', response.status, body, response.headers);
    try {
      return parseTokenDetails(JSON.parse(body) as unknown);
    } catch {
      throw new AppError('DEEPGRAM_ERROR', `${host} answered the key check with something that is not Deepgram’s JSON.`, { status: response.status });
    }
  }

  /** `GET /v1/projects`: the projects the key belongs to. */
  async listProjects(key: string, signal?: AbortSignal): Promise<ProjectInfo[]> {
    const answer = await this.call(key, 'listing projects', (c) => c.manage.v1.projects.list(this.requestOptions(signal)), signal);
    const projects = Array.isArray(answer.projects) ? answer.projects : [];
    return projects.flatMap((p) => {
      const projectId = text(p.project_id);
      return projectId ? [{ projectId, name: text(p.name) ?? '' }] : [];
    });
  }

  /** `GET /v1/projects/{id}/keys`: the keys this key may see in the project. */
  async listKeys(key: string, projectId: string, signal?: AbortSignal): Promise<ApiKeyInfo[]> {
    const answer = await this.call(key, 'listing keys', (c) => c.manage.v1.projects.keys.list(projectId, {}, this.requestOptions(signal)), signal);
    const items = Array.isArray(answer.api_keys) ? answer.api_keys : [];
    return items.flatMap((item) => {
      const info = toApiKeyInfo(record(item.api_key), item.member ? record(item.member) : null);
      return info ? [info] : [];
    });
  }

  /** `POST /v1/projects/{id}/keys`: a new key with exactly these scopes; its secret is in the answer only. */
  async createKey(key: string, projectId: string, request: CreateKeyRequest, signal?: AbortSignal): Promise<CreatedKey> {
    const expiry = request.expiry ?? { kind: 'never' };
    const body = {
      comment: request.comment,
      scopes: request.scopes,
      ...(request.tags?.length ? { tags: request.tags } : {}),
      ...(expiry.kind === 'ttl' ? { time_to_live_in_seconds: expiry.seconds } : {}),
      ...(expiry.kind === 'date' ? { expiration_date: expiry.date } : {}),
    };
    const answer = await this.call(key, 'creating keys', (c) => c.manage.v1.projects.keys.create(projectId, body, this.requestOptions(signal)), signal);
    const created = record(answer);
    const apiKeyId = text(created['api_key_id']);
    const secret = typeof created['key'] === 'string' ? created['key'] : '';
    if (!apiKeyId || !secret) throw new AppError('DEEPGRAM_ERROR', 'Deepgram created no usable key: its answer lacked the key or its id.');
    return {
      apiKeyId,
      key: secret,
      comment: text(created['comment']),
      scopes: strings(created['scopes']),
      tags: strings(created['tags']),
      expiresAt: text(created['expiration_date']),
    };
  }

  /** `GET /v1/projects/{id}/keys/{keyId}`: one key's scopes, tags and expiry. */
  async getKey(key: string, projectId: string, keyId: string, signal?: AbortSignal): Promise<ApiKeyInfo> {
    const answer = await this.call(key, 'reading key details', (c) => c.manage.v1.projects.keys.get(projectId, keyId, this.requestOptions(signal)), signal);
    const info = parseKeyAnswer(answer);
    if (!info) throw new AppError('DEEPGRAM_ERROR', 'Deepgram’s answer about the key had no key in it.');
    return info;
  }

  /** `DELETE /v1/projects/{id}/keys/{keyId}`: revokes a key at once. */
  async deleteKey(key: string, projectId: string, keyId: string, signal?: AbortSignal): Promise<void> {
    await this.call(key, 'deleting keys', (c) => c.manage.v1.projects.keys.delete(projectId, keyId, this.requestOptions(signal)), signal);
  }

  /** `GET /v1/projects/{id}/balances`: the project's remaining credit (Admin or Owner). */
  async balances(key: string, projectId: string, signal?: AbortSignal): Promise<BalanceInfo[]> {
    const answer = await this.call(key, 'reading the balance', (c) => c.manage.v1.projects.billing.balances.list(projectId, this.requestOptions(signal)), signal);
    const items = Array.isArray(answer.balances) ? answer.balances : [];
    return items.map((b) => ({ balanceId: text(b.balance_id), amount: number(b.amount), units: text(b.units) ?? '' }));
  }

  /** `GET /v1/projects/{id}/usage`: requests and hours in the range, optionally for one tag. */
  async usage(key: string, projectId: string, range: DateRange & { tag?: string }, signal?: AbortSignal): Promise<UsageTotals> {
    const query = { start: range.start, end: range.end, ...(range.tag ? { tag: range.tag } : {}) };
    const answer = record(await this.call(key, 'reading usage', (c) => c.manage.v1.projects.usage.get(projectId, query, this.requestOptions(signal)), signal));
    // The spec lost `results`; the real answer and older SDKs carry it.
    const results = Array.isArray(answer['results']) ? answer['results'].map(record) : [];
    return {
      start: text(answer['start']),
      end: text(answer['end']),
      requests: results.reduce((sum, r) => sum + number(r['requests']), 0),
      hours: results.reduce((sum, r) => sum + number(r['hours']), 0),
    };
  }

  /** `GET /v1/projects/{id}/usage/breakdown?grouping=tags`: requests and hours per tag set. */
  async usageByTag(key: string, projectId: string, range: DateRange, signal?: AbortSignal): Promise<TagUsage[]> {
    const answer = record(
      await this.call(
        key,
        'reading usage by tag',
        (c) => c.manage.v1.projects.usage.breakdown.get(projectId, { start: range.start, end: range.end, grouping: 'tags' }, this.requestOptions(signal)),
        signal,
      ),
    );
    const results = Array.isArray(answer['results']) ? answer['results'].map(record) : [];
    return results.map((r) => ({ tags: strings(record(r['grouping'])['tags']), requests: number(r['requests']), hours: number(r['hours']) }));
  }

  /**
   * A `POST /v1/listen` of a quarter second of silence to `baseUrl`: proves a key where no
   * management route exists (regional and dedicated hosts). Deepgram bills it as a tiny request.
   */
  async listenProbe(credentials: { key: string; baseUrl: string }, signal?: AbortSignal): Promise<ListenProbeResult> {
    const host = new URL(credentials.baseUrl).host;
    try {
      const { rawResponse } = await this.client(credentials.key, credentials.baseUrl)
        .listen.v1.media.transcribeFile(silentWav(), {}, this.requestOptions(signal))
        .withRawResponse();
      return { requestId: rawResponse.headers.get('dg-request-id') };
    } catch (error) {
      if (error instanceof DeepgramError && error.statusCode === 404) {
        throw new AppError('NOT_FOUND', `${host} does not serve Deepgram’s transcription route /v1/listen (404). Check the endpoint URL.`, { status: 404 });
      }
      throw toDeepgramAppError(error, { aborted: signal?.aborted ?? false, host, secret: credentials.key });
    }
  }
}
