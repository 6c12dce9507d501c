import { EventEmitter } from 'eventemitter3';
import { UsageError } from '../errors.js';

/** An event map: each event's argument list. */
export type EventMap<E> = { [K in keyof E]: unknown[] };

/** Emits on the {@link EventSurface} that handed it out; only the surface's owner holds it. Never throws. */
export type Emit<E extends EventMap<E>> = <K extends keyof E & string>(event: K, ...args: E[K]) => void;

/**
 * The listening half of an event API over eventemitter3 (held, not inherited): `on`, `once`, `off` — and no
 * `emit`. The owner, a subclass, is handed the emit function once, by the constructor. Every listener is guarded:
 * one that throws is reported as an `error` event (`UsageError` `listener_threw`; a throwing `error` or `close`
 * listener goes to the host's uncaught-error reporting: nothing follows `close`) and never stops the others nor
 * unwinds into whoever emitted (a socket handler, a timer). Only eventemitter3's public API is used.
 */
export class EventSurface<E extends EventMap<E>> {
  readonly #emitter = new EventEmitter();
  /**
   * One guard per event (and one more for `once`), registered with the listener as its context (eventemitter3's
   * public `context` argument): `off` finds what `on` registered by the pair, with no per-listener bookkeeping. A
   * `once` guard removes its own pair before it calls: eventemitter3's own `once` removes by the function alone,
   * which here is shared, so one firing would take every other `once` listener of the event with it.
   */
  readonly #guards = new Map<string, (this: (...args: unknown[]) => void, ...args: unknown[]) => void>();

  constructor(receive: (emit: Emit<E>) => void) {
    receive((event, ...args) => void this.#emitter.emit(event, ...args));
  }

  /** Adds a listener; any number per event. One that throws is reported (see above) and stops nothing. */
  on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.on(event, this.#guard(event), listener);
    return this;
  }

  once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    this.#emitter.on(event, this.#guard(event, true), listener);
    return this;
  }

  /** Removes `listener`, or every listener of `event` when none is given. */
  off<K extends keyof E & string>(event: K, listener?: (...args: E[K]) => void): this {
    if (listener) this.#emitter.off(event, this.#guard(event), listener).off(event, this.#guard(event, true), listener);
    else this.#emitter.removeAllListeners(event);
    return this;
  }

  /** How many listeners `event` has (each `on`/`once` counts, until it is removed or a `once` has run). */
  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  #guard(event: string, once?: boolean): (this: (...args: unknown[]) => void, ...args: unknown[]) => void {
    const key = once ? `${event} once` : event;
    let guard = this.#guards.get(key);
    const emitter = this.#emitter;
    if (!guard) {
      guard = function (...args) {
        if (once) emitter.off(event, guard, this);
        try {
          this(...args);
        } catch (error) {
          // An `error` listener's throw cannot be an `error` event, nor may anything follow `close`: the host's.
          if (event === 'error' || event === 'close') reportUncaught(error, event);
          else emitter.emit('error', new UsageError('listener_threw', `A "${event}" listener threw: ${(error as Error)?.message ?? error}`, { cause: error }));
        }
      };
      this.#guards.set(key, guard);
    }
    return guard;
  }
}

/** Hands an error nobody can catch to the host's uncaught-error reporting without throwing. */
export function reportUncaught(error: unknown, where: string): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(`earshot ${where}:`, error);
}
