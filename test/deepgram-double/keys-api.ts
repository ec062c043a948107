import type { AccountKey, DoubleAccount } from './account';
import { badRequest, insufficientPermissions, invalidJson, invalidQueryParameter, keyNotFound, unprocessableJson } from './errors';
import type { DgError } from './errors';
import type { JsonBody } from './json-body';
import { first } from './listen-params';
import type { Query } from './listen-params';
import { permissionsOf } from './permissions';
import { checkProject, requirePermission } from './projects';
import type { ApiReply } from './projects';

/*
 * Reach over other keys, from the roles table: an Owner reads and writes every key of the project; an Admin reads
 * every key but its `keys:write` covers only keys its member created; a Member (and any narrower key) reads and
 * writes only keys its member created. "Created by the member" is modelled as "owned by the same project member":
 * keys minted through the API belong to the member of the key that minted them. A key the caller cannot reach is
 * left out of the list; addressed directly (GET/DELETE by id) it gets 401 INSUFFICIENT_PERMISSIONS (inferred:
 * "role too small" rather than pretending the key does not exist).
 */
function sameMember(caller: AccountKey, target: AccountKey): boolean {
  return caller.member.memberId === target.member.memberId;
}

function canRead(caller: AccountKey, target: AccountKey): boolean {
  return caller.level === 'owner' || caller.level === 'admin' || sameMember(caller, target);
}

function canWrite(caller: AccountKey, target: AccountKey): boolean {
  return caller.level === 'owner' || sameMember(caller, target);
}

const iso = (ms: number): string => new Date(ms).toISOString();

interface ApiKeyJson {
  api_key_id: string;
  comment: string;
  scopes: string[];
  created: string;
  tags?: string[];
  expiration_date?: string;
}

/** `tags` and `expiration_date` are omitted when empty, as the older reference docs describe. */
function apiKeyJson(k: AccountKey): ApiKeyJson {
  const json: ApiKeyJson = { api_key_id: k.apiKeyId, comment: k.comment, scopes: [...k.scopes], created: iso(k.created) };
  if (k.tags.length > 0) json.tags = [...k.tags];
  if (k.expiresAt !== undefined) json.expiration_date = iso(k.expiresAt);
  return json;
}

const memberJson = (k: AccountKey): { member_id: string; email: string } => ({ member_id: k.member.memberId, email: k.member.email });

/**
 * GET /v1/auth/token, for any live key. Deepgram documents only that a valid key gets "JSON details about the key";
 * older SDKs read `api_key_id`, `created` and `scopes`. The rest of the 'full' shape (comment, tags,
 * expiration_date, project_id) is inferred from the keys API, so clients must treat it as optional.
 */
export function tokenDetails(key: AccountKey, shape: 'full' | 'minimal'): ApiReply {
  const documented = { api_key_id: key.apiKeyId, created: iso(key.created), scopes: [...key.scopes] };
  if (shape === 'minimal') return { status: 200, body: documented };
  const body: Record<string, unknown> = { ...documented, comment: key.comment, project_id: key.projectId };
  if (key.tags.length > 0) body['tags'] = [...key.tags];
  if (key.expiresAt !== undefined) body['expiration_date'] = iso(key.expiresAt);
  return { status: 200, body };
}

/** GET /v1/projects/{id}/keys (`keys:read`), optionally `status=active|expired`. */
export function listKeys(account: DoubleAccount, caller: AccountKey, projectId: string, query: Query, requestId: string): ApiReply {
  const refused = checkProject(caller, projectId) ?? requirePermission(caller, 'keys:read', requestId);
  if (refused) return refused;
  const status = first(query, 'status');
  if (status !== undefined && status !== 'active' && status !== 'expired') {
    return invalidQueryParameter(requestId, `status: unknown variant \`${status}\`, expected \`active\` or \`expired\``);
  }
  const keys = account
    .keysOf(projectId)
    .filter((k) => canRead(caller, k))
    .filter((k) => status === undefined || account.isExpired(k) === (status === 'expired'));
  return { status: 200, body: { api_keys: keys.map((k) => ({ member: memberJson(k), api_key: apiKeyJson(k) })) } };
}

/** GET /v1/projects/{id}/keys/{key_id} (`keys:read`) in the flat shape, or the spec's `item` wrapper. */
export function getKey(
  account: DoubleAccount,
  caller: AccountKey,
  projectId: string,
  keyId: string,
  shape: 'flat' | 'item',
  requestId: string,
): ApiReply {
  const refused = checkProject(caller, projectId) ?? requirePermission(caller, 'keys:read', requestId);
  if (refused) return refused;
  const target = account.keyById(keyId);
  if (target?.projectId !== projectId) return keyNotFound(requestId);
  if (!canRead(caller, target)) return insufficientPermissions(requestId);
  const body =
    shape === 'flat'
      ? { member: memberJson(target), api_key: apiKeyJson(target) }
      : { item: { member: { ...memberJson(target), api_key: apiKeyJson(target) } } };
  return { status: 200, body };
}

/** DELETE /v1/projects/{id}/keys/{key_id} (`keys:write` over that key); the key stops working at once. */
export function deleteKey(account: DoubleAccount, caller: AccountKey, projectId: string, keyId: string, requestId: string): ApiReply {
  const refused = checkProject(caller, projectId) ?? requirePermission(caller, 'keys:write', requestId);
  if (refused) return refused;
  const target = account.keyById(keyId);
  if (target?.projectId !== projectId) return keyNotFound(requestId);
  if (!canWrite(caller, target)) return insufficientPermissions(requestId);
  account.deleteKey(keyId);
  // Message text invented; the `{message}` shape is the spec's.
  return { status: 200, body: { message: 'Successfully deleted the API key.' } };
}

interface KeyRequest {
  comment: string;
  scopes: string[];
  tags: string[];
  expiresAt?: number;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Validates a create-key body the way a serde-based server would: missing/mistyped fields → INVALID_JSON. */
function parseKeyRequest(body: JsonBody, now: number, requestId: string): KeyRequest | DgError {
  if (!body.ok || body.empty || typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    return unprocessableJson(requestId);
  }
  const fields = body.value as Record<string, unknown>;
  const deserialize = (detail: string): DgError => invalidJson(requestId, `Json deserialize error: ${detail}`);
  const { comment, scopes, tags, expiration_date: expirationDate, time_to_live_in_seconds: ttl } = fields;
  if (comment === undefined) return deserialize('missing field `comment`');
  if (typeof comment !== 'string') return deserialize('invalid type for field `comment`, expected a string');
  if (scopes === undefined) return deserialize('missing field `scopes`');
  if (!isStringArray(scopes)) return deserialize('invalid type for field `scopes`, expected a sequence of strings');
  if (tags !== undefined && !isStringArray(tags)) return deserialize('invalid type for field `tags`, expected a sequence of strings');
  // The wording of the checks below is invented; only the rules are documented.
  if (scopes.length === 0) return badRequest(requestId, 'At least one scope is required.');
  if (expirationDate !== undefined && ttl !== undefined) {
    return badRequest(requestId, 'Only one of expiration_date and time_to_live_in_seconds may be set.');
  }
  const request: KeyRequest = { comment, scopes, tags: tags ?? [] };
  if (expirationDate !== undefined) {
    const at = typeof expirationDate === 'string' ? Date.parse(expirationDate) : Number.NaN;
    if (Number.isNaN(at)) return badRequest(requestId, 'expiration_date must be an ISO-8601 date.');
    if (at <= now) return badRequest(requestId, 'expiration_date must be in the future.');
    request.expiresAt = at;
  }
  if (ttl !== undefined) {
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1) {
      return badRequest(requestId, 'time_to_live_in_seconds must be a positive whole number.');
    }
    request.expiresAt = now + ttl * 1000;
  }
  return request;
}

/**
 * POST /v1/projects/{id}/keys (`keys:write`). A key may grant only permissions it holds itself (role names expand
 * to their permissions), else 401 INSUFFICIENT_PERMISSIONS: a Member mints Member-or-narrower keys, an Admin no
 * Owner keys. The secret `key` appears only in this reply.
 */
export function createKey(account: DoubleAccount, caller: AccountKey, projectId: string, body: JsonBody, requestId: string): ApiReply {
  const refused = checkProject(caller, projectId) ?? requirePermission(caller, 'keys:write', requestId);
  if (refused) return refused;
  const request = parseKeyRequest(body, account.now(), requestId);
  if ('status' in request) return request;
  const wanted = permissionsOf(request.scopes);
  if ([...wanted].some((p) => !caller.permissions.has(p))) return insufficientPermissions(requestId);
  const created = account.createKey(caller, request);
  const reply: Record<string, unknown> = {
    api_key_id: created.apiKeyId,
    key: created.key,
    comment: created.comment,
    scopes: [...created.scopes],
    tags: [...created.tags],
  };
  if (created.expiresAt !== undefined) reply['expiration_date'] = iso(created.expiresAt);
  return { status: 200, body: reply };
}
