import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private, headless PulseAudio with two inputs that carry what is played into two sinks. */
export interface PulseRig {
  /** Environment for Chromium and for pactl/paplay: where the server's socket is. */
  env: { PULSE_SERVER: string; XDG_RUNTIME_DIR: string; HOME: string };
  /** Input names as Chromium lists them. */
  microphoneLabel: string;
  othersLabel: string;
  /** Takes the microphone input away, as unplugging a headset does; the other input becomes the default. */
  unplugMicrophone(): void;
  /** Plays a file into the sink behind the microphone input, or behind the other people's input. */
  play(into: 'microphone' | 'others', file: string): void;
  stop(): void;
}

function waitForSocket(env: NodeJS.ProcessEnv, socket: string, logFile: string): void {
  for (let i = 0; i < 100; i += 1) {
    if (existsSync(socket)) {
      try {
        execFileSync('pactl', ['info'], { env, stdio: 'ignore' });
        return;
      } catch {
        // not answering yet
      }
    }
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`PulseAudio did not start: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

/**
 * Starts PulseAudio with no sound card: two null sinks whose monitors are exposed as ordinary
 * inputs (Chromium hides `*.monitor` sources). Synchronous, so that a spec can give the
 * environment to the browser it launches.
 */
export function startPulseRig(): PulseRig {
  const dir = join(tmpdir(), `e2e-pulse-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'native');
  const logFile = join(dir, 'pulseaudio.log');
  const env = { PULSE_SERVER: `unix:${socket}`, XDG_RUNTIME_DIR: dir, HOME: dir };
  // Off the session bus: two servers (another test run, the runner listing this spec) cannot claim the same name.
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete fullEnv.DBUS_SESSION_BUS_ADDRESS;
  const daemon: ChildProcess = spawn(
    'pulseaudio',
    ['--daemonize=no', '--exit-idle-time=-1', '--disallow-exit=yes', '-n', `--load=module-native-protocol-unix auth-anonymous=1 socket=${socket}`, '--load=module-always-sink'],
    { env: fullEnv, stdio: ['ignore', 'ignore', openSync(logFile, 'w')] },
  );
  waitForSocket(fullEnv, socket, logFile);
  const pactl = (...args: string[]): string => execFileSync('pactl', args, { env: fullEnv, encoding: 'utf8' }).trim();
  pactl('load-module', 'module-null-sink', 'sink_name=mic_sink', 'channels=1');
  pactl('load-module', 'module-null-sink', 'sink_name=others_sink', 'channels=1');
  const micModule = pactl('load-module', 'module-remap-source', 'master=mic_sink.monitor', 'source_name=mic_in', 'source_properties=device.description=Desk_microphone');
  pactl('load-module', 'module-remap-source', 'master=others_sink.monitor', 'source_name=others_in', 'source_properties=device.description=Meeting_audio');
  pactl('set-default-source', 'mic_in');
  const players = new Set<ChildProcess>();
  return {
    env,
    microphoneLabel: 'Desk_microphone',
    othersLabel: 'Meeting_audio',
    unplugMicrophone() {
      pactl('set-default-source', 'others_in');
      pactl('unload-module', micModule);
    },
    play(into, file) {
      const player = spawn('paplay', [`--device=${into === 'microphone' ? 'mic_sink' : 'others_sink'}`, file], { env: fullEnv, stdio: 'ignore' });
      players.add(player);
      player.on('exit', () => players.delete(player));
    },
    stop() {
      for (const player of players) player.kill();
      daemon.kill();
    },
  };
}
