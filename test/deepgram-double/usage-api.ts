import type { AccountKey, DoubleAccount, UsageEntry } from './account';
import { badRequest, invalidQueryParameter } from './errors';
import type { DgError } from './errors';
import { first } from './listen-params';
import type { Query } from './listen-params';
import { checkProject, requirePermission } from './projects';
import type { ApiReply } from './projects';

const DAY_MS = 86_400_000;
/** Inferred default when `start` is absent. */
const DEFAULT_RANGE_DAYS = 30;

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** `YYYY-MM-DD` or any date-time Date.parse reads; the day (UTC) it falls on. */
function parseDay(value: string): string | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : dayOf(ms);
}

interface Range {
  start: string;
  end: string;
}

function parseRange(query: Query, now: number, requestId: string): Range | DgError {
  const bound = (name: string, fallback: number): string | DgError => {
    const raw = first(query, name);
    if (raw === undefined) return dayOf(fallback);
    return parseDay(raw) ?? invalidQueryParameter(requestId, `${name}: input contains invalid characters`);
  };
  const end = bound('end', now);
  if (typeof end !== 'string') return end;
  const start = bound('start', Date.parse(`${end}T00:00:00Z`) - DEFAULT_RANGE_DAYS * DAY_MS);
  if (typeof start !== 'string') return start;
  // Wording invented.
  if (start > end) return badRequest(requestId, 'start must not be after end.');
  return { start, end };
}

/**
 * The served listen requests of the project in the range (both ends inclusive, by UTC day), narrowed by `tag`
 * (any of the values), `accessor`, `endpoint`, `method` and `deployment` when given. Only requests the double
 * answered with a transcript (REST 200, or an accepted stream once closed) count.
 */
function matching(account: DoubleAccount, projectId: string, query: Query, range: Range): UsageEntry[] {
  const anyOf = (name: string, value: string): boolean => {
    const wanted = query[name];
    return wanted === undefined || wanted.includes(value);
  };
  return account.usage.filter((e) => {
    const day = dayOf(e.created);
    return (
      e.projectId === projectId &&
      day >= range.start &&
      day <= range.end &&
      (query['tag'] === undefined || e.tags.some((t) => query['tag']?.includes(t))) &&
      anyOf('accessor', e.apiKeyId) &&
      anyOf('endpoint', 'listen') &&
      anyOf('method', e.method) &&
      anyOf('deployment', 'hosted')
    );
  });
}

interface Totals {
  hours: number;
  total_hours: number;
  requests: number;
}

function totals(entries: readonly UsageEntry[]): Totals {
  const seconds = entries.reduce((sum, e) => sum + e.seconds, 0);
  const channelSeconds = entries.reduce((sum, e) => sum + e.seconds * e.channels, 0);
  return { hours: seconds / 3600, total_hours: channelSeconds / 3600, requests: entries.length };
}

/** Groups entries by a key, keeping first-seen order. */
function groupBy<K>(entries: readonly UsageEntry[], keyOf: (e: UsageEntry) => K): Map<string, { key: K; entries: UsageEntry[] }> {
  const groups = new Map<string, { key: K; entries: UsageEntry[] }>();
  for (const e of entries) {
    const key = keyOf(e);
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? { key, entries: [] };
    group.entries.push(e);
    groups.set(id, group);
  }
  return groups;
}

function access(account: DoubleAccount, key: AccountKey, projectId: string, query: Query, requestId: string): Range | DgError {
  const refused = checkProject(key, projectId) ?? requirePermission(key, 'usage:read', requestId);
  return refused ?? parseRange(query, account.now(), requestId);
}

/** GET /v1/projects/{id}/usage (`usage:read`): one result per UTC day that had requests. */
export function usageSummary(account: DoubleAccount, key: AccountKey, projectId: string, query: Query, requestId: string): ApiReply {
  const range = access(account, key, projectId, query, requestId);
  if ('status' in range) return range;
  const days = [...groupBy(matching(account, projectId, query, range), (e) => dayOf(e.created)).values()].sort((a, b) =>
    a.key.localeCompare(b.key),
  );
  const results = days.map(({ key: day, entries }) => ({
    start: day,
    end: day,
    ...totals(entries),
    tokens: { in: 0, out: 0 },
    tts: { characters: 0, requests: 0 },
  }));
  return { status: 200, body: { start: range.start, end: range.end, resolution: { units: 'day', amount: 1 }, results } };
}

const GROUPINGS = ['accessor', 'endpoint', 'feature_set', 'models', 'method', 'tags', 'deployment'] as const;
type Grouping = (typeof GROUPINGS)[number];

const isGrouping = (value: string): value is Grouping => (GROUPINGS as readonly string[]).includes(value);

function groupValue(grouping: Grouping, e: UsageEntry): string | string[] {
  switch (grouping) {
    case 'accessor':
      return e.apiKeyId;
    case 'endpoint':
      return 'listen';
    case 'feature_set':
      return e.features.join(',');
    case 'models':
      return [e.model];
    case 'method':
      return e.method;
    case 'tags':
      // A request falls in the group of the set of tags it carried, as the breakdown's `tags: string[]` suggests.
      return [...new Set(e.tags)].sort();
    case 'deployment':
      return 'hosted';
  }
}

/**
 * GET /v1/projects/{id}/usage/breakdown (`usage:read`): per UTC day and per value of `grouping` (none: per day
 * only). `grouping=tags` groups by the set of `tag` values each listen request carried.
 */
export function usageBreakdown(account: DoubleAccount, key: AccountKey, projectId: string, query: Query, requestId: string): ApiReply {
  const range = access(account, key, projectId, query, requestId);
  if ('status' in range) return range;
  const requested = first(query, 'grouping');
  if (requested !== undefined && !isGrouping(requested)) {
    return invalidQueryParameter(requestId, `grouping: unknown variant \`${requested}\`, expected one of ${GROUPINGS.map((g) => `\`${g}\``).join(', ')}`);
  }
  const grouping = requested;
  const entries = matching(account, projectId, query, range).sort((a, b) => a.created - b.created);
  const groups = groupBy(entries, (e) => ({ day: dayOf(e.created), value: grouping ? groupValue(grouping, e) : null }));
  const results = [...groups.values()].map(({ key: { day, value }, entries: members }) => {
    const { hours, total_hours: totalHours, requests } = totals(members);
    return {
      hours,
      total_hours: totalHours,
      agent_hours: 0,
      tokens_in: 0,
      tokens_out: 0,
      tts_characters: 0,
      requests,
      grouping: { start: day, end: day, ...(grouping ? { [grouping]: value } : {}) },
    };
  });
  return { status: 200, body: { start: range.start, end: range.end, resolution: { units: 'day', amount: 1 }, results } };
}
