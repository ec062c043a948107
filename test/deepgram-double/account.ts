import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { stableUuid } from './models';
import { levelOf, permissionsOf } from './permissions';
import type { KeyRole } from './permissions';
import type { DoubleBalance, DoubleKey, DoubleKeyInfo } from './types';

export interface Member {
  memberId: string;
  email: string;
}

export interface AccountKey {
  key: string;
  apiKeyId: string;
  projectId: string;
  comment: string;
  /** As reported by the API. */
  scopes: string[];
  permissions: ReadonlySet<string>;
  level: KeyRole;
  tags: string[];
  /** Epoch milliseconds. */
  created: number;
  expiresAt?: number;
  member: Member;
  createdBy?: string;
}

export interface Project {
  projectId: string;
  name: string;
  balances?: DoubleBalance[];
}

/** A balance as GET /v1/projects/{id}/balances sends it. */
export interface ProjectBalance {
  balance_id: string;
  amount: number;
  units: string;
  purchase_order_id?: string;
}

export interface GrantToken {
  /** The key that minted it: Deepgram attributes the token's usage to that accessor. */
  apiKeyId: string;
  projectId: string;
  expiresAt: number;
}

/** One served /v1/listen request, the source of the usage API's numbers. */
export interface UsageEntry {
  created: number;
  projectId: string;
  apiKeyId: string;
  tags: string[];
  /** Audio seconds the double decoded (REST) or received (streaming). */
  seconds: number;
  /** Channels transcribed (multichannel counts each). */
  channels: number;
  method: 'sync' | 'streaming';
  model: string;
  /** Boolean listen features set to true, sorted. */
  features: string[];
}

export interface NewKeySpec {
  comment: string;
  scopes: string[];
  tags: string[];
  expiresAt?: number;
}

const DEFAULT_PROJECT_NAME = 'Deepgram Double Project';
const DEFAULT_BALANCE: DoubleBalance = { amount: 200, units: 'USD' };

/** 40 lowercase hex characters, the length of Deepgram's keys. */
function newSecret(): string {
  return randomBytes(20).toString('hex');
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function reportedScopes(k: DoubleKey): string[] {
  if (k.scopes) return [...new Set(k.scopes)];
  const role = k.canListProjects === false ? 'default' : (k.role ?? 'member');
  return role === 'default' ? ['usage:write'] : [role];
}

/**
 * The Deepgram account a double serves: keys, projects, grant tokens and usage. Several doubles (the global host
 * and a regional one) may share one, as Deepgram's keys and tokens work on every host.
 */
export class DoubleAccount {
  readonly now: () => number;
  readonly usage: UsageEntry[] = [];
  readonly #keysBySecret = new Map<string, AccountKey>();
  readonly #keysById = new Map<string, AccountKey>();
  readonly #projects = new Map<string, Project>();
  readonly #tokens = new Map<string, GrantToken>();
  readonly #defaultBalances: readonly DoubleBalance[];
  readonly #tokenSecret = randomBytes(32);

  constructor(opts: { now?: () => number; balances?: DoubleBalance[] } = {}) {
    this.now = opts.now ?? Date.now;
    this.#defaultBalances = opts.balances ?? [DEFAULT_BALANCE];
  }

  /** Registers a configured key; re-adding a secret replaces its earlier entry. */
  addKey(k: DoubleKey): AccountKey {
    const expiresAt = k.expiresAt === undefined ? undefined : Date.parse(k.expiresAt);
    if (expiresAt !== undefined && Number.isNaN(expiresAt)) throw new RangeError(`addKey: expiresAt is not a date: ${k.expiresAt}`);
    const apiKeyId = k.apiKeyId ?? randomUUID();
    const previous = this.#keysBySecret.get(k.key);
    if (this.#keysById.has(apiKeyId) && previous?.apiKeyId !== apiKeyId) throw new RangeError(`addKey: apiKeyId ${apiKeyId} is taken`);
    if (previous) this.#keysById.delete(previous.apiKeyId);

    const projectId = k.projectId ?? randomUUID();
    const project = this.#projects.get(projectId);
    if (!project) this.#projects.set(projectId, { projectId, name: k.projectName ?? DEFAULT_PROJECT_NAME });
    else if (k.projectName !== undefined) project.name = k.projectName;

    const scopes = reportedScopes(k);
    const permissions = permissionsOf(scopes);
    const email = k.memberEmail ?? `member-${apiKeyId}@double.test`;
    const key: AccountKey = {
      key: k.key,
      apiKeyId,
      projectId,
      comment: k.comment ?? 'Deepgram double key',
      scopes,
      permissions,
      level: levelOf(permissions),
      tags: [...(k.tags ?? [])],
      created: this.now(),
      member: { memberId: stableUuid(`member:${email}`), email },
    };
    if (expiresAt !== undefined) key.expiresAt = expiresAt;
    this.#store(key);
    return key;
  }

  /** POST /v1/projects/{id}/keys: a new key of the creator's project and member, usable at once. */
  createKey(creator: AccountKey, spec: NewKeySpec): AccountKey {
    const permissions = permissionsOf(spec.scopes);
    const key: AccountKey = {
      key: newSecret(),
      apiKeyId: randomUUID(),
      projectId: creator.projectId,
      comment: spec.comment,
      scopes: [...new Set(spec.scopes)],
      permissions,
      level: levelOf(permissions),
      tags: [...spec.tags],
      created: this.now(),
      member: creator.member,
      createdBy: creator.apiKeyId,
    };
    if (spec.expiresAt !== undefined) key.expiresAt = spec.expiresAt;
    this.#store(key);
    return key;
  }

  #store(key: AccountKey): void {
    this.#keysBySecret.set(key.key, key);
    this.#keysById.set(key.apiKeyId, key);
  }

  /** Removes a key: from now on its secret is unknown. */
  deleteKey(apiKeyId: string): void {
    const key = this.#keysById.get(apiKeyId);
    if (!key) return;
    this.#keysById.delete(apiKeyId);
    this.#keysBySecret.delete(key.key);
  }

  findKey(secret: string): AccountKey | undefined {
    return this.#keysBySecret.get(secret);
  }

  keyById(apiKeyId: string): AccountKey | undefined {
    return this.#keysById.get(apiKeyId);
  }

  isExpired(key: { expiresAt?: number }): boolean {
    return key.expiresAt !== undefined && this.now() >= key.expiresAt;
  }

  keysOf(projectId: string): AccountKey[] {
    return [...this.#keysById.values()].filter((k) => k.projectId === projectId);
  }

  keyInfo(k: AccountKey): DoubleKeyInfo {
    const info: DoubleKeyInfo = {
      apiKeyId: k.apiKeyId,
      key: k.key,
      projectId: k.projectId,
      comment: k.comment,
      scopes: [...k.scopes],
      level: k.level,
      tags: [...k.tags],
      created: new Date(k.created).toISOString(),
      expired: this.isExpired(k),
      memberEmail: k.member.email,
    };
    if (k.expiresAt !== undefined) info.expiresAt = new Date(k.expiresAt).toISOString();
    if (k.createdBy !== undefined) info.createdBy = k.createdBy;
    return info;
  }

  project(projectId: string): Project | undefined {
    return this.#projects.get(projectId);
  }

  /** The project's balances with every default filled in. */
  balancesOf(projectId: string): ProjectBalance[] {
    const balances = this.#projects.get(projectId)?.balances ?? this.#defaultBalances;
    return balances.map((b, i) => {
      const filled: ProjectBalance = {
        balance_id: b.balance_id ?? stableUuid(`balance:${projectId}:${i}`),
        amount: b.amount,
        units: b.units ?? 'USD',
      };
      if (b.purchase_order_id !== undefined) filled.purchase_order_id = b.purchase_order_id;
      return filled;
    });
  }

  setBalances(projectId: string, balances: DoubleBalance[]): void {
    const project = this.#projects.get(projectId);
    if (!project) throw new RangeError(`setBalances: no project ${projectId}`);
    project.balances = balances.map((b) => ({ ...b }));
  }

  /** A JWT-shaped token carrying only `usage:write`; the double remembers it until it expires. */
  mintToken(key: AccountKey, ttlSeconds: number): string {
    const now = this.now();
    const expiresAt = now + ttlSeconds * 1000;
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const payload = base64url({
      iss: 'https://api.deepgram.com',
      sub: key.apiKeyId,
      scopes: ['usage:write'],
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
      jti: randomUUID(),
    });
    const signature = createHmac('sha256', this.#tokenSecret).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.#tokens.set(token, { apiKeyId: key.apiKeyId, projectId: key.projectId, expiresAt });
    return token;
  }

  findToken(token: string): GrantToken | undefined {
    return this.#tokens.get(token);
  }

  recordUsage(entry: Omit<UsageEntry, 'created'>): void {
    this.usage.push({ ...entry, created: this.now() });
  }
}
