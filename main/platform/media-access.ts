import type { Shell, SystemPreferences } from 'electron';

export type MicrophoneAccess = 'granted' | 'denied' | 'not-needed';
export type PrivacyPane = 'microphone' | 'system-audio';

/**
 * The microphone permission where the OS keeps one for the app (macOS): asked once, then read.
 * Elsewhere the browser engine's own request is all there is.
 */
export async function microphoneAccess(preferences: Pick<SystemPreferences, 'getMediaAccessStatus' | 'askForMediaAccess'>, platform: NodeJS.Platform): Promise<MicrophoneAccess> {
  if (platform !== 'darwin') return 'not-needed';
  const status = preferences.getMediaAccessStatus('microphone');
  if (status === 'granted') return 'granted';
  if (status === 'not-determined') return (await preferences.askForMediaAccess('microphone')) ? 'granted' : 'denied';
  return 'denied';
}

/** The settings page where the user allows the app the microphone or system audio; null where there is none to open. */
export function privacySettingsUrl(pane: PrivacyPane, platform: NodeJS.Platform): string | null {
  if (platform === 'darwin') {
    return pane === 'microphone'
      ? 'x-apple.systempreferences:com.apple.preference.security?Privacy_Microphone'
      : 'x-apple.systempreferences:com.apple.preference.security?Privacy_AudioCapture';
  }
  if (platform === 'win32') return pane === 'microphone' ? 'ms-settings:privacy-microphone' : null;
  return null;
}

/** Opens that page; false where there is none. */
export async function openPrivacySettings(shell: Pick<Shell, 'openExternal'>, pane: PrivacyPane, platform: NodeJS.Platform): Promise<boolean> {
  const url = privacySettingsUrl(pane, platform);
  if (!url) return false;
  // electron-audit: OPEN_EXTERNAL_JS_CHECK the URL is one of the fixed settings-page addresses above, chosen by `pane`; nothing from a page reaches it
  await shell.openExternal(url);
  return true;
}
