/** @earshot/emulator — a local, protocol-faithful stand-in for AssemblyAI's Universal Streaming v3 service. */
export { DEFAULT_API_KEY, startEmulator, type Emulator, type EmulatorOptions } from './emulator.js';
export { EmulatorSession, type FrameLogEntry, type AudioRules } from './session.js';
export { type Faults, FAULT_TEXTS } from './faults.js';
export { Texts, API_VERSION } from './protocol-texts.js';
export { SPEECH_MODELS, ENCODINGS, type SessionConfig } from './session-config.js';
export type { Recognizer, RecognizerName, RecognizerSink, RecognizedWord } from './recognizers/recognizer.js';
export { pocketsphinxUnavailable } from './recognizers/pocketsphinx.js';
