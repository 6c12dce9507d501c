/**
 * @earshot/react — React hooks for live captions with Earshot. `useHandsFree` (needs @earshot/vad) is in
 * `@earshot/react/hands-free`, so apps without voice detection never load it.
 */
export { useTranscriber, type UseTranscriberOptions, type UseTranscriberResult } from './use-transcriber.js';
export { useMicrophones, type UseMicrophonesResult } from './use-microphones.js';
export type { MicrophonePermission } from './microphones-store.js';
export type { CaptionLog } from './caption-log.js';
