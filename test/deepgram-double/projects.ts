import type { AccountKey, DoubleAccount, ProjectBalance } from './account';
import { insufficientPermissions, malformedProjectId, projectNotFound } from './errors';
import type { DgError } from './errors';

export type ApiReply<T extends object = object> = { status: 200; body: T } | DgError;

export interface ProjectsResponse {
  projects: { project_id: string; name: string }[];
}

/** 401 INSUFFICIENT_PERMISSIONS unless the key holds `permission`. */
export function requirePermission(key: AccountKey, permission: string, requestId: string): DgError | undefined {
  return key.permissions.has(permission) ? undefined : insufficientPermissions(requestId);
}

/** A project id the key may address: its own. Malformed ids get Deepgram's plain-text 404, others PROJECT_NOT_FOUND. */
export function checkProject(key: AccountKey, projectId: string): DgError | undefined {
  if (projectId === key.projectId) return undefined;
  return malformedProjectId(projectId) ?? projectNotFound();
}

/** GET /v1/projects: the key's own project (`project:read`). */
export function listProjects(account: DoubleAccount, key: AccountKey, requestId: string): ApiReply<ProjectsResponse> {
  const refused = requirePermission(key, 'project:read', requestId);
  if (refused) return refused;
  const name = account.project(key.projectId)?.name ?? '';
  return { status: 200, body: { projects: [{ project_id: key.projectId, name }] } };
}

/** GET /v1/projects/{id} (`project:read`); `limit`/`page` are accepted and ignored (one project, no members listed). */
export function getProject(account: DoubleAccount, key: AccountKey, projectId: string, requestId: string): ApiReply {
  const refused = checkProject(key, projectId) ?? requirePermission(key, 'project:read', requestId);
  if (refused) return refused;
  const name = account.project(projectId)?.name ?? '';
  return { status: 200, body: { project_id: projectId, name, mip_opt_out: false } };
}

/** GET /v1/projects/{id}/balances (`billing:read`: Owner and Admin only). */
export function listBalances(
  account: DoubleAccount,
  key: AccountKey,
  projectId: string,
  requestId: string,
): ApiReply<{ balances: ProjectBalance[] }> {
  const refused = checkProject(key, projectId) ?? requirePermission(key, 'billing:read', requestId);
  if (refused) return refused;
  return { status: 200, body: { balances: account.balancesOf(projectId) } };
}
