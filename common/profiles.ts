import { z } from 'zod';
import { checkBaseUrl } from './base-url';
import { idSchema } from './domain';

const tagSchema = z.string().trim().min(1).max(128);

/** Where a profile sends its requests. `custom` is a dedicated or self-hosted deployment. */
export const endpointSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('us') }),
  z.object({ kind: z.literal('eu') }),
  z.object({
    kind: z.literal('custom'),
    url: z.string().trim().min(1).max(2000),
    /** A self-hosted server: plain http allowed (with a warning), management routes never asked. */
    selfHosted: z.boolean().default(false),
  }),
]);
export type Endpoint = z.infer<typeof endpointSchema>;

/** Which check proved the key, so the UI can say what was and was not verified. */
export const keyCheckSchema = z.object({
  /** `management`: the global host answered for the key; `listen`: a tiny transcription on the endpoint; `none`: nothing can prove it (self-hosted). */
  kind: z.enum(['management', 'listen', 'none']),
  ok: z.boolean(),
  at: z.string(),
  /** The failure as a person can act on it, when `ok` is false. */
  problem: z.string().max(600).optional(),
  /** What the check could not see, e.g. "this key’s role cannot list projects". */
  note: z.string().max(600).optional(),
});
export type KeyCheck = z.infer<typeof keyCheckSchema>;

/** What Deepgram says about the key itself (`GET /v1/auth/token`, keys API); null where the role does not allow it. */
export const keyDetailsSchema = z.object({
  apiKeyId: z.string().max(200).nullable(),
  scopes: z.array(z.string().max(100)).max(100),
  expiresAt: z.string().max(100).nullable(),
  comment: z.string().max(500).nullable(),
});
export type KeyDetails = z.infer<typeof keyDetailsSchema>;

/** A named Deepgram identity as the renderer sees it: never the key. */
export const profileSchema = z.object({
  id: idSchema,
  name: z.string().trim().min(1).max(80),
  endpoint: endpointSchema,
  /** The URL requests go to, derived from `endpoint`. */
  baseUrl: z.string(),
  /** Sent as `tag` with every request of this profile. */
  tags: z.array(tagSchema).max(20),
  hasKey: z.boolean(),
  /** `session`: kept in main's memory for this run only, because no keychain is available. */
  keyStorage: z.enum(['keychain', 'session']).nullable(),
  /** `id` is empty for a profile migrated from version 1 until its next check. */
  project: z.object({ id: z.string().max(200), name: z.string().max(200) }).nullable(),
  key: keyDetailsSchema.nullable(),
  check: keyCheckSchema.nullable(),
  /** Set when the app minted this profile's key from an admin key: it can be revoked. */
  appKey: z.object({ apiKeyId: z.string().max(200), projectId: z.string().max(200) }).nullable(),
});
export type Profile = z.infer<typeof profileSchema>;

export const keychainStatusSchema = z.object({
  available: z.boolean(),
  /** What is missing and how to fix it, when not available. */
  problem: z.string().max(600).nullable(),
});
export type KeychainStatus = z.infer<typeof keychainStatusSchema>;

/** Everything the renderer knows about keys. */
export const keysStatusSchema = z.object({
  profiles: z.array(profileSchema),
  activeProfileId: idSchema.nullable(),
  keychain: keychainStatusSchema,
});
export type KeysStatus = z.infer<typeof keysStatusSchema>;

/** Create or change a profile. Without `key` the stored key is kept (endpoint or name change). */
export const profileInputSchema = z.object({
  profileId: idSchema.optional(),
  name: z.string().trim().min(1).max(80),
  endpoint: endpointSchema,
  tags: z.array(tagSchema).max(20).default([]),
  key: z.string().trim().min(1).max(2000).optional(),
  /**
   * true: keep the key in memory for this run only (offered when no keychain is available); false: in the
   * keychain; absent: where the profile keeps it now (the keychain for a new profile).
   */
  sessionOnly: z.boolean().optional(),
  /** Make it the active profile once saved. */
  activate: z.boolean().default(true),
});
export type ProfileInput = z.input<typeof profileInputSchema>;

export const appKeyRequestSchema = z.object({
  /** An Owner, Admin or Member key, used for this request only and never stored. */
  adminKey: z.string().trim().min(1).max(2000),
  projectId: z.string().trim().min(1).max(200),
  profile: z.object({
    name: z.string().trim().min(1).max(80),
    endpoint: endpointSchema,
    tags: z.array(tagSchema).max(20).default([]),
    /** Keep the new key in memory for this run only (offered when no keychain is available). */
    sessionOnly: z.boolean().default(false),
    activate: z.boolean().default(true),
  }),
  /** Read scopes added to `usage:write` only when the user asks for usage or balance in the app. */
  usageRead: z.boolean().default(false),
  expiry: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('never') }),
    z.object({ kind: z.literal('ttl'), seconds: z.number().int().min(60).max(10 * 365 * 24 * 3600) }),
    z.object({ kind: z.literal('date'), date: z.string().max(40) }),
  ]),
  /** Tags set on the key itself in Deepgram (they cannot be changed later). */
  keyTags: z.array(tagSchema).max(20).default([]),
});
export type AppKeyRequest = z.input<typeof appKeyRequestSchema>;

export const usageReportSchema = z.object({
  start: z.string(),
  end: z.string(),
  /** Null with `unavailable` when the key's role cannot read usage. */
  totals: z.object({ requests: z.number(), hours: z.number() }).nullable(),
  byTag: z.array(z.object({ tag: z.string().max(200), requests: z.number(), hours: z.number() })).max(500).nullable(),
  balance: z.object({ amount: z.number(), units: z.string().max(20) }).nullable(),
  /** Why a part is missing, e.g. "not available for this key’s role". */
  unavailable: z.array(z.string().max(300)).max(10),
});
export type UsageReport = z.infer<typeof usageReportSchema>;

/** A project an admin key can see, offered when creating an app key. */
export const projectSummarySchema = z.object({ projectId: z.string().max(200), name: z.string().max(200) });
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

/** What saving a profile or creating an app key returns: the profile it made or changed, and the new state. */
export const profileSaveResultSchema = z.object({ profileId: idSchema, status: keysStatusSchema });
export type ProfileSaveResult = z.infer<typeof profileSaveResultSchema>;

/** The base URLs the `us` and `eu` endpoints stand for (tests point them at a local double). */
export interface RegionUrls {
  us: string;
  eu: string;
}

export const defaultRegionUrls: RegionUrls = { us: 'https://api.deepgram.com', eu: 'https://api.eu.deepgram.com' };

export type EndpointResolution =
  | { ok: true; url: string; selfHosted: boolean; /** Shown next to the endpoint, e.g. for plain http. */ warning: string | null }
  | { ok: false; reason: string };

/**
 * The URL a profile's requests go to. Plain http is accepted for loopback, and for any host only
 * when the user marked the endpoint as self-hosted, with a warning because the key and audio then
 * travel unencrypted.
 */
export function resolveEndpoint(endpoint: Endpoint, regions: RegionUrls = defaultRegionUrls): EndpointResolution {
  if (endpoint.kind === 'us' || endpoint.kind === 'eu') {
    const checked = checkBaseUrl(regions[endpoint.kind]);
    return checked.ok ? { ok: true, url: checked.url, selfHosted: false, warning: null } : checked;
  }
  const checked = checkBaseUrl(endpoint.url);
  if (checked.ok) return { ok: true, url: checked.url, selfHosted: endpoint.selfHosted, warning: null };
  let url: URL;
  try {
    url = new URL(endpoint.url.trim());
  } catch {
    return checked;
  }
  if (url.protocol !== 'http:' || !endpoint.selfHosted || url.username || url.password || url.search || url.hash) {
    return checked.reason.startsWith('Plain http')
      ? { ok: false, reason: 'Plain http would send your key unencrypted. Use https, or mark the endpoint as a self-hosted server you run.' }
      : checked;
  }
  const path = url.pathname.replace(/\/+$/, '');
  return {
    ok: true,
    url: `http://${url.host}${path}`,
    selfHosted: true,
    warning: `Plain http: audio and transcripts travel to ${url.host} unencrypted. Use https unless this server is on a network you trust.`,
  };
}
