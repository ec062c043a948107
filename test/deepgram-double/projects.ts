import type { RegisteredKey } from './auth';
import { insufficientPermissions } from './errors';
import type { DgError } from './errors';

export interface ProjectsResponse {
  projects: { project_id: string; name: string }[];
}

/** GET /v1/projects: the key's own project, or 401 INSUFFICIENT_PERMISSIONS for a usage-only key. */
export function listProjects(key: RegisteredKey, requestId: string): { status: 200; body: ProjectsResponse } | DgError {
  if (!key.canListProjects) return insufficientPermissions(requestId);
  return { status: 200, body: { projects: [{ project_id: key.projectId, name: key.projectName }] } };
}
