import { describe, expect, it } from 'vitest';
import { filesFromArgv } from '../../main/services/shell/launch-files';

const linux = { cwd: '/home/ada/Music', defaultApp: false, platform: 'linux' } as const;
const windows = { cwd: 'C:\\Users\\Ada\\Music', defaultApp: false, platform: 'win32' } as const;

describe('filesFromArgv', () => {
  it('takes the files of a packaged Linux launch and resolves them against the cwd', () => {
    const argv = ['/opt/Deepgram Desk/deepgram-desk', 'talk.wav', '../Videos/demo.mp4', '/tmp/abs.m4a'];
    expect(filesFromArgv(argv, linux)).toEqual(['/home/ada/Music/talk.wav', '/home/ada/Videos/demo.mp4', '/tmp/abs.m4a']);
  });

  it('never takes the executable, even when it is the only argument', () => {
    expect(filesFromArgv(['/opt/Deepgram Desk/deepgram-desk'], linux)).toEqual([]);
    expect(filesFromArgv(['C:\\Program Files\\Deepgram Desk\\Deepgram Desk.exe'], windows)).toEqual([]);
  });

  it('skips Chromium and Electron switches, wherever the second instance puts them', () => {
    const argv = [
      'C:\\Program Files\\Deepgram Desk\\Deepgram Desk.exe',
      '--allow-file-access-from-files',
      '--original-process-start-time=13370000000000000',
      'meeting.wav',
      '--enable-features=Foo,Bar',
      '-psn_0_12345',
    ];
    expect(filesFromArgv(argv, windows)).toEqual(['C:\\Users\\Ada\\Music\\meeting.wav']);
  });

  it('resolves Windows paths with the Windows rules: drive-relative, absolute, UNC', () => {
    const argv = ['app.exe', 'sub\\a.wav', 'D:\\rec\\b.wav', '\\\\server\\share\\c.wav'];
    expect(filesFromArgv(argv, windows)).toEqual(['C:\\Users\\Ada\\Music\\sub\\a.wav', 'D:\\rec\\b.wav', '\\\\server\\share\\c.wav']);
  });

  it('skips the app path that Electron is given in development, and only that', () => {
    // What Playwright's launcher runs: switches, then the app folder, then the user's arguments.
    const argv = ['/repo/node_modules/electron/dist/electron', '--inspect=0', '--remote-debugging-port=0', '/repo', 'speech.wav'];
    expect(filesFromArgv(argv, { ...linux, defaultApp: true })).toEqual(['/home/ada/Music/speech.wav']);
    expect(filesFromArgv(['electron', '.'], { ...linux, defaultApp: true })).toEqual([]);
    // Packaged, the same position is a file.
    expect(filesFromArgv(['deepgram-desk', 'first.wav', 'second.wav'], linux)).toEqual(['/home/ada/Music/first.wav', '/home/ada/Music/second.wav']);
  });

  it('turns file:// URLs (Linux desktop entries use %U) into paths and ignores other URLs', () => {
    const argv = ['deepgram-desk', 'file:///home/ada/My%20Talk.wav', 'https://example.com/a.wav', 'deepgram-desk://open', 'file://server/share/x.wav'];
    expect(filesFromArgv(argv, linux)).toEqual(['/home/ada/My Talk.wav']);
    expect(filesFromArgv(['app.exe', 'file:///C:/Users/Ada/talk.wav'], windows)).toEqual(['C:\\Users\\Ada\\talk.wav']);
  });

  it('takes a file that starts with a dash only after "--", and drops empty and repeated arguments', () => {
    expect(filesFromArgv(['deepgram-desk', '--', '-odd.wav', '--also.wav'], linux)).toEqual(['/home/ada/Music/-odd.wav', '/home/ada/Music/--also.wav']);
    expect(filesFromArgv(['deepgram-desk', '', 'a.wav', './a.wav'], linux)).toEqual(['/home/ada/Music/a.wav']);
  });
});
