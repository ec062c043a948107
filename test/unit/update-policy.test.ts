import { EventEmitter } from 'node:events';
import type { BrowserWindow, Dialog, MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { AppUpdater, Logger as UpdaterLogger, UpdateCheckResult, UpdateDownloadedEvent } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { electronUpdater, restartPrompt, startAutoUpdates } from '../../main/platform/auto-update';
import type { ElectronUpdater } from '../../main/platform/auto-update';
import type { Logger } from '../../main/services/logging/logger';
import { checkIntervalMs, initialUpdateState, isCheckDue, nextUpdateStep } from '../../main/services/updates/update-policy';
import type { RestartAnswer, UpdateInput, UpdateState } from '../../main/services/updates/update-policy';
import { UpdateService } from '../../main/services/updates/update-service';
import type { Updater } from '../../main/services/updates/update-service';

const hour = 60 * 60 * 1000;
const minute = 60 * 1000;

function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

/** Runs inputs through the policy, returning the actions. */
function run(inputs: [UpdateInput, boolean][], start: UpdateState = initialUpdateState): { actions: string[]; state: UpdateState } {
  let state = start;
  const actions: string[] = [];
  for (const [input, recording] of inputs) {
    const step = nextUpdateStep(state, input, recording);
    state = step.state;
    actions.push(step.action);
  }
  return { actions, state };
}

describe('update policy', () => {
  it('a check is due at start, then a day after the last one, or when the clock went back', () => {
    const t = Date.UTC(2026, 0, 1);
    expect(isCheckDue(undefined, t)).toBe(true);
    expect(isCheckDue(t, t + 23 * hour)).toBe(false);
    expect(isCheckDue(t, t + checkIntervalMs - 1)).toBe(false);
    expect(isCheckDue(t, t + checkIntervalMs)).toBe(true);
    expect(isCheckDue(t, t - hour)).toBe(true);
  });

  it('asks once a download is ready, when nothing is recording', () => {
    expect(run([[{ kind: 'downloaded', version: '1.2.0' }, false]]).actions).toEqual(['prompt']);
  });

  it('holds the question while recording and asks when the recording ends', () => {
    const { actions } = run([
      [{ kind: 'downloaded', version: '1.2.0' }, true],
      [{ kind: 'tick' }, true],
      [{ kind: 'tick' }, false],
    ]);
    expect(actions).toEqual(['none', 'none', 'prompt']);
  });

  it('"Restart to update" installs, unless a recording started meanwhile: then it asks again after', () => {
    expect(run([[{ kind: 'downloaded', version: '1.2.0' }, false], [{ kind: 'answered', answer: 'restart' }, false]]).actions).toEqual(['prompt', 'install']);
    const { actions } = run([
      [{ kind: 'downloaded', version: '1.2.0' }, false],
      [{ kind: 'answered', answer: 'restart' }, true],
      [{ kind: 'tick' }, true],
      [{ kind: 'tick' }, false],
      [{ kind: 'answered', answer: 'restart' }, false],
    ]);
    expect(actions).toEqual(['prompt', 'none', 'none', 'prompt', 'install']);
  });

  it('"Later" is not asked again for that version, but a newer one is announced', () => {
    const { actions } = run([
      [{ kind: 'downloaded', version: '1.2.0' }, false],
      [{ kind: 'answered', answer: 'later' }, false],
      [{ kind: 'tick' }, false],
      [{ kind: 'downloaded', version: '1.2.0' }, false],
      [{ kind: 'downloaded', version: '1.3.0' }, false],
    ]);
    expect(actions).toEqual(['prompt', 'none', 'none', 'none', 'prompt']);
  });

  it('never opens a second question while one is on screen', () => {
    const { actions, state } = run([
      [{ kind: 'downloaded', version: '1.2.0' }, false],
      [{ kind: 'tick' }, false],
      [{ kind: 'downloaded', version: '1.3.0' }, false],
    ]);
    expect(actions).toEqual(['prompt', 'none', 'none']);
    expect(state).toMatchObject({ readyVersion: '1.3.0', prompting: true });
  });
});

/** An Updater under the test's control. */
function fakeUpdater(): Updater & { checks: number; installs: number; download(version: string): void; fail(message: string): void } {
  const downloaded = new Set<(version: string) => void>();
  const errors = new Set<(message: string) => void>();
  return {
    checks: 0,
    installs: 0,
    async check() {
      this.checks += 1;
    },
    install() {
      this.installs += 1;
    },
    onDownloaded(listener) {
      downloaded.add(listener);
      return () => downloaded.delete(listener);
    },
    onError(listener) {
      errors.add(listener);
      return () => errors.delete(listener);
    },
    download: (version) => downloaded.forEach((listener) => listener(version)),
    fail: (message) => errors.forEach((listener) => listener(message)),
  };
}

/** A prompt that records its questions and waits for the test to answer them. */
function pendingPrompt(): { asked: string[]; answer(answer: RestartAnswer): void; ask(version: string): Promise<RestartAnswer> } {
  const asked: string[] = [];
  const waiting: ((answer: RestartAnswer) => void)[] = [];
  return {
    asked,
    answer: (answer) => waiting.shift()?.(answer),
    ask: (version) => {
      asked.push(version);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('update service', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function service(recording = { now: false }) {
    const updater = fakeUpdater();
    const prompt = pendingPrompt();
    const logger = memoryLogger();
    const updates = new UpdateService({ updater, isRecording: () => recording.now, promptRestart: prompt.ask, logger });
    return { updater, prompt, logger, updates, recording };
  }

  it('checks on start, then once a day', async () => {
    const { updater, updates } = service();
    updates.start();
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(23 * hour);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(hour);
    expect(updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(checkIntervalMs);
    expect(updater.checks).toBe(3);
    updates.stop();
  });

  it('asks "Restart to update" for a downloaded version and installs on "restart"', async () => {
    const { updater, prompt, updates } = service();
    updates.start();
    updater.download('1.2.0');
    expect(prompt.asked).toEqual(['1.2.0']);
    prompt.answer('restart');
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.installs).toBe(1);
    updates.stop();
  });

  it('never installs during a recording: the question waits for the recording to end', async () => {
    const { updater, prompt, updates, recording } = service({ now: true });
    updates.start();
    updater.download('1.2.0');
    await vi.advanceTimersByTimeAsync(30 * minute);
    expect(prompt.asked).toEqual([]);
    expect(updater.installs).toBe(0);
    recording.now = false;
    await vi.advanceTimersByTimeAsync(minute);
    expect(prompt.asked).toEqual(['1.2.0']);
    // A recording starts while the question is on screen; "restart" then installs nothing.
    recording.now = true;
    prompt.answer('restart');
    await vi.advanceTimersByTimeAsync(30 * minute);
    expect(updater.installs).toBe(0);
    recording.now = false;
    await vi.advanceTimersByTimeAsync(minute);
    expect(prompt.asked).toEqual(['1.2.0', '1.2.0']);
    prompt.answer('restart');
    await vi.advanceTimersByTimeAsync(0);
    expect(updater.installs).toBe(1);
    updates.stop();
  });

  it('logs a failure and still checks the next day', async () => {
    const { updater, logger, updates } = service();
    updates.start();
    updater.fail('net::ERR_INTERNET_DISCONNECTED');
    expect(logger.lines).toContain('warn Update check or download failed: net::ERR_INTERNET_DISCONNECTED');
    await vi.advanceTimersByTimeAsync(checkIntervalMs);
    expect(updater.checks).toBe(2);
    updates.stop();
  });

  it('after stop, checks nothing more and an answer installs nothing', async () => {
    const { updater, prompt, updates } = service();
    updates.start();
    updater.download('1.2.0');
    updates.stop();
    prompt.answer('restart');
    await vi.advanceTimersByTimeAsync(3 * checkIntervalMs);
    expect(updater.checks).toBe(1);
    expect(updater.installs).toBe(0);
    updater.download('1.3.0');
    expect(prompt.asked).toEqual(['1.2.0']);
  });
});

/**
 * Behaves as electron-updater's autoUpdater does for the calls the adapter makes: a check emits
 * 'update-downloaded' when its background download completes, and a failure is both emitted as
 * 'error' and rejected.
 */
class StandInAutoUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: UpdaterLogger | null = null;
  checks = 0;
  installs: [boolean | undefined, boolean | undefined][] = [];
  next: { version: string } | { checkError: string } | { downloadError: string } | 'none' = 'none';

  async checkForUpdates(): Promise<UpdateCheckResult | null> {
    this.checks += 1;
    const next = this.next;
    if (typeof next === 'object' && 'checkError' in next) {
      const error = new Error(next.checkError);
      this.emit('error', error);
      throw error;
    }
    const updateInfo = { version: typeof next === 'object' && 'version' in next ? next.version : '0.1.0', files: [], path: '', sha512: '', releaseDate: '' };
    let downloadPromise: Promise<string[]> | null = null;
    if (typeof next === 'object' && 'version' in next) {
      downloadPromise = Promise.resolve().then(() => {
        const event: UpdateDownloadedEvent = { ...updateInfo, downloadedFile: '/tmp/update' };
        this.emit('update-downloaded', event);
        return ['/tmp/update'];
      });
    } else if (typeof next === 'object' && 'downloadError' in next) {
      downloadPromise = Promise.resolve().then(() => {
        const error = new Error(next.downloadError);
        this.emit('error', error);
        throw error;
      });
    }
    return { isUpdateAvailable: next !== 'none', updateInfo, versionInfo: updateInfo, downloadPromise };
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

describe('electron-updater adapter', () => {
  it("takes electron-updater's own autoUpdater", () => {
    expectTypeOf<AppUpdater>().toExtend<ElectronUpdater>();
  });

  it('downloads in the background, installs on quit by default, and logs through the app logger', () => {
    const autoUpdater = new StandInAutoUpdater();
    const logger = memoryLogger();
    electronUpdater(autoUpdater satisfies ElectronUpdater, logger);
    expect(autoUpdater.autoDownload).toBe(true);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
    autoUpdater.logger?.info('Checking for update');
    autoUpdater.logger?.error(new Error('boom'));
    expect(logger.lines).toEqual(['info Updater: Checking for update', 'error Updater: boom']);
  });

  it('reports a downloaded version, installs with a restart, and unsubscribes', async () => {
    const autoUpdater = new StandInAutoUpdater();
    const updater = electronUpdater(autoUpdater, memoryLogger());
    const versions: string[] = [];
    const off = updater.onDownloaded((version) => versions.push(version));
    autoUpdater.next = { version: '1.2.0' };
    await updater.check();
    await Promise.resolve();
    expect(autoUpdater.checks).toBe(1);
    expect(versions).toEqual(['1.2.0']);
    updater.install();
    expect(autoUpdater.installs).toEqual([[true, true]]);
    off();
    await updater.check();
    await Promise.resolve();
    expect(versions).toEqual(['1.2.0']);
    expect(autoUpdater.listenerCount('update-downloaded')).toBe(0);
  });

  it('a failed download is reported once, as an error, and is not an unhandled rejection', async () => {
    const autoUpdater = new StandInAutoUpdater();
    const updater = electronUpdater(autoUpdater, memoryLogger());
    const errors: string[] = [];
    updater.onError((message) => errors.push(message));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      autoUpdater.next = { downloadError: 'sha512 checksum mismatch' };
      await updater.check();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors).toEqual(['sha512 checksum mismatch']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('startAutoUpdates', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does nothing in an unpackaged build: the updater is not even built', async () => {
    let built = false;
    const logger = memoryLogger();
    const updates = startAutoUpdates({
      autoUpdater: () => {
        built = true;
        return new StandInAutoUpdater();
      },
      isPackaged: false,
      isRecording: () => false,
      promptRestart: async () => 'restart',
      logger,
    });
    await vi.advanceTimersByTimeAsync(2 * checkIntervalMs);
    expect(built).toBe(false);
    expect(logger.lines).toEqual(['info Updates are not checked: this build is not packaged.']);
    updates.stop();
  });

  it('in a packaged app: checks, asks when the download is ready, and restarts to install', async () => {
    const autoUpdater = new StandInAutoUpdater();
    autoUpdater.next = { version: '1.2.0' };
    const prompt = pendingPrompt();
    const updates = startAutoUpdates({ autoUpdater: () => autoUpdater, isPackaged: true, isRecording: () => false, promptRestart: prompt.ask, logger: memoryLogger() });
    await vi.advanceTimersByTimeAsync(0);
    expect(autoUpdater.checks).toBe(1);
    expect(prompt.asked).toEqual(['1.2.0']);
    prompt.answer('restart');
    await vi.advanceTimersByTimeAsync(0);
    expect(autoUpdater.installs).toEqual([[true, true]]);
    updates.stop();
    expect(autoUpdater.listenerCount('update-downloaded') + autoUpdater.listenerCount('error')).toBe(0);
  });

  it('in a packaged app, a download during a recording installs nothing until it ends', async () => {
    const autoUpdater = new StandInAutoUpdater();
    autoUpdater.next = { version: '1.2.0' };
    const prompt = pendingPrompt();
    let recording = true;
    const updates = startAutoUpdates({ autoUpdater: () => autoUpdater, isPackaged: true, isRecording: () => recording, promptRestart: prompt.ask, logger: memoryLogger() });
    await vi.advanceTimersByTimeAsync(hour);
    expect(prompt.asked).toEqual([]);
    expect(autoUpdater.installs).toEqual([]);
    recording = false;
    await vi.advanceTimersByTimeAsync(minute);
    expect(prompt.asked).toEqual(['1.2.0']);
    updates.stop();
  });
});

describe('restart prompt', () => {
  function standInDialog(response: number): { dialog: Pick<Dialog, 'showMessageBox'>; calls: { parent: boolean; options: MessageBoxOptions }[] } {
    const calls: { parent: boolean; options: MessageBoxOptions }[] = [];
    const answer = (options: MessageBoxOptions, parent: boolean): Promise<MessageBoxReturnValue> => {
      calls.push({ parent, options });
      return Promise.resolve({ response, checkboxChecked: false });
    };
    const showMessageBox = ((first: BrowserWindow | MessageBoxOptions, second?: MessageBoxOptions) =>
      second ? answer(second, true) : answer(first as MessageBoxOptions, false)) as Dialog['showMessageBox'];
    return { dialog: { showMessageBox }, calls };
  }
  const window = { isDestroyed: () => false } as BrowserWindow;

  it('offers "Restart to update" first and maps the buttons to answers', async () => {
    const restart = standInDialog(0);
    expect(await restartPrompt(restart.dialog, () => window)('1.2.0')).toBe('restart');
    expect(restart.calls[0]?.parent).toBe(true);
    expect(restart.calls[0]?.options).toMatchObject({ buttons: ['Restart to update', 'Later'], defaultId: 0, cancelId: 1 });
    expect(restart.calls[0]?.options.message).toContain('1.2.0');
    const later = standInDialog(1);
    expect(await restartPrompt(later.dialog, () => undefined)('1.2.0')).toBe('later');
    expect(later.calls[0]?.parent).toBe(false);
  });
});
