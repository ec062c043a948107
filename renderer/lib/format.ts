import type { Job } from '../../common/domain';

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

/** What a job is doing, in words. */
export function jobStatusText(job: Job): string {
  switch (job.state) {
    case 'queued':
      return 'Waiting…';
    case 'uploading':
      return `Uploading ${uploadPercent(job)}% (${formatBytes(job.bytesSent)} of ${formatBytes(job.sizeBytes)})`;
    case 'processing':
      return 'Transcribing…';
    case 'done':
      return 'Done';
    case 'canceled':
      return 'Canceled';
    case 'failed':
      return 'Failed';
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A stored ISO time in the user's locale; the raw text if it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Whether the shortcut key is ⌘ (macOS) rather than Ctrl. */
export const usesCommandKey = /Macintosh|Mac OS X|iPhone|iPad/.test(navigator.userAgent);
