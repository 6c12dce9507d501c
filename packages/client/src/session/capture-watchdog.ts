import type { AudioSource } from '../audio/audio-source.js';
import { FlowWatchdog } from '../audio/flow-watchdog.js';
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
  /** No frame for this long (ms): the `audio_stalled` CaptureError. Default 10000. */
  stallErrorMs?: number;
}

/**
 * Audio flows or someone is told, for the session: passes on what the source reports about its AudioContext
 * (`audio_suspended`, see MediaStreamSource) and times the frames of any source while they are expected, so a
 * session that is `open` with nothing to send is reported whatever the cause.
 */
export class CaptureWatchdog {
  readonly #handlers: CaptureWatchdogHandlers;
  readonly #flow: FlowWatchdog;

  constructor(handlers: CaptureWatchdogHandlers, options: CaptureWatchdogOptions = {}) {
    this.#handlers = handlers;
    this.#flow = new FlowWatchdog(
      {
        stalled: ({ silentMs }) =>
          handlers.warning({ code: 'audio_stalled', message: `No audio for ${silentMs} ms while the session is open: the microphone or the page stopped delivering it` }),
        flowing: () => undefined,
        failed: ({ silentMs }) =>
          handlers.error(new CaptureError('audio_stalled', `No audio for ${silentMs} ms while the session is open: check the microphone, or stop() and start() again`, { retriable: true })),
      },
      { stallMs: options.stallWarningMs ?? 2000, failMs: options.stallErrorMs ?? 10_000 },
    );
  }

  /** Listens to the source's own reports (a suspended or interrupted AudioContext). */
  watch(source: AudioSource): void {
    source.onwarning = (warning) => this.#handlers.warning(warning);
  }

  /** A frame was captured. */
  frame(): void {
    this.#flow.frame();
  }

  /** Whether frames are expected now: the session is open and capture is not paused. */
  expectFrames(expected: boolean): void {
    this.#flow.expect(expected);
  }

  stop(): void {
    this.#flow.stop();
  }
}
