// Drives the public API with races an app can cause (Stop during start-up then Start, Stop at each point of
// start(), Start again from a 'close' listener, the session ending while paused), and tracks every microphone track
// and AudioContext made on the page, so a test can check that nothing is left running however a session ended.
import { EarshotError, Transcriber } from '@earshot/client';
import { leftovers, tracks, uncaught } from './leftovers.js';

const log: string[] = [];

const make = (options: Record<string, unknown> = {}) => {
  const t = new Transcriber({ token: '/api/token', ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}), ...options });
  t.on('state', (s, p) => log.push(`state:${p}->${s}`));
  t.on('close', (c) => log.push(`close:${c.code}:${c.reason}${c.error ? `:${c.error.code}` : ''}`));
  t.on('error', (e) => log.push(`error:${e.code}`));
  return t;
};
/** How a promise settled: 'resolved', or 'rejected <code>'. */
const settle = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => `rejected ${e instanceof EarshotError ? e.code : String(e)}`);
const until = (t: Transcriber, state: string) => new Promise<void>((r) => (t.state === state ? r() : void t.on('state', (s) => s === state && r())));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let current: Transcriber | undefined;
let restartOutcome: string | undefined;
const t = () => current!;

const lifecycle = {
  log,
  uncaught,
  /** What is still running: live tracks, contexts not closed. */
  leftovers: () => leftovers(),

  /** Start; Stop while the socket waits for Begin; once the state is 'closed', Start again (stop() not awaited). */
  async stopThenStart() {
    const tr = make();
    const first = settle(tr.start());
    await new Promise<void>((r) => { const check = () => (tracks.length > 0 ? r() : void setTimeout(check, 10)); check(); });
    await sleep(100); // capture runs, the socket waits for Begin (the emulator answers after a while)
    void tr.stop();
    await until(tr, 'closed');
    const second = await settle(tr.start());
    const firstOutcome = await first;
    const state = tr.state;
    await tr.stop();
    return { firstOutcome, second, stateAfterSecond: state };
  },

  /** Stop at `delayMs` into start(): start() settles, stop() resolves. */
  async stopAt(delayMs: number) {
    const tr = make();
    const starting = settle(tr.start());
    await sleep(delayMs);
    const stopped = await settle(tr.stop());
    const started = await Promise.race([starting, sleep(5000).then(() => 'pending after 5 s')]);
    return { started, stopped, state: tr.state };
  },

  /** Starts the page's session. */
  start: (options: Record<string, unknown> = {}) => settle((current = make(options)).start()),
  /** From the next 'close' listener, start() again (the outcome is kept for restarted()). */
  restartOnClose: () => void t().once('close', () => void settle(t().start()).then((o) => (restartOutcome = o))),
  restarted: () => restartOutcome,
  pause: (release: boolean) => t().pause({ releaseMicrophone: release }),
  resume: () => settle(t().resume()),
  state: () => t().state,
  stop: () => t().stop().then(() => undefined),
};

declare global {
  interface Window {
    lifecycle: typeof lifecycle;
  }
}
window.lifecycle = lifecycle;
