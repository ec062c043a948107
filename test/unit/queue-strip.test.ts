import { describe, expect, it } from 'vitest';
import type { Job } from '../../common/domain';
import { summarizeQueue } from '../../renderer/lib/queue-strip';

type Row = Pick<Job, 'state' | 'sizeBytes' | 'bytesSent'>;
const job = (state: Job['state'], sizeBytes = 0, bytesSent = 0): Row => ({ state, sizeBytes, bytesSent });

describe('summarizeQueue', () => {
  it('invites a drop when nothing is going on', () => {
    expect(summarizeQueue([], false).text).toBe('Drop files anywhere to transcribe');
    expect(summarizeQueue([job('done'), job('canceled')], false).text).toBe('Drop files anywhere to transcribe');
  });

  it('counts jobs waiting, uploading and transcribing, with the share of the uploads sent', () => {
    const summary = summarizeQueue([job('uploading', 1000, 500), job('uploading', 1000, 320), job('processing'), job('queued', 4000, 0), job('done', 10, 10)], false);
    expect(summary.active).toBe(4);
    // Only files being uploaded count towards the share: 820 of 2000 bytes.
    expect(summary.sentPercent).toBe(41);
    expect(summary.text).toBe('4 transcribing · 41 % sent');
  });

  it('leaves the share out when nothing is uploading, and names failures and a running recording', () => {
    expect(summarizeQueue([job('processing'), job('failed'), job('failed')], true).text).toBe('Recording · 1 transcribing · 2 failed');
    expect(summarizeQueue([job('uploading', 0, 0)], false).sentPercent).toBeNull();
    expect(summarizeQueue([], true).text).toBe('Recording');
  });

  it('never claims more than was sent (a retry may count bytes twice)', () => {
    expect(summarizeQueue([job('uploading', 100, 250)], false).sentPercent).toBe(100);
  });
});
