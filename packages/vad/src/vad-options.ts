/** Options of the voice activity detector (vad-web 0.0.31's, with its defaults, the same for both models). */
export interface VadOptions {
  /** Silero model: `'v5'` (default, 32 ms frames) or `'legacy'` (96 ms frames, a little cheaper). */
  model?: 'v5' | 'legacy';
  /** Probability over which a frame is speech. Default 0.3. */
  positiveSpeechThreshold?: number;
  /** Probability under which a frame is not speech. Default 0.25. */
  negativeSpeechThreshold?: number;
  /** Silence (ms) after speech before `speechEnd`. Default 1400. */
  redemptionMs?: number;
  /** Audio (ms) kept before the detected start. Default 800. */
  preSpeechPadMs?: number;
  /** Speech shorter than this (ms) is a `vadMisfire`. Default 400. */
  minSpeechMs?: number;
  /** Where vad-web's worklet and models are served (see the README: the Vite plugin serves `/earshot-vad/`). */
  baseAssetPath?: string;
  /** Where onnxruntime-web's `.mjs`/`.wasm` are served. */
  onnxWASMBasePath?: string;
}

/** The path the Vite plugin serves the assets at. */
export const DEFAULT_ASSET_PATH = '/earshot-vad/';
