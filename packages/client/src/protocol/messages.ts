/**
 * Server → client messages of the v3 streaming protocol, typed as they arrive on the wire (snake_case).
 * Spec: docs/protocol.md §5. Unknown fields are kept; never branch on `turn_is_formatted`.
 */

/** Echo of the configuration the server applied (newer servers only; unset optionals are `null`). */
export interface BeginConfiguration {
  model?: string;
  mode?: string | null;
  api_version?: string;
  speaker_labels?: boolean;
  redact_pii?: boolean;
  filter_profanity?: boolean;
  domain?: string | null;
  voice_focus?: string | null;
  [key: string]: unknown;
}

/** `Begin` — the session is accepted; always the first message (§5.1). */
export interface BeginMessage {
  type: 'Begin';
  /** Session UUID: quote it to support. */
  id: string;
  /** Unix time in seconds when the service will end the session (3008). */
  expires_at: number;
  configuration?: BeginConfiguration;
}

/** `SpeechStarted` — speech onset, sent right before a turn's first `Turn` on U3 models (§5.2). */
export interface SpeechStartedMessage {
  type: 'SpeechStarted';
  /** Milliseconds from the start of the audio stream. */
  timestamp: number;
  confidence?: number;
}

/** One word of a `Turn` (§5.3). Times are milliseconds from the start of the audio stream. */
export interface Word {
  text: string;
  start: number;
  end: number;
  confidence: number;
  word_is_final: boolean;
  speaker?: string;
  speaker_confidence?: number;
}

/** `Turn` — a partial (`end_of_turn: false`) or final transcript of one turn (§5.3). */
export interface TurnMessage {
  type: 'Turn';
  /** 0 for the first turn, +1 per turn; every message of a turn shares it. Replace text by it, never append. */
  turn_order: number;
  turn_is_formatted: boolean;
  /** The only reliable "turn finished" signal. */
  end_of_turn: boolean;
  transcript: string;
  end_of_turn_confidence: number;
  words: Word[];
  utterance?: string;
  language_code?: string;
  language_confidence?: number;
  speaker_label?: string;
  speaker_confidence?: number;
}

/** `Termination` — graceful end after `Terminate`; the server then closes with 1000 (§5.4). */
export interface TerminationMessage {
  type: 'Termination';
  audio_duration_seconds?: number;
  session_duration_seconds?: number;
}

/** `Error` — fatal; always followed by a close with the same code (§5.5, §9). `error_code` is absent in the legacy `{error}` form. */
export interface ErrorMessage {
  type: 'Error';
  error_code?: number;
  error: string;
}

/** `Warning` — non-fatal; the session goes on (§5.6). */
export interface WarningMessage {
  type: 'Warning';
  warning_code?: number;
  warning: string;
}

/** `Heartbeat` — every ~5 s with `session_heartbeat=true` (§5.7). */
export interface HeartbeatMessage {
  type: 'Heartbeat';
  total_audio_received_ms?: number;
  total_duration_ms?: number;
  realtime_factor?: number;
  max_speech_probability?: number;
}

/** One turn whose speaker labels changed (§5.8). */
export interface SpeakerRevisionTurn {
  turn_order: number;
  speaker_label?: string;
  words: Word[];
}

/** `SpeakerRevision` — diarization corrections; apply in order, last wins per `turn_order` (§5.8). */
export interface SpeakerRevisionMessage {
  type: 'SpeakerRevision';
  revisions: SpeakerRevisionTurn[];
}

/** `LLMGatewayResponse` — one per completed turn with `llm_gateway` (§5.9). */
export interface LLMGatewayResponseMessage {
  type: 'LLMGatewayResponse';
  turn_order?: number;
  transcript?: string;
  data: unknown;
}

/** `Silence` — ~1/s while nothing is transcribed, with `acknowledge_silence=true` (§5.10). */
export interface SilenceMessage {
  type: 'Silence';
  start_ms: number;
  end_ms: number;
}

/** Every server message this SDK understands. */
export type ServerMessage =
  | BeginMessage
  | SpeechStartedMessage
  | TurnMessage
  | TerminationMessage
  | ErrorMessage
  | WarningMessage
  | HeartbeatMessage
  | SpeakerRevisionMessage
  | LLMGatewayResponseMessage
  | SilenceMessage;

/** The `type` values of {@link ServerMessage}. */
export type ServerMessageType = ServerMessage['type'];
