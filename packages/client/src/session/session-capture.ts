import type { AudioSource } from '../audio/audio-source.js';
import { UsageError } from '../errors.js';
import type { AudioSender } from './audio-sender.js';
import { Capture } from './capture.js';
import { CaptureWatchdog } from './capture-watchdog.js';
import { aborted } from './deadline.js';
import { reportUncaught, type Emit } from './event-surface.js';
import type { SessionState, TranscriberEvents } from './events.js';
import type { ResolvedOptions } from './options.js';

/** What a {@link SessionCapture} needs of its session (the Transcriber): its state, and pause() when no device is left. */
export interface CapturingSession {
  readonly state: SessionState;
  pause(): Promise<void>;
}

/**
 * The Transcriber's audio capture: a {@link Capture} whose frames go to the audio sender (and out as `level`)
 * while the session lives, watched by a {@link CaptureWatchdog} while frames are expected — the session is open
 * and capture runs unpaused (connect() + sendAudio() has no capture, so nothing is expected of it). Reports on
 * the Transcriber's events: `level`, `deviceChange`, and the watchdog's and the device's `warning` and `error`.
 */
export class SessionCapture {
  readonly #session: CapturingSession;
  readonly #emit: Emit<TranscriberEvents>;
  readonly #capture: Capture;
  /** Audio flows or someone is told: the source's suspension reports, and frames timed while open. */
  readonly #watchdog: CaptureWatchdog;
  /**
   * pause()'s `release`, when it came before capture started (the earlier capture still being released, or the
   * same tick as start()): applied as capture starts.
   */
  #early: boolean | undefined;
  /** start() waits for the earlier capture's release: capture is to come. */
  #waiting = false;

  constructor(session: CapturingSession, o: ResolvedOptions, emit: Emit<TranscriberEvents>, sender: AudioSender) {
    this.#session = session;
    this.#emit = emit;
    this.#watchdog = new CaptureWatchdog({ warning: (warning) => emit('warning', warning), error: (error) => emit('error', error) }, o);
    this.#capture = new Capture({ sampleRate: o.sampleRate, chunkSamples: o.chunkBytes / 2 }, {
      frame: (frame) => {
        if (session.state === 'closed' || session.state === 'idle') return;
        this.#watchdog.frame();
        emit('level', { rms: frame.rms, peak: frame.peak });
        sender.push(frame.pcm);
      },
      deviceChange: (device) => emit('deviceChange', device),
      // No microphone left: pause (the session stays open as configured) and say why.
      deviceError: (error) => (emit('error', error), void session.pause()),
    });
  }

  /** The source capture runs from (and while it stops: its last frame is still delivered). */
  get source(): AudioSource | undefined {
    return this.#capture.source;
  }

  /** Capture runs or is about to (start() waits for the earlier one's release): pause() means something. */
  get active(): boolean {
    return this.#waiting || !!this.#capture.source;
  }

  get isPaused(): boolean {
    return this.#capture.isPaused || this.#early !== undefined;
  }

  get isMuted(): boolean {
    return this.#capture.isMuted;
  }

  /**
   * Captures from `source` once the earlier capture is released (a failure of that release is not this start's)
   * — unless the session was stopped meanwhile (`stopped()`): then rejects with `aborted`, and no capture at all.
   */
  start(source: AudioSource, stopped: () => boolean): Promise<void> {
    const releasing = this.#capture.stop().catch(() => undefined);
    this.#watchdog.watch(source);
    this.#waiting = true;
    return releasing.then(() => {
      const early = this.#early;
      this.#waiting = false;
      this.#early = undefined;
      if (stopped()) return Promise.reject(aborted());
      const starting = this.#capture.start(source);
      // Capture.start() knows its source at once: a pause now is recorded there, and applied once it is open.
      if (early !== undefined) void this.#capture.pause(early);
      return starting;
    });
  }

  /**
   * Stops delivering frames; with `release` the device is closed too. Capture counts as paused at once (before
   * its source has stopped): no frames are expected from here on.
   */
  pause(release?: boolean): Promise<void> {
    if (this.#waiting) this.#early ??= !!release;
    const paused = this.#waiting ? Promise.resolve() : this.#capture.pause(release);
    this.expectFrames();
    return paused;
  }

  /** Delivers frames again (re-opening the device if the pause released it), and frames are expected again. */
  async resume(): Promise<void> {
    // A suspended AudioContext (an autoplay policy, an interruption) resumes here when called from a gesture —
    // paused or not; not awaited: without a gesture the browser never settles it.
    this.#capture.source?.resumeAudio?.().catch(() => undefined);
    this.#early = undefined;
    await this.#capture.resume();
    this.expectFrames();
  }

  setMuted(muted: boolean): void {
    this.#capture.setMuted(muted);
  }

  /**
   * Stops capture and releases the device. Never rejects: a source whose stop failed is reported as an `error` —
   * or, once `over()` says the session is over (nothing is emitted after `close`), to the host's error reporting.
   */
  release(over: () => boolean): Promise<void> {
    this.#early = undefined;
    return this.#capture.stop().catch((cause: unknown) => {
      const error = new UsageError('invalid_state', `Stopping the audio source failed (${(cause as Error)?.name ?? typeof cause})`, { cause });
      if (over()) reportUncaught(error, 'capture');
      else this.#emit('error', error);
    });
  }

  /** Tells the watchdog whether frames are expected now: call it whenever the session's state changes. */
  expectFrames(): void {
    this.#watchdog.expectFrames(this.#session.state === 'open' && !!this.#capture.source && !this.#capture.isPaused);
  }
}
