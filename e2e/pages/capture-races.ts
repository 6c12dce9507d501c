// Test page: drives the public API through races an app can cause around capture (quick Pause/Resume/Stop, an
// app closing the AudioContext it shared), and tracks every microphone track and AudioContext made on the page,
// so a test can check that nothing is left running however a session ended.
import { EarshotError, MicrophoneSource, Transcriber } from '@earshot/client';
import { leftovers, uncaught } from './leftovers.js';

const log: string[] = [];

let t: Transcriber;
let shared: AudioContext | undefined;
const make = () => {
  t = new Transcriber({ token: '/api/token', ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}) });
  t.on('close', (c) => log.push(`close:${c.code}:${c.reason}${c.error ? `:${c.error.code}` : ''}`));
  t.on('error', (e) => log.push(`error:${e.code}:${e.message}`));
  return t;
};
/** A promise's outcome as a test reads it: 'resolved', or 'rejected <code>'. */
const settle = (p: Promise<unknown>) => p.then(() => 'resolved', (e) => `rejected ${e instanceof EarshotError ? e.code : String(e)}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Its outcome, or 'pending after 8 s' (a promise that never settles). */
const within = (p: Promise<string>) => Promise.race([p, sleep(8000).then(() => 'pending after 8 s')]);

const races = {
  log,
  uncaught,
  /** What is still running: live tracks, contexts not closed. */
  leftovers: () => leftovers(shared),
  start: () => settle(make().start()),
  state: () => t.state,
  stop: () => t.stop().then(() => undefined),
  /** Pause (releasing the microphone), Resume, Stop, each `gapMs` after the one before and none awaited (quick clicks). */
  async pauseResumeStop(gapMs: number) {
    const paused = settle(t.pause({ releaseMicrophone: true }));
    await sleep(gapMs);
    const resumed = settle(t.resume());
    await sleep(gapMs);
    const stopped = await within(settle(t.stop()));
    return { paused: await within(paused), resumed: await within(resumed), stopped, state: t.state };
  },
  /**
   * Start, then Pause `delayMs` later while capture still starts (the worklet loading, the microphone opening);
   * -1: in the same tick as start(). Resolves once start() settled: its outcome and whether it reads paused.
   */
  async pauseDuringStart(delayMs: number, release: boolean) {
    const starting = settle(make().start());
    if (delayMs >= 0) await sleep(delayMs);
    const paused = await settle(t.pause({ releaseMicrophone: release }));
    return { started: await within(starting), paused, isPaused: t.isPaused, state: t.state };
  },
  resume: () => settle(t.resume()),
  /** Starts on a microphone that shares the app's own AudioContext. */
  startShared() {
    shared = new AudioContext();
    return settle(make().start({ source: new MicrophoneSource({ audioContext: shared }) }));
  },
  /** The app closes the AudioContext it shared. */
  closeShared: () => shared!.close(),
};

declare global {
  interface Window {
    races: typeof races;
  }
}
window.races = races;
