import { STATUS_CODES } from 'node:http';

/** Deepgram error bodies (contract §3): legacy `err_code/err_msg`, modern `category/message/details`, and the odd 503. */
export type ErrorBody = Readonly<Record<string, string>>;

export interface DgError {
  status: number;
  body: ErrorBody;
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

/** The body Deepgram documents for an HTTP status, used by failNext({kind:'status'}). */
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
      // Documented without a request_id.
      return { status, body: { err_code: 'PROJECT_NOT_FOUND', err_msg: 'Project not found.' } };
    case 422:
      return legacy(422, 'ASR_UNPROCESSABLE_ENTITY', 'Unable to read the entire client request.', requestId);
    case 429:
      return legacy(429, 'TOO_MANY_REQUESTS', 'Too many requests. Please try again later', requestId);
    case 500:
      return legacy(500, 'INTERNAL_SERVER_ERROR', 'Internal server error. Please try again later.', requestId);
    case 503:
      // Deepgram documents this one with `error_code`, not `err_code`.
      return { status, body: { error_code: 'Service Unavailable', err_msg: 'Please try again later', request_id: requestId } };
    default: {
      const phrase = STATUS_CODES[status] ?? 'Error';
      return legacy(status, phrase, phrase, requestId);
    }
  }
}
