import { CaptureError } from '../errors.js';
import type { AudioSource } from './audio-source.js';

/**
 * A new AudioContext is `suspended` until its audio thread starts, even where nothing blocks it (Firefox takes
 * up to ~300 ms here): at start, only a context still not running after this long is reported.
 */
const START_GRACE_MS = 500;

/** Events that count as a user gesture for the autoplay policies of Chromium, Firefox and WebKit. */
const GESTURES = ['pointerdown', 'keydown', 'touchend'];

/**
 * Keeps an AudioContext running, or says why it is not, through `sink` (the source, whose `onwarning` and
 * `ondeviceerror` the Transcriber sets): a suspended or `interrupted` context delivers no audio and fires no
 * error, so without this a session stays open with nothing to send. A context not running at start (an autoplay
 * policy: no user gesture yet) is reported as `audio_suspended` (`atStart`) after its start-up grace; one that
 * stops later (`interrupted` by a call or Siri in Safari, suspended by the page or the system) at once. Either
 * way it calls `resume()` (enough for a page's own `suspend()` and for the end of an interruption) and resumes
 * again on each user gesture until it runs (what an autoplay policy needs); a mid-capture stop still not over
 * after `recoverMs` becomes the `audio_suspended` CaptureError (none at start: a gesture will come).
 * @param running called whenever the context runs (at once if it does), when it is closed, and when the watch
 *   stops: a resolve.
 * @param gestures where user gestures are listened for; default the window (`globalThis`), none in Node.
 * @returns stops watching (before the owner closes or suspends the context itself).
 */
export function watchContext(
  context: AudioContext,
  sink: Pick<AudioSource, 'onwarning' | 'ondeviceerror'>,
  recoverMs: number,
  running: () => void,
  gestures: EventTarget | undefined = typeof addEventListener === 'function' ? globalThis : undefined,
): () => void {
  let recover: ReturnType<typeof setTimeout> | undefined;
  let reported = false;
  // A context the app closed (its own, shared) refuses: nothing to do then.
  const kick = (): void => void context.resume().catch(() => undefined);
  // Adding a listener twice or removing one never added does nothing: no flag needed. (Capture phase: a page's
  // own handler that stops the event cannot keep it from us.)
  const listen = (method: 'addEventListener' | 'removeEventListener'): void => {
    for (const type of GESTURES) gestures?.[method](type, kick, { capture: true });
  };
  /** Reports a stop once (a start-up one only when the grace is over), and notes the context running again. */
  const check = (atStart: boolean): void => {
    // `interrupted` (WebKit) is not in TypeScript's AudioContextState.
    const state: string = context.state;
    // Closed (an app's shared context it closed): it will never run; `running` finds out (start() waiting for
    // it fails; once capturing, the source reports it).
    if (state === 'closed') running();
    else if (state === 'running') {
      running();
      reported = false;
      clearTimeout(recover);
      listen('removeEventListener');
    } else if (!reported && (atStart || !grace)) {
      reported = true;
      sink.onwarning?.({
        code: 'audio_suspended',
        message: `AudioContext ${state}${atStart ? ' by autoplay policy: starts on the next click or key press, or' : ': resuming; else'} call resume() from a user gesture`,
        state,
        atStart,
      });
      listen('addEventListener');
      // Set before resuming: a resume() that runs at once clears it.
      if (!atStart) {
        recover = setTimeout(
          () => sink.ondeviceerror?.(new CaptureError('audio_suspended', `AudioContext ${context.state} for ${recoverMs} ms: call resume() from a user gesture`, { retriable: true })),
          recoverMs,
        );
      }
      // Allowed without a gesture after a page's own suspend() or an interruption's end; pends under autoplay.
      kick();
    }
  };
  const onState = (): void => check(false);
  let grace: ReturnType<typeof setTimeout> | undefined;
  context.addEventListener('statechange', onState);
  if (context.state === 'running') running();
  else {
    kick();
    grace = setTimeout(() => check(!(grace = undefined)), START_GRACE_MS);
  }
  return () => {
    context.removeEventListener('statechange', onState);
    listen('removeEventListener');
    clearTimeout(grace);
    clearTimeout(recover);
    running();
  };
}
