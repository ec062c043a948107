import type { z } from 'zod';
import type { recordingEventContract, recordingInvokeContract } from '../../../common/recording';
import type { RecordingEvent, RecordingService } from './recording-service';

type InvokeContract = typeof recordingInvokeContract;
type EventContract = typeof recordingEventContract;

/** One handler per recording channel, in the shape `registerHandlers` takes. */
export type RecordingHandlers = {
  [C in keyof InvokeContract]: (...args: z.output<InvokeContract[C]['args']>) => Promise<z.output<InvokeContract[C]['result']>>;
};

/** The recording channels over the service; spread into the app's handlers once the contract has them. */
export function recordingHandlers(recordings: RecordingService): RecordingHandlers {
  return {
    'recording.start': (meta) => recordings.start(meta),
    'recording.chunk': ({ id, seq, bytes }) => recordings.append(id, seq, bytes),
    'recording.pause': async ({ id }) => {
      await recordings.pause(id);
      return null;
    },
    'recording.resume': async ({ id }) => {
      await recordings.resume(id);
      return null;
    },
    'recording.markGap': async ({ id, reason }) => {
      await recordings.markGap(id, reason);
      return null;
    },
    'recording.stop': ({ id }) => recordings.stop(id),
    'recording.current': async () => recordings.current() ?? null,
    'recordings.list': () => recordings.list(),
    'recordings.takeRecovered': async () => recordings.takeRecovered(),
    'recordings.recover': () => recordings.recoverUnfinished(),
  };
}

/** A service event as the renderer event it becomes. */
export type RecordingEventMessage = { [E in keyof EventContract]: { event: E; payload: z.output<EventContract[E]> } }[keyof EventContract];

/** Maps a service event to its renderer event (name and payload). */
export function toRecordingEventMessage(event: RecordingEvent): RecordingEventMessage {
  switch (event.type) {
    case 'progress':
      return { event: 'recording.progress', payload: event.progress };
    case 'finished':
      return { event: 'recording.finished', payload: event.recording };
    case 'failed':
      return { event: 'recording.failed', payload: event.recording ? { id: event.id, error: event.error, recording: event.recording } : { id: event.id, error: event.error } };
  }
}
