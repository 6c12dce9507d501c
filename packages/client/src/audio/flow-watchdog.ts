/** What a {@link FlowWatchdog} reports. */
export interface FlowWatchdogHandlers {
  /** No frame for `silentMs` while audio was expected: reported once per stall. */
  stalled(info: { silentMs: number }): void;
  /** Frames arrive again after a reported stall. */
  flowing(info: { silentMs: number }): void;
  /** The stall lasted `silentMs` ≥ `failMs`: reported once per stall. */
  failed(info: { silentMs: number }): void;
}

/** Options of {@link FlowWatchdog}. */
export interface FlowWatchdogOptions {
  /** No frame for this long (ms) is a stall. Default 2000: a 50 ms frame is 40 times late. */
  stallMs?: number;
  /** A stall this long (ms) is a failure. Default 10000. */
  failMs?: number;
}

/**
 * Audio flows or someone is told, whatever the cause: a source that stops delivering frames (a suspended
 * AudioContext, a track the system muted, a worklet that died, a custom source that hung) is reported within
 * `stallMs` of its last frame while frames are expected, and again as a failure at `failMs`. Checks run on a
 * timer at a quarter of `stallMs` (a background tab may stretch it to a second: still bounded).
 */
export class FlowWatchdog {
  readonly #handlers: FlowWatchdogHandlers;
  readonly #stallMs: number;
  readonly #failMs: number;
  #lastFrameAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stalled = false;
  #failed = false;

  constructor(handlers: FlowWatchdogHandlers, options: FlowWatchdogOptions = {}) {
    this.#handlers = handlers;
    this.#stallMs = options.stallMs ?? 2000;
    this.#failMs = Math.max(options.failMs ?? 10_000, this.#stallMs);
  }

  /** Whether frames are expected now (the session is open and not paused). The silence is timed from here. */
  expect(expected: boolean): void {
    if (expected === (this.#timer !== undefined)) return;
    if (!expected) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#stalled = false;
      this.#failed = false;
      return;
    }
    this.#lastFrameAt = Date.now();
    this.#timer = setInterval(this.#check, Math.max(10, Math.floor(this.#stallMs / 4)));
  }

  /** A frame arrived. */
  frame(): void {
    const now = Date.now();
    if (this.#stalled) {
      this.#stalled = false;
      this.#failed = false;
      this.#handlers.flowing({ silentMs: now - this.#lastFrameAt });
    }
    this.#lastFrameAt = now;
  }

  stop(): void {
    this.expect(false);
  }

  #check = (): void => {
    const silentMs = Date.now() - this.#lastFrameAt;
    if (!this.#stalled && silentMs >= this.#stallMs) {
      this.#stalled = true;
      this.#handlers.stalled({ silentMs });
    }
    if (this.#stalled && !this.#failed && silentMs >= this.#failMs) {
      this.#failed = true;
      this.#handlers.failed({ silentMs });
    }
  };
}
