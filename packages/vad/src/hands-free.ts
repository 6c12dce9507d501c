import {
  Capture,
  EarshotError,
  EventSurface,
  MicrophoneSource,
  UsageError,
  type BeginMessage,
  type Emit,
  type MicrophoneOptions,
  type TerminationMessage,
  type Transcriber,
} from '@earshot/client';
import type { VadOptions } from './vad-options.js';
import { VoiceDetector } from './voice-detector.js';

/** Options of {@link HandsFree}. */
export interface HandsFreeOptions {
  /** The Transcriber each session runs on (its token source, URL and parameters). Its sampleRate must be 16000. */
  transcriber: Transcriber;
  vad?: VadOptions;
  microphone?: MicrophoneOptions;
  /** Silence (ms) after local speech end before the session is ended. Default 2000. */
  endAfterSilenceMs?: number;
  /** Audio (ms) before the detected start that is sent first, so the first word is kept. Default 1000. */
  preRollMs?: number;
  /** Send ForceEndpoint when local speech ends, for a sooner final. Default false. */
  forceEndpointOnSpeechEnd?: boolean;
}

/** Events of {@link HandsFree}. Times are ms on the hands-free audio clock (since `start()`). */
export interface HandsFreeEvents {
  speechStart: [event: { at: number; probability: number }];
  speechEnd: [event: { start: number; end: number; probability: number }];
  vadMisfire: [];
  /** A session opened because someone spoke. */
  sessionStart: [begin: BeginMessage];
  /** The session ended after the silence. */
  sessionEnd: [termination: TerminationMessage | undefined];
  /** A session could not open, the microphone went away, or a listener threw (`listener_threw`). */
  error: [error: EarshotError];
}

const FRAME_SAMPLES = 800; // 50 ms at 16 kHz

/**
 * Hands-free transcription: the microphone and the detector listen locally with no session open (sessions are
 * billed by their length); when someone speaks a session opens (its token fetched then), the pre-roll is sent
 * first so the first word is kept, and after `endAfterSilenceMs` of silence the session ends.
 *
 * @example
 * const handsFree = new HandsFree({ transcriber: new Transcriber({ token: '/api/token' }) });
 * handsFree.transcriber.on('final', (turn) => show(turn.transcript));
 * await handsFree.start();
 */
export class HandsFree extends EventSurface<HandsFreeEvents> {
  readonly transcriber: Transcriber;
  readonly #options: HandsFreeOptions;
  readonly #mic: MicrophoneSource;
  readonly #capture: Capture;
  readonly #emit: Emit<HandsFreeEvents>;
  #detector: VoiceDetector | undefined;
  #preRoll: Int16Array[] = [];
  #live = false;
  #ending: Promise<void> | undefined;
  #endTimer: ReturnType<typeof setTimeout> | undefined;
  #capturedMs = 0;
  #offset = 0;
  /** Bumped by stop() at once: a start() still loading the detector or opening the microphone sees it. */
  #generation = 0;
  /** From start() until stop() or that start's failure: a second start() meanwhile is refused, as Transcriber's is. */
  #started = false;
  /** The last stop() (settled when it has released everything): a start() waits for it. */
  #stopping: Promise<void> = Promise.resolve();
  /** Bumped by each #endSession() that ends a session: an opening it cancelled rejects `aborted`, not an error. */
  #ends = 0;
  /** Sessions opened so far. */
  sessions = 0;

  constructor(options: HandsFreeOptions) {
    // The same listener isolation as the Transcriber's: a throwing listener becomes a typed `error` event.
    let emit!: Emit<HandsFreeEvents>;
    super((e) => (emit = e));
    this.#emit = emit;
    this.#options = options;
    this.transcriber = options.transcriber;
    this.#mic = new MicrophoneSource(options.microphone);
    // The Transcriber's own capture code: one lifecycle, every frame handler guarded.
    this.#capture = new Capture({ sampleRate: 16000, chunkSamples: FRAME_SAMPLES }, {
      frame: (frame) => this.#onFrame(frame.pcm),
      deviceChange: () => undefined,
      deviceError: (error) => this.#emit('error', error),
    });
    // A session that ends on its own (an error, the attempts spent) puts us back to listening.
    this.transcriber.on('close', () => {
      this.#live = false;
    });
  }

  /** The microphone in use (its stream and AudioContext are shared with the detector). */
  get microphone(): MicrophoneSource {
    return this.#mic;
  }

  /** True while a session is open or opening. */
  get inSession(): boolean {
    return this.#live;
  }

  /**
   * Loads the detector, then opens the microphone and starts listening locally — in that order, so that
   * speech from the first instant is judged. No session is opened until someone speaks. Rejects with a
   * `CaptureError` when the microphone cannot open or the detector's files do not load (`vad_load_failed`), and
   * then leaves nothing open; with `aborted` when stop() comes first (nothing is left open then either); with a
   * `UsageError` `invalid_state` when called again before stop() — while the first start() is under way (a double
   * click) too, which goes on untouched.
   */
  async start(): Promise<void> {
    if (this.#started) throw new UsageError('invalid_state', 'HandsFree.start() while started: call stop() first');
    this.#started = true;
    const generation = this.#generation;
    const superseded = (): void => {
      if (generation !== this.#generation) throw new EarshotError('aborted', 'Cancelled');
    };
    // Its own, not this.#detector: a stop() while it loads cannot see it, so it is destroyed here.
    let detector: VoiceDetector | undefined;
    try {
      // A stop() still under way (waiting for the last session's end) releases the microphone last: opening it
      // again before then would hand that stop the new capture to release, and leave the old one on.
      await this.#stopping.catch(() => undefined);
      superseded();
      detector = await VoiceDetector.load(this.#options.vad ?? {}, {
        speechStart: (at, probability) => this.#onSpeechStart(at + this.#offset, probability),
        speechEnd: (start, end, probability) => this.#onSpeechEnd(start + this.#offset, end + this.#offset, probability),
        misfire: () => this.#emit('vadMisfire'),
      });
      superseded();
      this.#detector = detector;
      await this.#capture.start(this.#mic);
      this.#offset = this.#capturedMs;
      await detector.listen(this.#mic.mediaStream!, this.#mic.audioContext!);
      superseded();
    } catch (err) {
      await detector?.destroy().catch(() => undefined);
      // A stop() meanwhile released the microphone already (and a start() after it may own it now).
      if (generation === this.#generation) {
        this.#started = false;
        this.#detector = undefined;
        await this.#capture.stop().catch(() => undefined);
      }
      throw err;
    }
  }

  /** Ends any session, frees the detector and releases the microphone. */
  stop(): Promise<void> {
    this.#generation++;
    this.#started = false;
    clearTimeout(this.#endTimer);
    // After any earlier stop(): start() waits for the last one, which then is the last to touch the microphone.
    const earlier = this.#stopping.catch(() => undefined);
    return (this.#stopping = (async () => {
      await earlier;
      await this.#detector?.destroy();
      this.#detector = undefined;
      await this.#endSession();
      await this.#capture.stop().catch((err: unknown) => this.#emit('error', toEarshotError(err)));
      this.#preRoll = [];
    })());
  }

  #onFrame(pcm: Int16Array): void {
    this.#capturedMs += (pcm.length / 16000) * 1000;
    if (this.#live && this.transcriber.state !== 'closed') {
      this.transcriber.sendAudio(pcm);
      return;
    }
    this.#preRoll.push(pcm);
    const keep = Math.ceil((this.#options.preRollMs ?? 1000) / 50);
    if (this.#preRoll.length > keep) this.#preRoll.splice(0, this.#preRoll.length - keep);
  }

  #onSpeechStart(at: number, probability: number): void {
    clearTimeout(this.#endTimer);
    this.#endTimer = undefined;
    this.#emit('speechStart', { at, probability });
    if (!this.#live) void this.#openSession();
  }

  #onSpeechEnd(start: number, end: number, probability: number): void {
    this.#emit('speechEnd', { start, end, probability });
    if (!this.#live) return;
    if (this.#options.forceEndpointOnSpeechEnd && this.transcriber.state === 'open') this.transcriber.forceEndpoint();
    clearTimeout(this.#endTimer);
    this.#endTimer = setTimeout(() => void this.#endSession(), this.#options.endAfterSilenceMs ?? 2000);
  }

  async #openSession(): Promise<void> {
    const generation = this.#generation;
    await this.#ending;
    // A stop() while the last session ended: HandsFree is off, and opens nothing.
    if (this.#live || generation !== this.#generation) return;
    this.#live = true;
    const ends = this.#ends;
    // The session's first audio is the pre-roll: the words before the detector decided.
    const held = this.#preRoll;
    this.#preRoll = [];
    try {
      const connecting = this.transcriber.connect();
      for (const pcm of held) this.transcriber.sendAudio(pcm);
      const begin = await connecting;
      this.sessions += 1;
      this.#emit('sessionStart', begin);
    } catch (err) {
      if (ends === this.#ends) this.#live = false;
      // Our own stop() (or the silence timer's end) cancelled it: what was asked for, not a failure.
      if (ends === this.#ends || !(err instanceof EarshotError && err.code === 'aborted')) this.#emit('error', toEarshotError(err));
    }
  }

  #endSession(): Promise<void> {
    if (!this.#live) return this.#ending ?? Promise.resolve();
    // From now on frames go to the pre-roll again: speech during the stop opens the next session.
    this.#live = false;
    this.#ends++;
    this.#ending = this.transcriber.stop().then((termination) => {
      this.#ending = undefined;
      this.#emit('sessionEnd', termination);
    });
    return this.#ending;
  }
}

function toEarshotError(err: unknown): EarshotError {
  return err instanceof EarshotError ? err : new UsageError('invalid_state', `HandsFree failed (${(err as Error)?.name ?? typeof err})`, { cause: err });
}
