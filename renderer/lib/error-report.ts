import type { RendererError } from '../../common/domain';

/** Caps on what one report carries; below the contract's limits, so a report is never refused. */
export const reportLimits = { message: 1000, stack: 4000, source: 200 } as const;

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// Only the file's path: a page URL's query or fragment may carry things that belong in no log.
function scriptName(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname;
  } catch {
    return url.split(/[?#]/)[0] ?? '';
  }
}

function describe(value: unknown): { message: string; stack?: string } {
  if (value instanceof Error) {
    const message = `${value.name}: ${value.message}`;
    // V8 starts the stack with the message; keep it once, in the message.
    const stack = value.stack?.startsWith(message) ? value.stack.slice(message.length).replace(/^\n/, '') : value.stack;
    return { message, stack };
  }
  if (typeof value === 'string') return { message: value };
  try {
    return { message: JSON.stringify(value) ?? String(value) };
  } catch {
    return { message: Object.prototype.toString.call(value) };
  }
}

function bounded(report: { message: string; stack?: string; source: string }): RendererError {
  const result: RendererError = { message: cap(report.message || '(no message)', reportLimits.message), source: cap(report.source, reportLimits.source) };
  if (report.stack) result.stack = cap(report.stack, reportLimits.stack);
  return result;
}

/** A window `error` event as a bounded report. */
export function reportFromErrorEvent(event: Pick<ErrorEvent, 'error' | 'message' | 'filename' | 'lineno' | 'colno'>): RendererError {
  const described = event.error === undefined || event.error === null ? { message: event.message } : describe(event.error);
  const where = event.filename ? `${scriptName(event.filename)}:${event.lineno}:${event.colno}` : 'unknown script';
  return bounded({ ...described, source: `error at ${where}` });
}

/** An unhandled promise rejection as a bounded report. */
export function reportFromRejection(reason: unknown): RendererError {
  return bounded({ ...describe(reason), source: 'unhandled rejection' });
}

/**
 * Lets a burst of reports through, then one per interval, so a failure in a loop cannot flood
 * the log; the next report that passes says how many were dropped.
 */
export class ReportLimiter {
  private tokens: number;
  private last: number;
  private dropped = 0;

  constructor(
    private readonly burst: number,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** The report to send, or null if it must be dropped. */
  admit(report: RendererError): RendererError | null {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) / this.intervalMs);
    this.last = now;
    if (this.tokens < 1) {
      this.dropped += 1;
      return null;
    }
    this.tokens -= 1;
    if (this.dropped === 0) return report;
    const note = ` (${this.dropped} earlier report${this.dropped === 1 ? '' : 's'} dropped)`;
    this.dropped = 0;
    return { ...report, message: cap(report.message, reportLimits.message - note.length) + note };
  }
}
