import { EarshotError, NetworkError } from '../errors.js';
import { aborted, deadline } from './deadline.js';
import type { ReconnectPolicy } from './reconnect-policy.js';

/** What {@link connectWithRetry} needs. */
export interface RetryOptions<T> {
  /** One attempt: a fresh token and a new connection. */
  attempt(signal: AbortSignal): Promise<T>;
  /** Undefined: never retry. */
  policy: ReconnectPolicy | undefined;
  signal: AbortSignal;
  /** Counts failures since the session was last healthy; shared with whoever decides what healthy is. */
  failures: { count: number };
  /** A retry is scheduled. */
  onRetry(info: { attempt: number; delayMs: number; cause: EarshotError }): void;
}

/**
 * The one connect-with-retry path, for the first connection (`cause` undefined) and after a drop (`cause`: why
 * it dropped). Each failure counts; the policy says how long to wait or to give up. Rejects with the last error
 * (typed), or `aborted` when the signal fires.
 */
export async function connectWithRetry<T>(options: RetryOptions<T>, cause?: EarshotError): Promise<T> {
  const { signal, failures, policy } = options;
  for (;;) {
    // Cancelled (a stop() from a listener of what this emits, say): nothing more is scheduled nor reported.
    if (signal.aborted) throw aborted();
    if (cause) {
      failures.count += 1;
      const delayMs = cause.retriable && policy ? policy.nextDelayMs({ attempt: failures.count, cause }) : null;
      if (delayMs === null) throw cause;
      options.onRetry({ attempt: failures.count, delayMs, cause });
      // Rejects with `aborted` when the signal fires meanwhile.
      await deadline(delayMs, signal, () => undefined, () => undefined);
    }
    try {
      return await options.attempt(signal);
    } catch (err) {
      if (signal.aborted) throw aborted();
      cause = err instanceof EarshotError ? err : new NetworkError('network', `Connect failed (${(err as Error)?.name ?? typeof err})`, { cause: err, retriable: true });
    }
  }
}
