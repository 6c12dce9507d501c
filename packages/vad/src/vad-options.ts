/** Options of the voice activity detector (vad-web's, with its defaults for the chosen model). */
export interface VadOptions {
  /** Silero model: `'v5'` (default, 32 ms frames) or `'legacy'` (96 ms frames, a little cheaper). */
  model?: 'v5' | 'legacy';
  /** Probability over which a frame is speech. vad-web's default: 0.5 (v5) / 0.3 (legacy). */
  positiveSpeechThreshold?: number;
  /** Probability under which a frame is not speech. vad-web's default: 0.35 (v5) / 0.15 (legacy). */
  negativeSpeechThreshold?: number;
  /** Silence (ms) after speech before `speechEnd`. vad-web's default: 1400 ms. */
  redemptionMs?: number;
  /** Audio (ms) kept before the detected start. vad-web's default: 800 ms (v5) / 250 ms (legacy). */
  preSpeechPadMs?: number;
  /** Speech shorter than this (ms) is a `vadMisfire`. vad-web's default: 400 ms (v5) / 250 ms (legacy). */
  minSpeechMs?: number;
  /** Where vad-web's worklet and models are served (see the README: the Vite plugin serves `/earshot-vad/`). */
  baseAssetPath?: string;
  /** Where onnxruntime-web's `.mjs`/`.wasm` are served. */
  onnxWASMBasePath?: string;
}

/** The path the Vite plugin serves the assets at. */
export const DEFAULT_ASSET_PATH = '/earshot-vad/';
