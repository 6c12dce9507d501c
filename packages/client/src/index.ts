/**
 * @earshot/client — live speech-to-text in the browser over AssemblyAI Universal Streaming v3.
 * Everything an app uses is exported from here.
 */
export { Transcriber, type TranscriberOptions, type StartOptions, type PauseOptions, type VoiceActivitySink } from './session/transcriber.js';
export { backoffPolicy, type ReconnectOptions, type ReconnectPolicy, type ReconnectContext } from './session/reconnect-policy.js';
export type { ClientOptions } from './session/options.js';
/** Building blocks shared with `@earshot/vad` (HandsFree): one capture lifecycle and listener isolation. */
export { Capture, type CaptureHandlers } from './session/capture.js';
export { EventSurface, type Emit, type EventMap } from './session/event-surface.js';
export type { AudioSource, AudioFormat, AudioFrame } from './audio/audio-source.js';
export { MicrophoneSource, type MicrophoneOptions, type DeviceInfo } from './audio/microphone-source.js';
export { listMicrophones, microphonePermission } from './audio/devices.js';
export { MediaStreamSource, type MediaStreamSourceOptions } from './audio/media-stream-source.js';
export { PcmSource } from './audio/pcm-source.js';
export { Resampler } from './audio/resampler.js';
export { ChannelMixer, type ChannelSelection } from './audio/channel-mixer.js';
export type { SessionState, TranscriberEvents, TranscriberWarning, CloseInfo } from './session/events.js';
export { fetchToken, type TokenSource, type FetchTokenOptions } from './session/token-source.js';
export type { WebSocketLike, WebSocketConstructor } from './session/websocket-like.js';
export {
  EarshotError,
  TokenError,
  AuthError,
  RateLimitError,
  BadInputError,
  SessionExpiredError,
  ServerError,
  NetworkError,
  ProtocolError,
  UsageError,
  CaptureError,
  isRetriableError,
  type EarshotErrorCode,
  type EarshotErrorOptions,
} from './errors.js';
export {
  PARAM_DEFAULTS,
  toWireParams,
  type StreamingParams,
  type UpdatableParams,
  type SpeechModel,
  type AudioEncoding,
  type LlmGatewayConfig,
} from './protocol/connection-params.js';
export { STREAMING_URLS, buildSessionUrl, resolveStreamingUrl, redactUrl, type Region } from './protocol/endpoints.js';
export { CloseCode, errorFromService } from './protocol/close-codes.js';
export { parseServerMessage, type ParsedFrame } from './protocol/parse-message.js';
export type * from './protocol/messages.js';
