import { EventEmitter } from 'eventemitter3';

interface ListenerRecord {
  fn: (...args: unknown[]) => void;
  context: unknown;
  once: boolean;
}

/**
 * An eventemitter3 emitter whose `emit` calls every listener even when one throws. A throwing listener is
 * reported through {@link SafeEmitter.onListenerError} instead of unwinding into the session's socket handler.
 */
export class SafeEmitter<Events extends EventEmitter.ValidEventTypes> extends EventEmitter<Events> {
  /** Called with the event name and what a listener threw. */
  protected onListenerError(event: string, error: unknown): void {
    reportUncaught(error, event);
  }

  override emit<T extends EventEmitter.EventNames<Events>>(event: T, ...args: EventEmitter.EventArgs<Events, T>): boolean {
    // eventemitter3 keeps listeners in `_events` as a record or an array of records; copy before calling so
    // listeners added or removed during the emit take effect next time, as in eventemitter3 itself.
    const key = EventEmitter.prefixed ? `${EventEmitter.prefixed}${String(event)}` : String(event);
    const slot = (this as unknown as { _events: Record<string, ListenerRecord | ListenerRecord[] | undefined> })._events[key];
    if (!slot) return false;
    const records = Array.isArray(slot) ? slot.slice() : [slot];
    for (const record of records) {
      if (record.once) this.removeListener(event, record.fn as never, record.context, true);
      try {
        record.fn.apply(record.context, args as unknown[]);
      } catch (error) {
        this.onListenerError(String(event), error);
      }
    }
    return true;
  }
}

/** Hands an error nobody can catch to the host's uncaught-error reporting without throwing. */
export function reportUncaught(error: unknown, event: string): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(`earshot ${event} listener:`, error);
}
