import type { AudioSource } from '../audio/audio-source.js';
import { CaptureError } from '../errors.js';
import type { TranscriberWarning } from './events.js';

/** What a {@link CaptureWatchdog} reports to the Transcriber, which emits them as `warning` and `error`. */
export interface CaptureWatchdogHandlers {
  warning(warning: TranscriberWarning): void;
  error(error: CaptureError): void;
}

/** Options of {@link CaptureWatchdog} (the Transcriber's `stallWarningMs` and `stallErrorMs`). */
export interface CaptureWatchdogOptions {
  /** No frame for this long (ms) while the session is open and not paused: the `audio_stalled` warning. Default 2000. */
  stallWarningMs?: number;
  /** No frame for this long (ms): the `audio_stalled` CaptureError. Default 10000 (never below the warning's). */
  stallErrorMs?: number;
}

/**
 * Audio flows or someone is told, for the session: passes on what the source reports about its AudioContext
 * (`audio_suspended`, see context-watch.ts) and times the frames of any source while they are expected, so a
 * session that is `open` with nothing to send is reported whatever the cause (a suspended AudioContext, a track
 * the system muted, a worklet that died, a custom source that hung): the warning within `stallWarningMs` of the
 * last frame, the error at `stallErrorMs`, each once per stall. Checks run on a timer at a quarter of
 * `stallWarningMs` (a background tab may stretch it to a second: still bounded).
 */
export class CaptureWatchdog {
  readonly #handlers: CaptureWatchdogHandlers;
  readonly #warnMs: number;
  readonly #failMs: number;
  #lastFrameAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** What this stall has been reported as: 0 nothing (frames flow), 1 the warning, 2 the error too. */
  #told = 0;

  constructor(handlers: CaptureWatchdogHandlers, { stallWarningMs = 2000, stallErrorMs = 10_000 }: CaptureWatchdogOptions = {}) {
    this.#handlers = handlers;
    this.#warnMs = stallWarningMs;
    this.#failMs = Math.max(stallErrorMs, stallWarningMs);
  }

  /** Listens to the source's own reports (a suspended or interrupted AudioContext). */
  watch(source: AudioSource): void {
    source.onwarning = (warning) => this.#handlers.warning(warning);
  }

  /** A frame was captured. */
  frame(): void {
    this.#lastFrameAt = Date.now();
    this.#told = 0;
  }

  /** Whether frames are expected now: the session is open and capture is not paused. The silence is timed from here. */
  expectFrames(expected: boolean): void {
    if (expected === !!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = expected ? setInterval(() => this.#check(), Math.max(10, this.#warnMs / 4)) : undefined;
    this.frame();
  }

  stop(): void {
    this.expectFrames(false);
  }

  #check(): void {
    const ms = Date.now() - this.#lastFrameAt;
    if (!this.#told && ms >= this.#warnMs) {
      this.#told = 1;
      this.#handlers.warning({ code: 'audio_stalled', message: `No audio for ${ms} ms: the microphone or page stopped it` });
    }
    if (this.#told === 1 && ms >= this.#failMs) {
      this.#told = 2;
      this.#handlers.error(new CaptureError('audio_stalled', `No audio for ${ms} ms: check the microphone, or stop() and start()`, { retriable: true }));
    }
  }
}
