/** @earshot/vad — client-side voice activity detection for Earshot, with @ricky0123/vad-web. */
export { attachVad, createVad, type Vad } from './attach-vad.js';
export { HandsFree, type HandsFreeOptions, type HandsFreeEvents } from './hands-free.js';
export { VoiceDetector, type DetectorCallbacks } from './voice-detector.js';
export { DEFAULT_ASSET_PATH, type VadOptions } from './vad-options.js';
