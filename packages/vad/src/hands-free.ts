import { EventEmitter } from 'eventemitter3';
import { MicrophoneSource, type BeginMessage, type EarshotError, type MicrophoneOptions, type TerminationMessage, type Transcriber } from '@earshot/client';
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
  error: [error: EarshotError | Error];
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
export class HandsFree extends EventEmitter<HandsFreeEvents> {
  readonly transcriber: Transcriber;
  readonly #options: HandsFreeOptions;
  readonly #mic: MicrophoneSource;
  #detector: VoiceDetector | undefined;
  #preRoll: Int16Array[] = [];
  #live = false;
  #ending: Promise<void> | undefined;
  #endTimer: ReturnType<typeof setTimeout> | undefined;
  #capturedMs = 0;
  #offset = 0;
  /** Sessions opened so far. */
  sessions = 0;

  constructor(options: HandsFreeOptions) {
    super();
    this.#options = options;
    this.transcriber = options.transcriber;
    this.#mic = new MicrophoneSource(options.microphone);
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
   * speech from the first instant is judged. No session is opened until someone speaks.
   */
  async start(): Promise<void> {
    this.#detector = await VoiceDetector.load(this.#options.vad ?? {}, {
      speechStart: (at, probability) => this.#onSpeechStart(at + this.#offset, probability),
      speechEnd: (start, end, probability) => this.#onSpeechEnd(start + this.#offset, end + this.#offset, probability),
      misfire: () => this.emit('vadMisfire'),
    });
    try {
      await this.#mic.start({ sampleRate: 16000, chunkSamples: FRAME_SAMPLES }, (frame) => this.#onFrame(frame.pcm));
      this.#offset = this.#capturedMs;
      await this.#detector.listen(this.#mic.mediaStream!, this.#mic.audioContext!);
    } catch (err) {
      await this.#detector.destroy().catch(() => undefined);
      await this.#mic.stop();
      throw err;
    }
  }

  /** Ends any session, frees the detector and releases the microphone. */
  async stop(): Promise<void> {
    clearTimeout(this.#endTimer);
    await this.#detector?.destroy();
    this.#detector = undefined;
    await this.#endSession();
    await this.#mic.stop();
    this.#preRoll = [];
  }

  #onFrame(pcm: Int16Array): void {
    this.#capturedMs += (pcm.length / 16000) * 1000;
    if (this.#live) {
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
    this.emit('speechStart', { at, probability });
    if (!this.#live) void this.#openSession();
  }

  #onSpeechEnd(start: number, end: number, probability: number): void {
    this.emit('speechEnd', { start, end, probability });
    if (!this.#live) return;
    if (this.#options.forceEndpointOnSpeechEnd && this.transcriber.state === 'open') this.transcriber.forceEndpoint();
    clearTimeout(this.#endTimer);
    this.#endTimer = setTimeout(() => void this.#endSession(), this.#options.endAfterSilenceMs ?? 2000);
  }

  async #openSession(): Promise<void> {
    await this.#ending;
    if (this.#live) return;
    this.#live = true;
    // The session's first audio is the pre-roll: the words before the detector decided.
    const held = this.#preRoll;
    this.#preRoll = [];
    const connecting = this.transcriber.connect();
    for (const pcm of held) this.transcriber.sendAudio(pcm);
    try {
      const begin = await connecting;
      this.sessions += 1;
      this.emit('sessionStart', begin);
    } catch (err) {
      this.#live = false;
      this.emit('error', err as Error);
    }
  }

  #endSession(): Promise<void> {
    if (!this.#live) return this.#ending ?? Promise.resolve();
    this.#live = false;
    this.#ending = this.transcriber.stop().then(
      (termination) => {
        this.#ending = undefined;
        this.emit('sessionEnd', termination);
      },
      (err: Error) => {
        this.#ending = undefined;
        this.emit('error', err);
      },
    );
    return this.#ending;
  }
}
