import type { Logger } from '../logging/logger';
import { initialUpdateState, isCheckDue, nextUpdateStep } from './update-policy';
import type { RestartAnswer, UpdateInput, UpdateState } from './update-policy';

/** The update machinery as the service needs it; electron-updater in the app. */
export interface Updater {
  /** Looks for a new version; one that is found downloads in the background. */
  check(): Promise<void>;
  /** Quits, installs the downloaded version and starts the app again. */
  install(): void;
  /** Calls back with the version when a download is complete; returns the unsubscribe. */
  onDownloaded(listener: (version: string) => void): () => void;
  /** Calls back with every failure (checking or downloading); returns the unsubscribe. */
  onError(listener: (message: string) => void): () => void;
}

export interface UpdateServiceDeps {
  updater: Updater;
  /** Whether a recording is running now: nothing installs during one. */
  isRecording: () => boolean;
  /** Asks "Restart to update" for this version. */
  promptRestart: (version: string) => Promise<RestartAnswer>;
  logger: Logger;
  now?: () => number;
  /** How often the service wakes to see whether a check is due or a recording has ended. */
  tickMs?: number;
}

/** Checks for updates on start and then daily, and asks to restart when one is downloaded. */
export class UpdateService {
  private state: UpdateState = initialUpdateState;
  private lastCheckAt: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly deps: UpdateServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Checks now, then wakes every tick for the daily check and for a deferred question. */
  start(): void {
    if (this.timer) return;
    this.unsubscribe.push(
      this.deps.updater.onDownloaded((version) => {
        this.deps.logger.info(`Update ${version} downloaded`);
        this.step({ kind: 'downloaded', version });
      }),
      this.deps.updater.onError((message) => this.deps.logger.warn(`Update check or download failed: ${message}`)),
    );
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? 60_000);
    this.tick();
  }

  /** Stops the timer and the subscriptions; a question on screen stays until answered. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private tick(): void {
    const now = this.now();
    if (isCheckDue(this.lastCheckAt, now)) {
      this.lastCheckAt = now;
      // A failure also arrives through onError, where it is logged.
      this.deps.updater.check().catch(() => undefined);
    }
    this.step({ kind: 'tick' });
  }

  private step(input: UpdateInput): void {
    const { state, action } = nextUpdateStep(this.state, input, this.deps.isRecording());
    this.state = state;
    if (action === 'install') {
      this.deps.logger.info(`Restarting to install update ${state.readyVersion ?? ''}`);
      this.deps.updater.install();
    } else if (action === 'prompt') {
      const version = state.readyVersion ?? '';
      const answered = (answer: RestartAnswer): void => {
        // Once stopped (the app is quitting), an answer installs nothing.
        if (this.timer) this.step({ kind: 'answered', answer });
      };
      this.deps.promptRestart(version).then(answered, (error: unknown) => {
        this.deps.logger.warn(`The restart question failed: ${error instanceof Error ? error.message : String(error)}`);
        answered('later');
      });
    }
  }
}
