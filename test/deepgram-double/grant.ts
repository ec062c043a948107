import type { AccountKey, DoubleAccount } from './account';
import { badRequest, forbidden, unprocessableJson } from './errors';
import type { JsonBody } from './json-body';
import { atLeast } from './permissions';
import type { ApiReply } from './projects';

const DEFAULT_TTL_SECONDS = 30;
const MAX_TTL_SECONDS = 3600;

/**
 * POST /v1/auth/grant: a temporary token for a key of Member level or higher (else 403 FORBIDDEN), with
 * `ttl_seconds` 1–3600 (default 30). The token carries only `usage:write`.
 */
export function grantToken(account: DoubleAccount, key: AccountKey, body: JsonBody, requestId: string): ApiReply {
  if (!atLeast(key.level, 'member')) return forbidden();
  if (!body.ok) return unprocessableJson(requestId);
  let ttl = DEFAULT_TTL_SECONDS;
  if (!body.empty) {
    const { value } = body;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return unprocessableJson(requestId);
    const requested = (value as Record<string, unknown>)['ttl_seconds'];
    if (requested !== undefined) {
      if (typeof requested !== 'number' || !(requested >= 1 && requested <= MAX_TTL_SECONDS)) {
        // Wording invented; the bounds are the ones the spec and the Python SDK used.
        return badRequest(requestId, `ttl_seconds must be a number between 1 and ${MAX_TTL_SECONDS}.`);
      }
      ttl = requested;
    }
  }
  return { status: 200, body: { access_token: account.mintToken(key, ttl), expires_in: ttl } };
}
