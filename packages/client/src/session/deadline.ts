import { EarshotError } from '../errors.js';

/** The error for a cancelled connect, token fetch or wait. */
export const aborted = (): EarshotError => new EarshotError('aborted', 'Cancelled');

/**
 * The one shape of every bounded wait in the session: a promise that `start` settles (through `resolve` or
 * `reject`), or that settles with `onTimeout()` after `ms` (return a rejected promise to fail), or that rejects
 * with `aborted` when `signal` fires — whichever comes first, once; the timer and the listener go with it.
 * `start` is not called when `signal` has already fired.
 */
export function deadline<T>(
  ms: number,
  signal: AbortSignal | undefined,
  onTimeout: () => T | PromiseLike<T>,
  start: (resolve: (value: T | PromiseLike<T>) => void, reject: (error: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const settled = <V>(settle: (v: V) => void) => (v: V) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle(v);
    };
    const ok = settled(resolve);
    const fail = settled(reject);
    const onAbort = () => fail(aborted());
    const timer = setTimeout(() => ok(onTimeout()), ms);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    start(ok, fail);
  });
}
