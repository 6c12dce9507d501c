import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputOf, runBounded, startHelper, waitFor, type Helper } from './processes.js';

/**
 * A private PulseAudio server whose default source plays WAV files: what Firefox and WebKitGTK record as the
 * microphone (they have no fake-file flag like Chromium's). A null sink `wavsink` takes `paplay`; its
 * monitor, remapped as the source `wavmic`, is the default input. A silent stream keeps the output sink
 * awake: an idle null sink sleeps in 2 s blocks, and each new AudioContext's resume() would wait for it.
 */
export interface PulseMic {
  /** Environment for a browser that should use this server. */
  readonly env: { PULSE_SERVER: string; HOME: string; PULSE_RUNTIME_PATH: string };
  /**
   * Plays a WAV into the microphone. A 300 ms playback buffer: with less, a starved `paplay` on a busy machine
   * leaves gaps of up to 250 ms in what the browser records.
   */
  play(wav: string): Promise<Helper>;
  /** Ends every process it started (by PID) and removes its folder. */
  close(): Promise<void>;
}

/** Nice value of the audio helpers: a starved player or server leaves gaps in what the browser records. */
const AUDIO_PRIORITY = -10;

const SCRIPT = (dir: string) => `
load-module module-native-protocol-unix socket=${dir}/native auth-anonymous=1
load-module module-null-sink sink_name=speakers
load-module module-null-sink sink_name=wavsink
load-module module-remap-source master=wavsink.monitor source_name=wavmic
set-default-sink speakers
set-default-source wavmic
`;

export async function startPulseMic(): Promise<PulseMic> {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-pulse-'));
  writeFileSync(join(dir, 'default.pa'), SCRIPT(dir));
  const env = { PULSE_SERVER: `unix:${dir}/native`, HOME: dir, PULSE_RUNTIME_PATH: dir };
  const childEnv = { ...process.env, ...env };
  const helpers: Helper[] = [];
  const close = async () => {
    await Promise.all(helpers.splice(0).reverse().map((h) => h.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const server = startHelper('pulseaudio', ['-n', '-F', join(dir, 'default.pa'), '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--disable-shm=yes'], childEnv, { priority: AUDIO_PRIORITY });
    helpers.push(server);
    await waitFor(() => existsSync(join(dir, 'native')) || server.child.exitCode !== null, 10_000, 'PulseAudio socket');
    if (server.child.exitCode !== null) throw new Error(`PulseAudio exited: ${outputOf(server)}`);
    await waitFor(async () => (await runBounded('pactl', ['info'], childEnv, 2000)).code === 0, 10_000, 'PulseAudio answering');
    helpers.push(startHelper('pacat', ['--playback', '--device=speakers', '--latency-msec=10', '/dev/zero'], childEnv, { priority: AUDIO_PRIORITY }));
  } catch (err) {
    await close();
    throw err;
  }
  return {
    env,
    async play(wav) {
      const player = startHelper('paplay', ['--device=wavsink', '--latency-msec=300', '--process-time-msec=50', wav], childEnv, { priority: AUDIO_PRIORITY });
      helpers.push(player);
      player.child.once('exit', () => {
        const i = helpers.indexOf(player);
        if (i >= 0) helpers.splice(i, 1);
      });
      return player;
    },
    close,
  };
}
