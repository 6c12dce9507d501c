import type { EarshotError } from '../errors.js';

/** What a {@link ReconnectPolicy} is asked after each failure. */
export interface ReconnectContext {
  /** Failures in a row since the session was last healthy (1 for the first). */
  attempt: number;
  /** Why the last attempt failed, or why the session dropped. Always retriable. */
  cause: EarshotError;
}

/**
 * Decides whether and when to try again after a retriable failure — for the first connection and after every
 * drop alike. Return the delay in ms, or `null` to give up (the session then ends with `cause`).
 */
export interface ReconnectPolicy {
  nextDelayMs(context: ReconnectContext): number | null;
}

/** Options of the built-in exponential backoff. */
export interface ReconnectOptions {
  /** Failures in a row (since the session was last healthy) before giving up with the last error. Default 4. */
  maxAttempts?: number;
  /** First delay; doubled each attempt, with jitter. Default 500 ms (at least 5 s when rate-limited). */
  baseDelayMs?: number;
  /** Longest delay. Default 10 000 ms. */
  maxDelayMs?: number;
  /**
   * An open session counts as healthy — and the failure count starts again — after a final turn or after this
   * many ms open. Default 10 000. A service that fails every session right after `Begin` thus gets at most
   * `maxAttempts` sessions.
   */
  healthyAfterMs?: number;
}

/** The built-in policy: exponential backoff with jitter (half to all of each step), seconds when rate-limited. */
export function backoffPolicy(options: ReconnectOptions = {}): ReconnectPolicy {
  const { maxAttempts = 4, baseDelayMs = 500, maxDelayMs = 10_000 } = options;
  return {
    nextDelayMs({ attempt, cause }) {
      if (attempt >= maxAttempts) return null;
      const base = cause.code === 'rate_limited' ? Math.max(5000, baseDelayMs) : baseDelayMs;
      return Math.round(Math.min(maxDelayMs, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
    },
  };
}

/** The policy the `reconnect` option asks for, or undefined for none; and after how long a session is healthy. */
export function toReconnectPolicy(option: false | ReconnectOptions | ReconnectPolicy | undefined): { policy: ReconnectPolicy | undefined; healthyAfterMs: number } {
  const own = typeof (option as ReconnectPolicy | undefined)?.nextDelayMs === 'function';
  return {
    policy: option === false ? undefined : own ? (option as ReconnectPolicy) : backoffPolicy(option as ReconnectOptions | undefined),
    // Without retries the failure count is never read.
    healthyAfterMs: (own ? undefined : (option as ReconnectOptions | undefined)?.healthyAfterMs) ?? 10_000,
  };
}
