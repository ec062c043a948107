import type { Job } from '../../common/domain';
import { formatTimestamp } from '../../common/transcript/paragraphs';

const units = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Decimal sizes as file managers show them: `980 B`, `12.3 MB`, `29 MB`. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${units[unit]}`;
}

/** Share of a job's bytes sent, 0–100, never rounding up to 100 before the end. */
export function uploadPercent(job: Pick<Job, 'bytesSent' | 'sizeBytes'>): number {
  if (job.sizeBytes <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((job.bytesSent / job.sizeBytes) * 100)));
}

/** A length of audio in words: `45 s`, `12 min 5 s`, `2 h 3 min`. */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** Time still to wait, rounded up so that it never reads 0 while something is left. */
export function formatTimeLeft(seconds: number): string {
  const total = Math.max(1, Math.ceil(seconds));
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.ceil(total / 60)} min`;
  const h = Math.floor(total / 3600);
  const m = Math.ceil((total % 3600) / 60);
  return m > 0 ? `${h} h ${m} min` : `${h} h`;
}

/** US dollars as an estimate reads: cents below 10 dollars, whole dollars above. */
export function formatUsd(amount: number): string {
  const digits = amount > 0 && amount < 0.01 ? 3 : 2;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

function secondsUntil(iso: string | undefined, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : (at - now) / 1000;
}

/**
 * What a job is doing, in words, at time `now` (ms since the epoch): `Waiting`,
 * `Uploading 42% · 3.1 MB/s · 20 s left`, `Processing 1:05`, `Retrying in 8 s (attempt 2)`,
 * `Done`, `Failed`, `Canceled`, `Not saved`.
 */
export function jobStateLabel(job: Job, now: number): string {
  switch (job.state) {
    case 'queued': {
      const wait = secondsUntil(job.retryAt, now);
      if (wait !== null && wait > 0) return `Retrying in ${Math.ceil(wait)} s (attempt ${job.attempt + 1})`;
      return 'Waiting';
    }
    case 'uploading': {
      if (job.source.kind === 'url') return 'Sending the link';
      const parts = [`Uploading ${uploadPercent(job)}%`];
      const speed = job.bytesPerSecond;
      if (speed !== undefined && speed > 0) {
        parts.push(`${formatBytes(speed)}/s`);
        const left = Math.max(0, job.sizeBytes - job.bytesSent);
        if (left > 0) parts.push(`${formatTimeLeft(left / speed)} left`);
      }
      return parts.join(' · ');
    }
    case 'processing': {
      const since = secondsUntil(job.stateSince, now);
      return since === null ? 'Processing' : `Processing ${formatTimestamp(Math.max(0, -since))}`;
    }
    case 'done':
      return 'Done';
    case 'canceled':
      return 'Canceled';
    case 'failed':
      return job.unsaved ? 'Not saved' : 'Failed';
  }
}

/** Whether a job's label changes with the clock alone (elapsed time, retry countdown). */
export function labelTicks(job: Job): boolean {
  return job.state === 'processing' || (job.state === 'queued' && job.retryAt !== undefined);
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A stored ISO time in the user's locale; the raw text if it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Whether the shortcut key is ⌘ (macOS) rather than Ctrl. */
export const usesCommandKey = /Macintosh|Mac OS X|iPhone|iPad/.test(navigator.userAgent);
