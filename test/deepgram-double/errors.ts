import { STATUS_CODES } from 'node:http';

/** Deepgram error bodies (contract §3): legacy `err_code/err_msg`, modern `category/message/details`, and the odd 503. */
export type ErrorBody = Readonly<Record<string, string>>;

export interface DgError {
  status: number;
  /** A string is sent as a plain-text body. */
  body: ErrorBody | string;
}

/** The human-readable message of an error, for places that carry only text (a refused WebSocket upgrade). */
export function errorMessage({ status, body }: DgError): string {
  if (typeof body === 'string') return body;
  return body['err_msg'] ?? body['message'] ?? STATUS_CODES[status] ?? 'Error';
}

function legacy(status: number, errCode: string, errMsg: string, requestId: string): DgError {
  return { status, body: { err_code: errCode, err_msg: errMsg, request_id: requestId } };
}

export function invalidAuth(requestId: string): DgError {
  return legacy(401, 'INVALID_AUTH', 'Invalid credentials.', requestId);
}

export function insufficientPermissions(requestId: string): DgError {
  return legacy(401, 'INSUFFICIENT_PERMISSIONS', 'User does not have sufficient permissions.', requestId);
}

/** `/v1/auth/grant` with a key below Member; documented without a request_id. */
export function forbidden(): DgError {
  return { status: 403, body: { err_code: 'FORBIDDEN', err_msg: 'Insufficient permissions.' } };
}

/** A project id that is not the key's own (unknown, deleted or another account's); documented without a request_id. */
export function projectNotFound(): DgError {
  return { status: 404, body: { err_code: 'PROJECT_NOT_FOUND', err_msg: 'Project not found.' } };
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A project id that is not a UUID: Deepgram answers 404 in plain text. The "invalid character" wording is
 * documented; the length variant is invented along the same lines.
 */
export function malformedProjectId(id: string): DgError | undefined {
  if (UUID_SHAPE.test(id)) return undefined;
  const bad = [...id].findIndex((c) => !/[0-9a-fA-F-]/.test(c));
  const detail =
    bad >= 0
      ? `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${id[bad] ?? ''}\` at ${bad + 1}`
      : `invalid length: expected 36 characters, found ${id.length}`;
  return { status: 404, body: `UUID parsing failed: ${detail}` };
}

/** Invented: no body is documented for an unknown key id. */
export function keyNotFound(requestId: string): DgError {
  return legacy(404, 'NOT_FOUND', 'API key not found.', requestId);
}

/** A request the management API cannot act on (wording invented; the legacy shape is Deepgram's usual one). */
export function badRequest(requestId: string, message: string): DgError {
  return legacy(400, 'Bad Request', message, requestId);
}

/**
 * What a regional host answers for a route it does not serve (management, /v1/auth/*, /v1/models). Undocumented,
 * so invented, and deliberately plain text: a client must conclude "this host has no such route" from the 404 and
 * its own knowledge of the host, never from an error code it cannot count on in production.
 */
export function regionalNotFound(): DgError {
  return { status: 404, body: 'Not Found' };
}

export function corruptAudio(requestId: string): DgError {
  return legacy(400, 'Bad Request', 'Bad Request: failed to process audio: corrupt or unsupported data', requestId);
}

export function unprocessableJson(requestId: string): DgError {
  return legacy(
    400,
    'Bad Request',
    'Content-type was application/json, but we could not process the JSON payload.',
    requestId,
  );
}

export function invalidJson(requestId: string, details: string): DgError {
  return {
    status: 400,
    body: { category: 'INVALID_JSON', message: 'Invalid JSON submitted.', details, request_id: requestId },
  };
}

export function noSuchModel(requestId: string): DgError {
  return legacy(400, 'Bad Request', 'Bad Request: No such model/language/tier combination found.', requestId);
}

export function invalidQueryParameter(requestId: string, detail: string): DgError {
  return legacy(400, 'INVALID_QUERY_PARAMETER', `Failed to deserialize query parameters: ${detail}`, requestId);
}

export function remoteContentError(requestId: string, message: string): DgError {
  return legacy(400, 'REMOTE_CONTENT_ERROR', message, requestId);
}

export function notFound(requestId: string): DgError {
  return legacy(404, 'NOT_FOUND', 'Not Found', requestId);
}

export function methodNotAllowed(requestId: string): DgError {
  return legacy(405, 'METHOD_NOT_ALLOWED', 'Method Not Allowed', requestId);
}

/**
 * The body Deepgram answers with for an HTTP status, used by failNext({kind:'status'}). Statuses the contract
 * documents get their documented body; the others get a body marked invented below, so no client test should
 * pin its wording.
 */
export function errorForStatus(status: number, requestId: string): DgError {
  switch (status) {
    case 400:
      return invalidJson(requestId, 'Json deserialize error: missing field `url` at line 1 column 2');
    case 401:
      return invalidAuth(requestId);
    case 402:
      return legacy(
        402,
        'ASR_PAYMENT_REQUIRED',
        'Project does not have enough credits for an ASR request and does not have an overage agreement.',
        requestId,
      );
    case 403:
      return legacy(403, 'INSUFFICIENT_PERMISSIONS', 'Project does not have access to the requested model.', requestId);
    case 404:
      return projectNotFound();
    case 408:
      // Invented status pairing: users report this body on slow uploads without saying which status came with it.
      return legacy(408, 'SLOW_UPLOAD', 'Request upload timeout.', requestId);
    case 413:
      // Shape and code as documented for text bodies of other endpoints; the 2 GB figure is the listen limit (message invented).
      return legacy(413, 'PAYLOAD_TOO_LARGE', 'Payload size exceeds limit of 2 GB.', requestId);
    case 422:
      return legacy(422, 'ASR_UNPROCESSABLE_ENTITY', 'Unable to read the entire client request.', requestId);
    case 429:
      return legacy(429, 'TOO_MANY_REQUESTS', 'Too many requests. Please try again later', requestId);
    case 500:
      // Invented: no 500 body is documented.
      return legacy(500, 'INTERNAL_SERVER_ERROR', 'Internal server error. Please try again later.', requestId);
    case 502:
      // Invented: undocumented; answered as plain text, the way a gateway in front of the service would.
      return { status, body: 'Bad Gateway' };
    case 503:
      // Deepgram documents this one with `error_code`, not `err_code`.
      return { status, body: { error_code: 'Service Unavailable', err_msg: 'Please try again later', request_id: requestId } };
    case 504:
      // Invented: the processing-time limit answers 504 with an undocumented body; plain text "Gateway Timeout"
      // makes clients exercise their non-JSON path.
      return { status, body: 'Gateway Timeout' };
    default: {
      // Invented: HTTP reason phrase in the legacy shape.
      const phrase = STATUS_CODES[status] ?? 'Error';
      return legacy(status, phrase, phrase, requestId);
    }
  }
}
