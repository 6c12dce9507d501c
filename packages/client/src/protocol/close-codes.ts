import {
  AuthError,
  BadInputError,
  EarshotError,
  NetworkError,
  ProtocolError,
  RateLimitError,
  ServerError,
  SessionExpiredError,
} from '../errors.js';

/** WebSocket close codes the v3 service uses (spec §9). */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  Abnormal: 1006,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
  SessionCancelled: 3005,
  InvalidInput: 3006,
  InputDuration: 3007,
  SessionExpired: 3008,
  TooManySessions: 3009,
} as const;

/**
 * Maps a service error (the `Error` frame's code and text, or only a close code) to an Earshot error class.
 * The `Error` frame's text decides where it is more specific than the code (§5.5: the close reason is useless).
 */
export function errorFromService(code: number | undefined, text: string | undefined, cause?: unknown): EarshotError {
  // Messages are kept short on purpose (they ship in every app's bundle); the service's own text follows `d`.
  const d = text ? `: ${text}` : '';
  const opts = (retriable: boolean) => ({ retriable, closeCode: code, cause });
  const has = (pattern: RegExp) => !!text && pattern.test(text);
  if (code === 3009 || has(/too many concurrent/i)) {
    return new RateLimitError('rate_limited', `Too many new sessions${d}. Wait, then retry.`, opts(true));
  }
  switch (code) {
    case 1008: // PolicyViolation
      if (has(/signature has expired/i)) return new AuthError('auth_token_expired', `Token expired before connecting${d}. Fetch it just before connect().`, opts(true));
      if (has(/missing authorization/i)) return new AuthError('auth_missing', `No credentials${d}. The token endpoint must return a temporary token.`, opts(false));
      if (!text || has(/invalid api key/i)) return new AuthError('auth_invalid', `Token rejected${d}. Check the server's API key; use each token once.`, opts(false));
      return new AuthError('auth_account', `Account refused${d}. Check its status and balance.`, opts(false));
    case 3006: // InvalidInput
      if (has(/inactivity/i)) return new BadInputError('inactivity_timeout', `Nothing sent for too long${d}. Send audio or keepAlive().`, opts(false));
      if (has(/Invalid '/)) return new BadInputError('invalid_params', `Parameter rejected${d}`, opts(false));
      return new BadInputError('invalid_message', `Message rejected${d}`, opts(false));
    case 3007: // InputDuration
      if (has(/rate exceeded/i)) return new BadInputError('audio_rate_exceeded', `Audio sent faster than real time${d}`, opts(false));
      return new BadInputError('audio_chunk_duration', `Audio message outside 50–1000 ms${d}`, opts(false));
    case 1009: // MessageTooBig
      return new BadInputError('message_too_big', `Message over 128 KB${d}. Use smaller chunks.`, opts(false));
    case 3008: // SessionExpired
      return new SessionExpiredError('session_expired', `Session reached its maximum duration${d}. Start a new one.`, opts(true));
    case 3005: // SessionCancelled
    case 1011: // InternalError
    case 1012: // Service Restart
    case 1013: // Try Again Later
      return new ServerError('server_error', `Service failed${d}. A new session usually works.`, opts(true));
    case 1001: // Going Away: what proxies and load balancers send when they restart
    case 1006: // Abnormal
      return new NetworkError('network', `Connection dropped${d}. Check the network.`, opts(true));
    default:
      return new ProtocolError('protocol', `Closed with code ${code ?? 'none'}${d}`, opts(false));
  }
}
