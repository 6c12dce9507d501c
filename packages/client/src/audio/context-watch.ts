/** What a {@link ContextWatch} reports. */
export interface ContextWatchHandlers {
  /**
   * The context is not running: at start (an autoplay policy: no user gesture yet) or later (`interrupted` by
   * a call or Siri in Safari, suspended by the page or the system). No audio flows until it runs.
   */
  suspended(info: { state: string; atStart: boolean }): void;
  /** It runs again (audio flows). */
  running(): void;
  /** Still not running `recoverMs` after it stopped mid-capture, though resumed where the engine allows. */
  unrecovered(info: { state: string; afterMs: number }): void;
}

/** Options of {@link ContextWatch}. */
export interface ContextWatchOptions {
  /** How long a mid-capture suspension may last before `unrecovered` (ms). Default 5000. */
  recoverMs?: number;
  /** Where user gestures are listened for. Default: `globalThis` (the window). */
  gestureTarget?: EventTarget;
}

/**
 * A new AudioContext is `suspended` until its audio thread starts, even where nothing blocks it (Firefox takes
 * up to ~300 ms here): at start, only a context still not running after this long is reported.
 */
const START_GRACE_MS = 500;

/** Events that count as a user gesture for the autoplay policies of Chromium, Firefox and WebKit. */
const GESTURES = ['pointerdown', 'keydown', 'touchend'] as const;

/**
 * Keeps an AudioContext running, or says why it is not: a suspended or `interrupted` context delivers no audio
 * and fires no error, so without this a session stays open with nothing to send. On any stop it reports at once,
 * calls `resume()` (enough for a page's own `suspend()` and for the end of an interruption), and resumes again on
 * the next user gesture (what an autoplay policy needs); past `recoverMs` it reports the failure.
 */
export class ContextWatch {
  readonly #context: AudioContext;
  readonly #handlers: ContextWatchHandlers;
  readonly #recoverMs: number;
  readonly #gestureTarget: EventTarget | undefined;
  #watching = false;
  #stoppedAt: number | undefined;
  #recoverTimer: ReturnType<typeof setTimeout> | undefined;
  #gesturesArmed = false;
  #waiters: (() => void)[] = [];
  #graceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(context: AudioContext, handlers: ContextWatchHandlers, options: ContextWatchOptions = {}) {
    this.#context = context;
    this.#handlers = handlers;
    this.#recoverMs = options.recoverMs ?? 5000;
    this.#gestureTarget = options.gestureTarget ?? (typeof (globalThis as { addEventListener?: unknown }).addEventListener === 'function' ? globalThis : undefined);
  }

  /** True while the context runs. */
  get running(): boolean {
    return this.#context.state === 'running';
  }

  /** Starts watching: reports a context that is not running within half a second (its start-up). */
  start(): void {
    if (this.#watching) return;
    this.#watching = true;
    this.#context.addEventListener('statechange', this.#onStateChange);
    if (this.running) return;
    this.resume().catch(() => undefined);
    this.#graceTimer = setTimeout(() => {
      this.#graceTimer = undefined;
      if (this.#watching && !this.running && this.#context.state !== 'closed') this.#onStopped(true);
    }, START_GRACE_MS);
  }

  /** Stops watching (before the owner closes or suspends the context itself). */
  stop(): void {
    this.#watching = false;
    this.#context.removeEventListener('statechange', this.#onStateChange);
    this.#disarmGestures();
    clearTimeout(this.#recoverTimer);
    this.#recoverTimer = undefined;
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
    this.#stoppedAt = undefined;
    this.#release();
  }

  /** Resumes the context; call it from a user gesture (a click handler) when the policy demands one. */
  resume(): Promise<void> {
    return this.#context.state === 'closed' ? Promise.resolve() : this.#context.resume();
  }

  /** Resolves once the context runs (at once if it does), or when watching stops. */
  whenRunning(): Promise<void> {
    if (this.running || !this.#watching) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #release(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  #onStateChange = (): void => {
    if (!this.#watching) return;
    if (this.running) {
      this.#release();
      if (this.#stoppedAt === undefined) return;
      this.#stoppedAt = undefined;
      clearTimeout(this.#recoverTimer);
      this.#recoverTimer = undefined;
      this.#disarmGestures();
      this.#handlers.running();
    } else if (this.#context.state !== 'closed' && this.#stoppedAt === undefined && this.#graceTimer === undefined) {
      this.#onStopped(false);
    }
  };

  #onStopped(atStart: boolean): void {
    this.#stoppedAt = Date.now();
    this.#handlers.suspended({ state: this.#context.state, atStart });
    this.#armGestures();
    // Allowed without a gesture after a page's own suspend() or an interruption's end; pends under autoplay.
    this.resume().catch(() => undefined);
    if (!atStart) {
      this.#recoverTimer = setTimeout(() => {
        this.#recoverTimer = undefined;
        if (this.#watching && !this.running) this.#handlers.unrecovered({ state: this.#context.state, afterMs: this.#recoverMs });
      }, this.#recoverMs);
    }
  }

  #onGesture = (): void => {
    this.resume().catch(() => undefined);
  };

  #armGestures(): void {
    if (this.#gesturesArmed || !this.#gestureTarget) return;
    this.#gesturesArmed = true;
    for (const type of GESTURES) this.#gestureTarget.addEventListener(type, this.#onGesture, { capture: true, passive: true });
  }

  #disarmGestures(): void {
    if (!this.#gesturesArmed || !this.#gestureTarget) return;
    this.#gesturesArmed = false;
    for (const type of GESTURES) this.#gestureTarget.removeEventListener(type, this.#onGesture, { capture: true });
  }
}
