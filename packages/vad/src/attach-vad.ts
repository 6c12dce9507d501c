import { MediaStreamSource, UsageError, type Transcriber, type VoiceActivitySink } from '@earshot/client';
import type { VadOptions } from './vad-options.js';
import { VoiceDetector } from './voice-detector.js';

/** Voice activity detection for a Transcriber: load it early, attach it once the Transcriber has started. */
export interface Vad {
  /**
   * Starts judging the audio the Transcriber captures — its own stream and AudioContext, never a second
   * getUserMedia — and emits `speechStart`, `speechEnd` and `vadMisfire` on it, on the session's audio clock.
   */
  attach(transcriber: Transcriber): Promise<void>;
  /** Stops judging audio; the microphone keeps running. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Frees the detector; the Transcriber's microphone keeps running. */
  destroy(): Promise<void>;
}

/**
 * Loads the detector (1–4 s: wasm and model) so it is ready when the Transcriber starts. Rejects with a
 * `CaptureError` `vad_load_failed` (naming the URLs it tried) when its files are not served there.
 *
 * @example
 * const vad = await createVad();           // while the page loads
 * await transcriber.start();
 * await vad.attach(transcriber);
 * transcriber.on('speechStart', () => agent.stopTalking()); // barge-in
 */
export async function createVad(options: VadOptions = {}): Promise<Vad> {
  let target: VoiceActivitySink | undefined;
  let offset = 0;
  const detector = await VoiceDetector.load(options, {
    speechStart: (at, probability) => target?.speechStart({ at: at + offset, probability }),
    speechEnd: (start, end, probability) => target?.speechEnd({ start: start + offset, end: end + offset, probability }),
    misfire: () => target?.misfire(),
  });
  return {
    async attach(transcriber) {
      const source = transcriber.audioSource;
      if (!(source instanceof MediaStreamSource) || !source.mediaStream || !source.audioContext) {
        throw new UsageError('invalid_state', 'attach() needs a Transcriber started on a microphone or MediaStream: await transcriber.start() first');
      }
      target = transcriber.voiceActivity();
      // The detector's clock starts now; the session's has been running since capture began.
      offset = transcriber.audioClockMs;
      await detector.listen(source.mediaStream, source.audioContext);
    },
    pause: () => detector.pause(),
    resume: () => detector.resume(),
    destroy: () => detector.destroy(),
  };
}

/** Loads a detector and attaches it to a started Transcriber in one step. */
export async function attachVad(transcriber: Transcriber, options: VadOptions = {}): Promise<Vad> {
  const vad = await createVad(options);
  await vad.attach(transcriber);
  return vad;
}
