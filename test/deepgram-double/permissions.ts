/** Project roles a key can be given; `default` is Console's "use Deepgram services only" key. */
export type KeyRole = 'owner' | 'admin' | 'member' | 'default';

/** Ordered weakest first: a key's level is the strongest role whose permissions it holds in full. */
const LEVELS: readonly KeyRole[] = ['default', 'member', 'admin', 'owner'];

const GROUP_ACTIONS = [':read', ':read:invites', ':read:scopes', ':write', ':write:invites', ':write:scopes', ':write:kick'];

const OWNER: readonly string[] = [
  'project:read', 'project:write', 'project:write:settings', 'project:write:destroy',
  'keys:read', 'keys:write',
  ...['members', 'admins', 'owners'].flatMap((group) => GROUP_ACTIONS.map((action) => `${group}${action}`)),
  'usage:read', 'usage:write', 'billing:read', 'billing:write',
];

const NOT_ADMIN: readonly string[] = [
  'project:write:settings', 'project:write:destroy', 'owners:write', 'owners:write:invites', 'owners:write:scopes',
  'owners:write:kick', 'billing:write',
];

/** What each project role implies, per Deepgram's roles table. */
export const ROLE_PERMISSIONS: Readonly<Record<KeyRole, readonly string[]>> = {
  owner: OWNER,
  admin: OWNER.filter((p) => !NOT_ADMIN.includes(p)),
  member: ['project:read', 'project:write', 'keys:read', 'keys:write', 'usage:read', 'usage:write'],
  // Inferred: the least a key can do and still transcribe.
  default: ['usage:write'],
};

function isRole(scope: string): scope is KeyRole {
  return Object.hasOwn(ROLE_PERMISSIONS, scope);
}

/** Expands role-name scopes (`member`, `admin`, …) and implications (`project:write` → `project:read`). */
export function permissionsOf(scopes: readonly string[]): Set<string> {
  const permissions = new Set<string>();
  for (const scope of scopes) {
    for (const p of isRole(scope) ? ROLE_PERMISSIONS[scope] : [scope]) permissions.add(p);
  }
  if (permissions.has('project:write')) permissions.add('project:read');
  return permissions;
}

/** The strongest role whose implied permissions are all held (inferred rule: roles are nested sets). */
export function levelOf(permissions: ReadonlySet<string>): KeyRole {
  let level: KeyRole = 'default';
  for (const role of LEVELS) {
    if (ROLE_PERMISSIONS[role].every((p) => permissions.has(p))) level = role;
  }
  return level;
}

/** Whether `level` is at least `wanted` (`/v1/auth/grant` needs member). */
export function atLeast(level: KeyRole, wanted: KeyRole): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(wanted);
}
