import type { DeviceInfo } from '../audio/microphone-source.js';
import type { EarshotError } from '../errors.js';
import type {
  BeginMessage,
  HeartbeatMessage,
  LLMGatewayResponseMessage,
  SilenceMessage,
  SpeakerRevisionMessage,
  SpeechStartedMessage,
  TerminationMessage,
  TurnMessage,
  WarningMessage,
} from '../protocol/messages.js';

/**
 * The session's states:
 * - `idle`: created, never connected;
 * - `connecting`: fetching the token, opening the socket, waiting for `Begin`;
 * - `open`: `Begin` arrived; audio flows;
 * - `reconnecting`: the connection dropped; capture goes on, audio is held, and a new session is being opened
 *   (a fresh token, backoff between attempts); unfinished audio is replayed to it;
 * - `closing`: `stop()` was called; remaining audio is flushed and `Termination` awaited;
 * - `closed`: the socket is closed (after `stop()`, an error, or a drop). `connect()` may start a new session.
 */
export type SessionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed';

/** A non-fatal problem: the session goes on. */
export interface TranscriberWarning {
  /** `unparsed_frame`: a frame we could not read or that came out of order (before Begin, a second Begin, after
   * Termination), ignored; `service_warning`: the service's `Warning`;
   * `backpressure`: the socket is not draining, so audio waits in Earshot's buffer; `audio_suspended`: the
   * AudioContext is suspended or interrupted — call `resume()` from a user gesture (Earshot also resumes it on
   * the next one); `audio_stalled`: no audio for `stallWarningMs` while the session is open. */
  code: 'unparsed_frame' | 'service_warning' | 'backpressure' | 'audio_suspended' | 'audio_stalled';
  message: string;
  /** The frame as received, cut to its first 1024 characters (then followed by its length). */
  raw?: string;
  /** The service's Warning message, for `service_warning`. */
  warning?: WarningMessage;
  /** For `audio_suspended`: the AudioContext's state, and whether capture was starting (an autoplay policy). */
  state?: string;
  atStart?: boolean;
}

/** How a session's socket ended. */
export interface CloseInfo {
  /** WebSocket close code (1000 after a normal stop). */
  code: number;
  reason: string;
  /** The error that ended the session, if it did not end normally. */
  error?: EarshotError;
  /** The service's session id, when `Begin` had arrived. */
  sessionId?: string;
}

/** Every event a {@link Transcriber} emits, with its arguments. Many listeners per event are allowed. */
export interface TranscriberEvents {
  /** The state changed. */
  state: [state: SessionState, previous: SessionState];
  /** The service accepted the session. */
  begin: [begin: BeginMessage];
  /** The service heard speech start (U3 models), just before the turn's first `turn`. */
  speechStarted: [event: SpeechStartedMessage];
  /** Every Turn message, partial or final, empty finals included. */
  turn: [turn: TurnMessage];
  /** A Turn still in progress (`end_of_turn: false`). Replace the turn's text by `turn_order`. */
  partial: [turn: TurnMessage];
  /** A finished turn (`end_of_turn: true`) with text. Empty finals are not emitted. */
  final: [turn: TurnMessage];
  /** The service ended the session after `stop()`. */
  termination: [termination: TerminationMessage];
  heartbeat: [heartbeat: HeartbeatMessage];
  speakerRevision: [revision: SpeakerRevisionMessage];
  llmGatewayResponse: [response: LLMGatewayResponseMessage];
  silence: [silence: SilenceMessage];
  /** The connection dropped and a new session will be tried after `delayMs` (attempt 1, 2, …). */
  reconnecting: [info: { attempt: number; delayMs: number; cause: EarshotError }];
  /** A new session took over after a drop; `replayedMs` of unfinished audio is being sent to it first. */
  reconnected: [info: { attempt: number; begin: BeginMessage; replayedMs: number }];
  /** The microphone in use went away and capture switched to the default device; the session goes on. */
  deviceChange: [device: DeviceInfo];
  /** Local voice activity detection (@earshot/vad) heard speech start; `at` is on the session's audio clock (ms). */
  speechStart: [event: { at: number; probability: number }];
  /** Local voice activity detection heard speech end: `start` and `end` on the session's audio clock, and the peak speech probability. */
  speechEnd: [event: { start: number; end: number; probability: number }];
  /** Local voice activity detection heard a start that turned out too short to be speech. */
  vadMisfire: [];
  /** The level (0–1) of each captured frame, for a meter. Only with `start()`. */
  level: [level: { rms: number; peak: number }];
  /** Something odd that did not end the session. */
  warning: [warning: TranscriberWarning];
  /** Something failed after `Begin` (failures before it reject `connect()` instead), or a listener threw. */
  error: [error: EarshotError];
  /** The socket closed. */
  close: [info: CloseInfo];
}
