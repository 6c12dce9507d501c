import { EventEmitter } from 'eventemitter3';
import { UsageError } from '../errors.js';

/**
 * An eventemitter3 emitter, held by composition, whose listeners are each guarded: one that throws is reported
 * to `onThrow` (a throwing `error` listener to the host's uncaught-error reporting) and never stops the others
 * or unwinds into the caller of `emit` (a socket handler, a timer).
 * Only the public eventemitter3 API is used.
 */
export class GuardedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  readonly #emitter = new EventEmitter();
  /** The guard made for each listener, per event, so `off` finds what `on` registered. */
  readonly #guards = new WeakMap<object, Map<PropertyKey, (...args: unknown[]) => void>>();

  /** Where a throwing listener is reported (set by the owner once it exists). */
  onThrow: (event: keyof Events & string, error: unknown) => void = (event, error) => reportUncaught(error, event);

  on<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): void {
    this.#emitter.on(event, this.#guard(event, listener));
  }

  once<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): void {
    this.#emitter.once(event, this.#guard(event, listener));
  }

  off<E extends keyof Events & string>(event: E, listener?: (...args: Events[E]) => void): void {
    if (listener) this.#emitter.off(event, this.#guard(event, listener));
    else this.#emitter.removeAllListeners(event);
  }

  listenerCount(event: keyof Events & string): number {
    return this.#emitter.listenerCount(event);
  }

  /** Calls every listener of `event`; never throws. */
  emit<E extends keyof Events & string>(event: E, ...args: Events[E]): void {
    this.#emitter.emit(event, ...args);
  }

  #guard(event: keyof Events & string, listener: object): (...args: unknown[]) => void {
    let byEvent = this.#guards.get(listener);
    if (!byEvent) this.#guards.set(listener, (byEvent = new Map()));
    let guard = byEvent.get(event);
    if (!guard) {
      guard = (...args: unknown[]) => {
        try {
          (listener as (...a: unknown[]) => void)(...args);
        } catch (error) {
          // A throwing `error` listener cannot be reported as an `error` event: the host's reporting gets it.
          if (event === 'error') reportUncaught(error, event);
          else this.onThrow(event, error);
        }
      };
      byEvent.set(event, guard);
    }
    return guard;
  }
}

/**
 * The listening half of an event API — `on`, `once`, `off`, `listenerCount` — over a {@link GuardedEmitter} that
 * only the owner holds: there is no `emit` to call from outside.
 */
export class EventSurface<Events extends { [K in keyof Events]: unknown[] }> {
  readonly #events: GuardedEmitter<Events>;

  constructor(events: GuardedEmitter<Events>) {
    this.#events = events;
  }

  /** Adds a listener; any number per event. One that throws is reported as an `error` event and stops nothing. */
  on<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): this {
    this.#events.on(event, listener);
    return this;
  }

  once<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): this {
    this.#events.once(event, listener);
    return this;
  }

  /** Removes `listener`, or every listener of `event` when none is given. */
  off<E extends keyof Events & string>(event: E, listener?: (...args: Events[E]) => void): this {
    this.#events.off(event, listener);
    return this;
  }

  listenerCount(event: keyof Events & string): number {
    return this.#events.listenerCount(event);
  }
}

/** Hands an error nobody can catch to the host's uncaught-error reporting without throwing. */
export function reportUncaught(error: unknown, event: string): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(`earshot ${event} listener:`, error);
}

/** The `error` an owner emits when one of its listeners threw. */
export function listenerThrew(event: string, error: unknown): UsageError {
  return new UsageError('listener_threw', `A "${event}" listener threw: ${(error as Error)?.message ?? error}`, { cause: error });
}
