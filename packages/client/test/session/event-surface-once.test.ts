// Listener guards are shared per event (the listener is eventemitter3's context): a firing `once` listener must
// remove only itself, not every other `once` listener of the event (one added during the same emit included).
import { describe, expect, it } from 'vitest';
import { EventSurface, type Emit } from '../../src/session/event-surface.js';

type Events = { tick: [n: number] };
class Surface extends EventSurface<Events> {
  emit!: Emit<Events>;
  constructor() {
    let e!: Emit<Events>;
    super((x) => (e = x));
    this.emit = e;
  }
}

describe('once() listeners are independent', () => {
  it('a once listener added by an earlier listener during an emit still fires on the next emit', () => {
    const s = new Surface();
    const got: string[] = [];
    let armed = false;
    // A component that, on the first tick, waits for the next one (a common "wait for the next event" pattern).
    s.on('tick', (n) => {
      if (armed) return;
      armed = true;
      s.once('tick', (m) => got.push(`next:${m}`));
    });
    // Another, unrelated one-shot listener.
    s.once('tick', (n) => got.push(`first:${n}`));
    s.emit('tick', 1);
    s.emit('tick', 2);
    expect(got).toEqual(['first:1', 'next:2']);
  });
});
