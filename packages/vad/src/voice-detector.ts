import { CaptureError, EarshotError } from '@earshot/client';
import type { MicVAD } from '@ricky0123/vad-web';
import { quietVadLog } from './quiet-vad-log.js';
import { DEFAULT_ASSET_PATH, type VadOptions } from './vad-options.js';

/** What the detector reports, on its own clock: milliseconds of audio it has judged since it started. */
export interface DetectorCallbacks {
  speechStart(atMs: number, probability: number): void;
  speechEnd(startMs: number, endMs: number, probability: number): void;
  misfire(): void;
}

/**
 * vad-web's detector on a stream and AudioContext that someone else owns (Earshot's): it never calls
 * getUserMedia, and pausing or destroying it never stops the shared tracks.
 */
export class VoiceDetector {
  #vad: MicVAD | undefined;
  #clockMs = 0;
  #frameMs = 32;
  #startMs: number | undefined;
  #peak = 0;
  #last = 0;

  #stream: MediaStream | undefined;
  #options: VadOptions = {};

  /** Loads the model and starts listening to `stream` (shared, never stopped) in `audioContext`. */
  static async start(stream: MediaStream, audioContext: AudioContext, options: VadOptions, callbacks: DetectorCallbacks): Promise<VoiceDetector> {
    const detector = await VoiceDetector.load(options, callbacks);
    await detector.listen(stream, audioContext);
    return detector;
  }

  /**
   * Loads the model (1–4 s here: wasm compile and model load) without listening yet, so that it can be
   * ready before the microphone opens.
   */
  static async load(options: VadOptions, callbacks: DetectorCallbacks): Promise<VoiceDetector> {
    const detector = new VoiceDetector();
    detector.#options = options;
    const { MicVAD } = await import('@ricky0123/vad-web');
    const model = options.model ?? 'v5';
    detector.#frameMs = model === 'legacy' ? 96 : 32;
    const base = options.baseAssetPath ?? DEFAULT_ASSET_PATH;
    const tuning = Object.fromEntries(
      (['positiveSpeechThreshold', 'negativeSpeechThreshold', 'redemptionMs', 'preSpeechPadMs', 'minSpeechMs'] as const)
        .filter((k) => options[k] !== undefined)
        .map((k) => [k, options[k]]),
    );
    const redemptionMs = options.redemptionMs ?? 1400;
    detector.#vad = await loading(options, () => MicVAD.new({
      model,
      ...tuning,
      baseAssetPath: base,
      onnxWASMBasePath: options.onnxWASMBasePath ?? base,
      startOnLoad: false,
      // The stream is Earshot's: hand it over, and never stop its tracks.
      getStream: async () => detector.#stream!,
      pauseStream: async () => undefined,
      resumeStream: async () => detector.#stream!,
      onFrameProcessed: (probabilities) => {
        detector.#clockMs += detector.#frameMs;
        detector.#last = probabilities.isSpeech;
        if (detector.#startMs !== undefined) detector.#peak = Math.max(detector.#peak, probabilities.isSpeech);
      },
      onSpeechStart: () => {
        // vad-web decides on the frame that crossed the threshold: that frame's start is the onset.
        detector.#startMs = Math.max(0, detector.#clockMs - detector.#frameMs);
        detector.#peak = detector.#last;
        callbacks.speechStart(detector.#startMs, detector.#last);
      },
      onSpeechRealStart: () => undefined,
      onVADMisfire: () => {
        detector.#startMs = undefined;
        callbacks.misfire();
      },
      onSpeechEnd: () => {
        // It fires after `redemptionMs` of silence: the speech ended that long ago.
        const end = Math.max(detector.#startMs ?? 0, detector.#clockMs - redemptionMs);
        callbacks.speechEnd(detector.#startMs ?? end, end, detector.#peak);
        detector.#startMs = undefined;
      },
    }));
    return detector;
  }

  /** Starts judging `stream` in `audioContext` (both shared: the detector adds only its own node). */
  async listen(stream: MediaStream, audioContext: AudioContext): Promise<void> {
    this.#stream = stream;
    this.#vad!.options.audioContext = audioContext;
    // The worklet file loads here.
    await loading(this.#options, () => this.#vad!.start());
  }

  /** Milliseconds of audio judged so far. */
  get clockMs(): number {
    return this.#clockMs;
  }

  /** Stops judging audio (the shared tracks keep running). */
  async pause(): Promise<void> {
    await this.#vad?.pause();
  }

  /** Judges audio again. */
  async resume(): Promise<void> {
    if (this.#vad) await quietVadLog(() => this.#vad!.start());
  }

  /** Frees the model and the detector's own audio node (the shared tracks and context keep running). */
  async destroy(): Promise<void> {
    const vad = this.#vad;
    this.#vad = undefined;
    // A detector that never listened has no audio nodes; vad-web's destroy() would throw on that.
    if (vad && this.#stream) await quietVadLog(() => vad.destroy());
  }
}

/**
 * Runs one of vad-web's loading steps (quietly, see quietVadLog). What it rejects with — onnxruntime's or vad-web's
 * plain Error ("no available backend found…", "Failed to fetch dynamically imported module…"), most often because
 * the files are not served where it looked — becomes a `CaptureError` `vad_load_failed` that names those URLs and
 * where the README says how to serve them; the original is its `cause`.
 */
async function loading<T>(options: VadOptions, step: () => Promise<T>): Promise<T> {
  try {
    return await quietVadLog(step);
  } catch (err) {
    if (err instanceof EarshotError) throw err;
    const base = options.baseAssetPath ?? DEFAULT_ASSET_PATH;
    const wasm = options.onnxWASMBasePath ?? base;
    const at = (path: string) => {
      try {
        return new URL(path, globalThis.location?.href).href;
      } catch {
        return path;
      }
    };
    throw new CaptureError(
      'vad_load_failed',
      `Voice activity detector did not load from ${at(base)} (baseAssetPath)${wasm === base ? '' : ` and ${at(wasm)} (onnxWASMBasePath)`}: ` +
        `serve vad-web's and onnxruntime-web's files there (@earshot/vad README, "Serving the assets"); ${(err as Error)?.name ?? typeof err} in cause`,
      { cause: err },
    );
  }
}
