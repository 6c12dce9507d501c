import {
  AuthError,
  BadInputError,
  type EarshotError,
  type EarshotErrorCode,
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

type ErrorClass = new (code: EarshotErrorCode, message: string, options: { retriable: boolean; closeCode?: number; cause?: unknown }) => EarshotError;

/**
 * Service errors, first match wins: a pattern tried on `"<code> <Error frame text>"` (so the text decides where it
 * is more specific than the code, §5.5: the close reason is useless), the class, the code, what to tell the app
 * (the service's own text follows it), and 1 when a new session can succeed. Kept short: it ships in every bundle.
 */
const RULES: [RegExp, ErrorClass, EarshotErrorCode, string, 1?][] = [
  [/^3009|too many concurrent/i, RateLimitError, 'rate_limited', 'Too many sessions: retry later', 1],
  [/^1008 .*signature has expired/is, AuthError, 'auth_token_expired', 'Token expired: fetch it just before use', 1],
  [/^1008 .*missing authorization/is, AuthError, 'auth_missing', 'No token: the endpoint must return a temporary token'],
  [/^1008 (.*invalid api key|$)/is, AuthError, 'auth_invalid', 'Token rejected: check the API key; use each token once'],
  [/^1008/, AuthError, 'auth_account', 'Account refused: check its balance'],
  [/^3006 .*inactivity/is, BadInputError, 'inactivity_timeout', 'Idle too long: send audio or keepAlive()'],
  [/^3006 .*invalid '/is, BadInputError, 'invalid_params', 'Parameter rejected'],
  [/^3006/, BadInputError, 'invalid_message', 'Message rejected'],
  [/^3007 .*rate exceeded/is, BadInputError, 'audio_rate_exceeded', 'Audio sent faster than real time'],
  [/^3007/, BadInputError, 'audio_chunk_duration', 'Audio chunk not 50–1000 ms'],
  [/^1009/, BadInputError, 'message_too_big', 'Message over 128 KB: use smaller chunks'],
  [/^3008/, SessionExpiredError, 'session_expired', 'Session at its maximum duration: start a new one', 1],
  // 3005 session cancelled, 1011 internal error, 1012 service restart, 1013 try again later.
  [/^(3005|101[123])/, ServerError, 'server_error', 'Service failed: retry', 1],
  // 1001 going away (what proxies and load balancers send when they restart), 1006 abnormal.
  [/^100[16]/, NetworkError, 'network', 'Connection dropped: check the network', 1],
  [/^/, ProtocolError, 'protocol', 'Unknown close code'],
];

/**
 * Maps a service error (the `Error` frame's code and text, or only a close code) to an Earshot error class.
 * The `Error` frame's text decides where it is more specific than the code (§5.5: the close reason is useless).
 * The message says what happened and what to do, then quotes the close code and the service's text.
 */
export function errorFromService(code: number | undefined, text: string | undefined, cause?: unknown): EarshotError {
  const [, Class, name, message, retriable] = RULES.find(([pattern]) => pattern.test(`${code} ${text ?? ''}`))!;
  return new Class(name, `${message} (${code ?? 'no code'}${text ? `: ${text}` : ''})`, { retriable: !!retriable, closeCode: code, cause });
}
