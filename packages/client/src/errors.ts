/**
 * Earshot's errors: one base class with a stable string `code` to branch on, a `retriable` flag that says
 * whether trying again (with a fresh token) can succeed, and the underlying `cause`.
 */

/** Every error code Earshot produces. Stable: safe to switch on. */
export type EarshotErrorCode =
  // token source
  | 'token_http'
  | 'token_response'
  | 'token_timeout'
  | 'token_network'
  | 'token_source'
  // authentication / account (1008)
  | 'auth_missing'
  | 'auth_invalid'
  | 'auth_token_expired'
  | 'auth_account'
  // rate limit (3009, or 1008 "Too many concurrent sessions")
  | 'rate_limited'
  // bad input (3006, 3007, 1009)
  | 'invalid_params'
  | 'invalid_message'
  | 'inactivity_timeout'
  | 'audio_chunk_duration'
  | 'audio_rate_exceeded'
  | 'message_too_big'
  | 'url_too_long'
  // session expired (3008)
  | 'session_expired'
  // server (3005, 1011)
  | 'server_error'
  // network (1006, timeouts, socket errors)
  | 'network'
  | 'connect_timeout'
  // protocol: something the service should not have done
  | 'protocol'
  // capture (microphone, browser)
  | 'mic_permission_denied'
  | 'mic_not_found'
  | 'mic_in_use'
  | 'mic_overconstrained'
  | 'insecure_context'
  | 'unsupported_browser'
  | 'worklet_load_failed'
  // @earshot/vad: vad-web's model, worklet or onnxruntime files did not load (not served where it looked)
  | 'vad_load_failed'
  | 'audio_suspended'
  | 'audio_stalled'
  // usage and local problems
  | 'aborted'
  | 'invalid_state'
  | 'audio_dropped'
  | 'listener_threw';

/** Options for {@link EarshotError}. */
export interface EarshotErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** The WebSocket close code or service `error_code`, when one was involved. */
  closeCode?: number;
}

/** Base class of every error Earshot emits or rejects with. */
export class EarshotError extends Error {
  // Set per class: bundlers rename classes, so `new.target.name` would be a minified letter.
  override name = 'EarshotError';
  // `declare`: assigned in the constructor only, so no field initialisers are emitted for them.
  /** Stable machine-readable code. */
  declare readonly code: EarshotErrorCode;
  /** True when trying again (fresh token, new session) can succeed. */
  declare readonly retriable: boolean;
  /** The close code or service `error_code`, if any. */
  declare readonly closeCode: number | undefined;

  constructor(code: EarshotErrorCode, message: string, options: EarshotErrorOptions = {}) {
    // Error reads only `cause` from the options; an undefined one is left out, so none shows in logs.
    super(message, options.cause === undefined ? undefined : options);
    this.code = code;
    this.retriable = !!options.retriable;
    this.closeCode = options.closeCode;
  }
}

/** The token endpoint or function failed; `status` is the HTTP status when there was one. */
export class TokenError extends EarshotError {
  override name = 'TokenError';
  declare readonly status: number | undefined;
  constructor(code: EarshotErrorCode, message: string, options: EarshotErrorOptions & { status?: number } = {}) {
    super(code, message, options);
    this.status = options.status;
  }
}

/** The service refused the credentials or the account (close 1008). */
export class AuthError extends EarshotError {
  override name = 'AuthError';
}

/** Too many new sessions per minute (3009, or 1008 with "Too many concurrent sessions"): back off. */
export class RateLimitError extends EarshotError {
  override name = 'RateLimitError';
}

/** The service rejected what we sent: parameters, messages, chunk sizes or pacing (3006, 3007, 1009). */
export class BadInputError extends EarshotError {
  override name = 'BadInputError';
}

/** The session reached its maximum duration (3008): start a new one. */
export class SessionExpiredError extends EarshotError {
  override name = 'SessionExpiredError';
}

/** The service failed (3005, 1011): a new session usually works. */
export class ServerError extends EarshotError {
  override name = 'ServerError';
}

/** The connection dropped or could not be made in time (1006, timeouts). */
export class NetworkError extends EarshotError {
  override name = 'NetworkError';
}

/** The service broke the protocol, or closed in a way this SDK does not know. */
export class ProtocolError extends EarshotError {
  override name = 'ProtocolError';
}

/** Misuse or a local condition: wrong state, aborted, audio dropped, a listener threw. */
export class UsageError extends EarshotError {
  override name = 'UsageError';
}

/** True when `err` is an {@link EarshotError} that may succeed if tried again. */
export function isRetriableError(err: unknown): boolean {
  return err instanceof EarshotError && err.retriable;
}

/** Capture failed: microphone permission, device, browser support, or the worklet could not load. */
export class CaptureError extends EarshotError {
  override name = 'CaptureError';
}
