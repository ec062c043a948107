import { capText } from '../../../common/text';
import type { Job, TranscriptSummary } from '../../../common/domain';
import type { SecretRedactor } from '../logging/logger';

/** What Help → Copy Diagnostics reports: versions, where requests go, and how to find them at Deepgram. */
export interface DiagnosticsFacts {
  appName: string;
  appVersion: string;
  versions: { electron?: string | undefined; chrome?: string | undefined; node?: string | undefined };
  /** For example "Linux 6.1.0 (x64)". */
  os: string;
  /** The Deepgram base URL in use. */
  endpoint: string;
  /** Newest first. */
  lastRequestIds: readonly string[];
}

const maxValue = 100;
const maxRequestIds = 5;
// A Deepgram key is 40 hex digits; a run this long is never a version or a request id (UUIDs have dashes).
const keyShaped = /[0-9a-f]{32,}/gi;

/** Forbids line breaks and other control characters (a value cannot forge a line) and caps the length. */
function clean(value: string | undefined, redactor: Pick<SecretRedactor, 'redact'>, max = maxValue): string {
  if (value === undefined || value.trim() === '') return 'unknown';
  // Redact before capping: a cut key would no longer match the redactor.
  const redacted = redactor.redact(value.replace(/\p{Cc}+/gu, ' ')).replace(keyShaped, '[redacted]');
  return capText(redacted.trim(), max);
}

/** The endpoint without user name, password, query or fragment: only where requests go. */
function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(not a valid URL)';
  }
}

/** The text Help → Copy Diagnostics puts on the clipboard; never a key, whatever the inputs hold. */
export function diagnosticsText(facts: DiagnosticsFacts, redactor: Pick<SecretRedactor, 'redact'>): string {
  const ids = facts.lastRequestIds.slice(0, maxRequestIds).map((id) => `  ${clean(id, redactor, 64)}`);
  const lines = [
    `${clean(facts.appName, redactor)} ${clean(facts.appVersion, redactor, 40)}`,
    `Electron ${clean(facts.versions.electron, redactor, 40)}, Chromium ${clean(facts.versions.chrome, redactor, 40)}, Node ${clean(facts.versions.node, redactor, 40)}`,
    `OS: ${clean(facts.os, redactor)}`,
    `Endpoint: ${clean(endpointOf(facts.endpoint), redactor, 200)}`,
    ids.length > 0 ? `Recent Deepgram request ids:\n${ids.join('\n')}` : 'Recent Deepgram request ids: none',
  ];
  // Every value is already clean; this second net is for a line added later without clean().
  return redactor.redact(lines.join('\n')).replace(keyShaped, '[redacted]');
}

/** Request ids of the newest transcripts and failures, newest first, without repeats. */
export function recentRequestIds(jobs: readonly Job[], transcripts: readonly TranscriptSummary[], limit = maxRequestIds): string[] {
  const dated = [
    ...transcripts.map((t) => ({ id: t.requestId, at: t.createdAt })),
    ...jobs.map((job) => ({ id: job.error?.requestId, at: job.createdAt })),
  ];
  const ids: string[] = [];
  for (const { id } of dated.sort((a, b) => b.at.localeCompare(a.at))) {
    if (id && !ids.includes(id)) ids.push(id);
    if (ids.length >= limit) break;
  }
  return ids;
}
