import type { AccountKey, DoubleAccount } from './account';
import { methodNotAllowed, notFound } from './errors';
import { grantToken } from './grant';
import type { JsonBody } from './json-body';
import { createKey, deleteKey, getKey, listKeys, tokenDetails } from './keys-api';
import type { Query } from './listen-params';
import { getProject, listBalances, listProjects } from './projects';
import type { ApiReply } from './projects';
import { usageBreakdown, usageSummary } from './usage-api';

export interface ManagementRequest {
  method: string;
  path: string;
  query: Query;
  requestId: string;
  readBody(): Promise<JsonBody>;
}

export interface ManagementOptions {
  keyDetailsShape: 'flat' | 'item';
  tokenDetails: 'full' | 'minimal';
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

type Handler = (params: string[]) => ApiReply | Promise<ApiReply>;

/** The management and auth routes of the global host, for an authenticated API key (never a grant token). */
export async function routeManagement(
  account: DoubleAccount,
  key: AccountKey,
  req: ManagementRequest,
  opts: ManagementOptions,
): Promise<ApiReply> {
  const { requestId, query } = req;
  const body = (): Promise<JsonBody> => req.readBody();
  const routes: [RegExp, Partial<Record<string, Handler>>][] = [
    [/^\/v1\/auth\/token$/, { GET: () => tokenDetails(key, opts.tokenDetails) }],
    [/^\/v1\/auth\/grant$/, { POST: async () => grantToken(account, key, await body(), requestId) }],
    [/^\/v1\/projects$/, { GET: () => listProjects(account, key, requestId) }],
    [/^\/v1\/projects\/([^/]+)$/, { GET: ([pid = '']) => getProject(account, key, pid, requestId) }],
    [
      /^\/v1\/projects\/([^/]+)\/keys$/,
      {
        GET: ([pid = '']) => listKeys(account, key, pid, query, requestId),
        POST: async ([pid = '']) => createKey(account, key, pid, await body(), requestId),
      },
    ],
    [
      /^\/v1\/projects\/([^/]+)\/keys\/([^/]+)$/,
      {
        GET: ([pid = '', kid = '']) => getKey(account, key, pid, kid, opts.keyDetailsShape, requestId),
        DELETE: ([pid = '', kid = '']) => deleteKey(account, key, pid, kid, requestId),
      },
    ],
    [/^\/v1\/projects\/([^/]+)\/balances$/, { GET: ([pid = '']) => listBalances(account, key, pid, requestId) }],
    [/^\/v1\/projects\/([^/]+)\/usage$/, { GET: ([pid = '']) => usageSummary(account, key, pid, query, requestId) }],
    [/^\/v1\/projects\/([^/]+)\/usage\/breakdown$/, { GET: ([pid = '']) => usageBreakdown(account, key, pid, query, requestId) }],
  ];
  for (const [pattern, handlers] of routes) {
    const match = pattern.exec(req.path);
    if (!match) continue;
    const handler = handlers[req.method];
    if (!handler) return methodNotAllowed(requestId);
    return handler(match.slice(1).map(decodeSegment));
  }
  return notFound(requestId);
}
