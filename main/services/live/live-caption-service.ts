import { AppError } from '../../../common/errors';
import { liveStartSchema } from '../../../common/live';
import type { LiveDraft, LiveStart } from '../../../common/live';
import type { DeepgramCredentials } from '../deepgram/deepgram-gateway';
import type { Logger } from '../logging/logger';
import { systemClock } from '../recordings/recording-writer';
import type { RecordingClock } from '../recordings/recording-writer';
import { LiveDraftStore } from './live-draft-store';
import { defaultLiveTuning, LiveSession } from './live-session';
import type { LiveEvent, LiveTuning } from './live-session';

export type { LiveEvent, LiveTuning } from './live-session';

export interface LiveCaptionServiceDeps {
  /** The active profile's key, base URL and tags; asked again for every connection (main-only). */
  credentials: () => Promise<DeepgramCredentials>;
  /** Drafts go to `<dataDir>/live/<recordingId>.json`. */
  dataDir: string;
  logger: Logger;
  clock?: RecordingClock;
  /** For the reconnect jitter; Math.random by default. */
  random?: () => number;
  tuning?: Partial<LiveTuning>;
}

type Listener = (event: LiveEvent) => void;

/**
 * Live captions for recordings: one Deepgram stream per recording, fed with its PCM frames,
 * turned into caption updates and a draft saved beside the recording. Whatever happens to the
 * stream, the recording goes on.
 */
export class LiveCaptionService {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly listeners = new Set<Listener>();
  private readonly store: LiveDraftStore;
  private readonly tuning: LiveTuning;

  constructor(private readonly deps: LiveCaptionServiceDeps) {
    this.store = new LiveDraftStore(deps.dataDir);
    this.tuning = { ...defaultLiveTuning, ...deps.tuning };
  }

  /** Calls `listener` with every caption update and status change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the live stream of a recording that has started; a second start of a running one is ignored. */
  start(request: LiveStart): void {
    const parsed = liveStartSchema.parse(request);
    const existing = this.sessions.get(parsed.recordingId);
    if (existing && !existing.settled) return;
    const session = new LiveSession(parsed, {
      credentials: this.deps.credentials,
      logger: this.deps.logger,
      clock: this.deps.clock ?? systemClock,
      random: this.deps.random ?? Math.random,
      store: this.store,
      tuning: this.tuning,
      emit: (event) => {
        for (const listener of this.listeners) listener(event);
      },
    });
    this.sessions.set(parsed.recordingId, session);
    session.open();
  }

  /** Frame `seq` of a recording's PCM (in order: a repeat is ignored, a gap refused). */
  frame(recordingId: string, seq: number, bytes: Uint8Array): void {
    this.session(recordingId).frame(seq, bytes);
  }

  /** Sends what is pending, ends the stream (bounded wait) and answers with the saved draft; again, answers with that draft. */
  async stop(recordingId: string): Promise<LiveDraft> {
    const session = this.sessions.get(recordingId);
    if (!session) {
      // Stopped already (main ends the stream when the recording ends): the saved draft is the answer.
      const saved = await this.store.read(recordingId);
      if (saved) return saved;
      throw new AppError('NOT_FOUND', 'This recording has no live captions running.');
    }
    // A second call while the first is under way gets the same stop from the session.
    const draft = await session.stop();
    if (this.sessions.get(recordingId) === session) this.sessions.delete(recordingId);
    return draft;
  }

  /**
   * The final pass of a recording was saved as `transcriptId`: records it in the draft (kept for
   * comparing) and answers with the draft, whose names go into the final transcript; null when
   * the recording had no live captions. Waits for a stop under way, so no name is missed.
   */
  async finalPass(recordingId: string, transcriptId: string): Promise<LiveDraft | null> {
    const running = this.sessions.get(recordingId);
    if (running?.stopping) await running.stop().catch(() => undefined);
    else if (running) return running.currentDraft();
    const saved = await this.store.read(recordingId).catch(() => null);
    if (!saved) return null;
    const draft: LiveDraft = { ...saved, finalTranscriptId: transcriptId };
    await this.store.write(draft);
    return draft;
  }

  /** The draft of a live or finished recording (read from disk after a restart), or null when it had no live captions. */
  async draft(recordingId: string): Promise<LiveDraft | null> {
    const session = this.sessions.get(recordingId);
    if (session) return session.currentDraft();
    return this.store.read(recordingId);
  }

  /** Names a lane (`lane:0`) or a speaker (`speaker:1`) in the draft, and saves it. */
  async rename(recordingId: string, who: string, name: string): Promise<LiveDraft> {
    const session = this.sessions.get(recordingId);
    if (session) return session.rename(who, name);
    const saved = await this.store.read(recordingId);
    if (!saved) throw new AppError('NOT_FOUND', 'This recording has no live captions.');
    const draft: LiveDraft = { ...saved, names: { ...saved.names, [who]: name } };
    await this.store.write(draft);
    return draft;
  }

  /** After sleep or a network change: drops every live socket (it may be stale) and reconnects at once. */
  reconnectNow(): void {
    for (const session of this.sessions.values()) session.reconnectNow();
  }

  /** On quit: ends every stream within the stop bound and saves the drafts. */
  async stopAll(): Promise<void> {
    const ids = [...this.sessions.keys()];
    await Promise.all(ids.map((id) => this.stop(id).catch((error: unknown) => this.deps.logger.warn('Live captions: a stream did not stop cleanly', error))));
  }

  private session(recordingId: string): LiveSession {
    const session = this.sessions.get(recordingId);
    if (!session) throw new AppError('NOT_FOUND', 'This recording has no live captions running.');
    return session;
  }
}
