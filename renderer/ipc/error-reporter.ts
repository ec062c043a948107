import type { RendererError } from '../../common/domain';
import { ReportLimiter, reportFromErrorEvent, reportFromRejection } from '../lib/error-report';
import { app } from './app-client';

/** At most this many reports at once, then one every `intervalMs`. */
const burst = 5;
const intervalMs = 10_000;

/** Sends uncaught errors and unhandled rejections of this window to main's log, bounded. */
export function installErrorReporting(target: Window): () => void {
  const limiter = new ReportLimiter(burst, intervalMs, () => performance.now());
  const send = (report: RendererError): void => {
    const admitted = limiter.admit(report);
    if (!admitted) return;
    // A report that cannot be delivered is dropped: reporting it would only loop.
    void app.log.rendererError(admitted).catch(() => undefined);
  };
  const onError = (event: ErrorEvent): void => send(reportFromErrorEvent(event));
  const onRejection = (event: PromiseRejectionEvent): void => send(reportFromRejection(event.reason));
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
