import type { Job } from '../../common/domain';

/** What the one-line strip says about the queue (and a running recording) while a transcript is read. */
export interface QueueStripSummary {
  /** Jobs still waiting, uploading or being transcribed. */
  active: number;
  /** Jobs that failed and are still listed. */
  failed: number;
  /** Share of the bytes of the files being uploaded that are sent, 0–100; null when nothing is uploading. */
  sentPercent: number | null;
  text: string;
}

/** Summarizes the queue for the strip: "2 transcribing · 41 % sent", or an invitation to drop files. */
export function summarizeQueue(jobs: readonly Pick<Job, 'state' | 'sizeBytes' | 'bytesSent'>[], recording: boolean): QueueStripSummary {
  let active = 0;
  let failed = 0;
  let size = 0;
  let sent = 0;
  for (const job of jobs) {
    if (job.state === 'failed') failed += 1;
    if (job.state !== 'queued' && job.state !== 'uploading' && job.state !== 'processing') continue;
    active += 1;
    if (job.state === 'uploading' && job.sizeBytes > 0) {
      size += job.sizeBytes;
      sent += Math.min(job.bytesSent, job.sizeBytes);
    }
  }
  const sentPercent = size > 0 ? Math.floor((sent / size) * 100) : null;
  const parts: string[] = [];
  if (recording) parts.push('Recording');
  if (active > 0) parts.push(`${active} transcribing`);
  if (sentPercent !== null) parts.push(`${sentPercent} % sent`);
  if (failed > 0) parts.push(`${failed} failed`);
  const text = parts.length > 0 ? parts.join(' · ') : 'Drop files anywhere to transcribe';
  return { active, failed, sentPercent, text };
}
