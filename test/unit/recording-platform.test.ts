import { describe, expect, it, vi } from 'vitest';
import type { DisplayMediaRequestHandlerHandlerRequest, Streams, WebFrameMain } from 'electron';
import { appEntryUrl } from '../../main/platform/app-origin';
import { microphoneAccess, openPrivacySettings, privacySettingsUrl } from '../../main/platform/media-access';
import { keepAwakeWhileRecording, markSleepGaps, stopRecordingIfStuck } from '../../main/platform/recording-power';
import { recordingShortcut, showRecordingOutside } from '../../main/platform/recording-presence';
import { allowSystemAudioRequest, serveSystemAudio } from '../../main/platform/system-audio';
import { RecordingIndicator } from '../../main/services/shell/recording-indicator';

const quiet = { info: () => {}, warn: vi.fn(), error: vi.fn() };

function frame(url: string, parent: unknown = null): WebFrameMain {
  return { url, parent } as unknown as WebFrameMain;
}

/** The request object Electron passes to a display media request handler. */
function request(overrides: Partial<DisplayMediaRequestHandlerHandlerRequest>): DisplayMediaRequestHandlerHandlerRequest {
  return { frame: frame(appEntryUrl), securityOrigin: 'app://deepgram-desk', videoRequested: true, audioRequested: true, userGesture: true, ...overrides };
}

describe('system audio through getDisplayMedia', () => {
  it('grants the loopback only to the app’s own top frame asking for audio', () => {
    expect(allowSystemAudioRequest(request({}))).toBe(true);
    expect(allowSystemAudioRequest(request({ audioRequested: false }))).toBe(false);
    expect(allowSystemAudioRequest(request({ frame: null }))).toBe(false);
    expect(allowSystemAudioRequest(request({ frame: frame('https://evil.example/') }))).toBe(false);
    expect(allowSystemAudioRequest(request({ frame: frame('app://deepgram-desk.evil/') }))).toBe(false);
    expect(allowSystemAudioRequest(request({ frame: frame(appEntryUrl, frame(appEntryUrl)) }))).toBe(false);
  });

  it('answers with a screen source and loopback audio, and with nothing to a stranger', async () => {
    let handler: ((req: DisplayMediaRequestHandlerHandlerRequest, callback: (streams: Streams) => void) => void) | null = null;
    const options: unknown[] = [];
    const session = {
      setDisplayMediaRequestHandler: (h: typeof handler, opts?: unknown) => {
        handler = h;
        options.push(opts);
      },
    };
    const screen = { id: 'screen:0:0', name: 'Entire screen' };
    serveSystemAudio(session as never, { getSources: async () => [screen] as never });
    expect(options).toEqual([{ useSystemPicker: false }]);
    const answer = (req: DisplayMediaRequestHandlerHandlerRequest): Promise<Streams> => new Promise((done) => handler!(req, done));
    expect(await answer(request({}))).toEqual({ video: screen, audio: 'loopback' });
    expect(await answer(request({ frame: frame('https://evil.example/') }))).toEqual({});
  });
});

describe('while recording', () => {
  it('keeps the app from being suspended, once, and lets go when the recording ends', () => {
    const indicator = new RecordingIndicator();
    const blocker = { start: vi.fn(() => 7), stop: vi.fn() };
    keepAwakeWhileRecording(indicator, blocker);
    indicator.set(true);
    indicator.set(true);
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    indicator.set(false);
    expect(blocker.stop).toHaveBeenCalledWith(7);
  });

  it('finishes a recording the window did not stop, after the grace time, and leaves a stopped one alone', async () => {
    vi.useFakeTimers();
    try {
      let current: { id: string } | undefined = { id: 'r1' };
      const calls: string[] = [];
      const recordings = {
        current: () => current as never,
        markGap: async (id: string, reason: string) => void calls.push(`gap ${id} ${reason}`),
        stop: async (id: string) => {
          calls.push(`stop ${id}`);
          current = undefined;
          return {} as never;
        },
      };
      stopRecordingIfStuck(recordings, quiet, 5000);
      await vi.advanceTimersByTimeAsync(4999);
      expect(calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toEqual(['gap r1 capture-error', 'stop r1']);

      current = { id: 'r2' };
      stopRecordingIfStuck(recordings, quiet, 5000);
      current = undefined;
      await vi.advanceTimersByTimeAsync(6000);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a global shortcut starts and stops, and the Dock shows REC while recording', () => {
    const indicator = new RecordingIndicator();
    const shortcuts = new Map<string, () => void>();
    const globalShortcut = {
      register: (accelerator: string, callback: () => void) => {
        shortcuts.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator: string) => void shortcuts.delete(accelerator),
    };
    const badges: string[] = [];
    const actions: string[] = [];
    const undo = showRecordingOutside({
      recording: indicator,
      globalShortcut,
      dock: { setBadge: (text) => void badges.push(text) },
      start: () => actions.push('start'),
      stop: () => actions.push('stop'),
      logger: quiet,
    });
    shortcuts.get(recordingShortcut)!();
    indicator.set(true);
    shortcuts.get(recordingShortcut)!();
    indicator.set(false);
    expect(actions).toEqual(['start', 'stop']);
    expect(badges).toEqual(['REC', '']);
    undo();
    expect(shortcuts.size).toBe(0);
  });
});

describe('the OS around a recording', () => {
  it('marks a sleep in the running recording when the system wakes, and nothing without one', async () => {
    const listeners = new Map<string, () => void>();
    const power = { on: (event: string, listener: () => void) => listeners.set(event, listener) };
    const running: { current?: { id: string } } = {};
    const gaps: string[] = [];
    markSleepGaps(power as never, { current: () => running.current as never, markGap: async (id, reason) => void gaps.push(`${id} ${reason}`) }, quiet);
    listeners.get('resume')!();
    running.current = { id: 'r1' };
    listeners.get('resume')!();
    await Promise.resolve();
    expect(gaps).toEqual(['r1 system-sleep']);
  });

  it('asks macOS for the microphone once, reads the answer after, and asks nothing elsewhere', async () => {
    const asked: string[] = [];
    const prefs = (status: string, answer: boolean) => ({
      getMediaAccessStatus: () => status as never,
      askForMediaAccess: async (media: string) => {
        asked.push(media);
        return answer;
      },
    });
    expect(await microphoneAccess(prefs('not-determined', true), 'darwin')).toBe('granted');
    expect(await microphoneAccess(prefs('not-determined', false), 'darwin')).toBe('denied');
    expect(asked).toEqual(['microphone', 'microphone']);
    expect(await microphoneAccess(prefs('granted', false), 'darwin')).toBe('granted');
    expect(await microphoneAccess(prefs('denied', true), 'darwin')).toBe('denied');
    expect(await microphoneAccess(prefs('restricted', true), 'darwin')).toBe('denied');
    expect(await microphoneAccess(prefs('denied', true), 'linux')).toBe('not-needed');
    expect(await microphoneAccess(prefs('denied', true), 'win32')).toBe('not-needed');
    expect(asked).toHaveLength(2);
  });

  it('opens the right privacy page per OS, and says when there is none', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    expect(await openPrivacySettings(shell, 'microphone', 'darwin')).toBe(true);
    expect(await openPrivacySettings(shell, 'system-audio', 'darwin')).toBe(true);
    expect(await openPrivacySettings(shell, 'microphone', 'win32')).toBe(true);
    expect(await openPrivacySettings(shell, 'system-audio', 'win32')).toBe(false);
    expect(await openPrivacySettings(shell, 'microphone', 'linux')).toBe(false);
    expect(opened).toEqual([
      'x-apple.systempreferences:com.apple.preference.security?Privacy_Microphone',
      'x-apple.systempreferences:com.apple.preference.security?Privacy_AudioCapture',
      'ms-settings:privacy-microphone',
    ]);
    expect(privacySettingsUrl('microphone', 'linux')).toBeNull();
  });
});
