import type { DesktopCapturer, DisplayMediaRequestHandlerHandlerRequest, Session, Streams } from 'electron';
import { isAppUrl } from './app-origin';

/** Whether a getDisplayMedia request may have the system-audio loopback: only the app's own top frame asking for audio. */
export function allowSystemAudioRequest(request: Pick<DisplayMediaRequestHandlerHandlerRequest, 'frame' | 'audioRequested'>): boolean {
  const frame = request.frame;
  return request.audioRequested && frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Answers the window's getDisplayMedia with the system-audio loopback (Windows; macOS 14.2+ through
 * the CoreAudio tap; Linux where the desktop allows it) and a screen as the video track the
 * renderer discards at once: Chromium requires a video source with loopback audio.
 */
export function serveSystemAudio(session: Pick<Session, 'setDisplayMediaRequestHandler'>, capturer: Pick<DesktopCapturer, 'getSources'>): void {
  session.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (!allowSystemAudioRequest(request)) {
        callback({});
        return;
      }
      capturer.getSources({ types: ['screen'], thumbnailSize: { width: 0, height: 0 } }).then(
        (sources) => {
          const screen = sources[0];
          const streams: Streams = screen ? { video: screen, audio: 'loopback' } : {};
          callback(streams);
        },
        () => callback({}),
      );
    },
    { useSystemPicker: false },
  );
}
