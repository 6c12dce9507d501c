// The AudioContext watch (issue #10, "audio flows or someone is told"): a suspended or interrupted context is
// reported at once, resumed where the engine allows and on the next user gesture, and reported as failed when
// it does not recover. A fake context and fake timers; the real engines run in e2e/specs/engines*.spec.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContextWatch } from '../../src/audio/context-watch.js';

/** An AudioContext whose resume() succeeds only when `resumable` (an autoplay policy says no until a gesture). */
class FakeContext extends EventTarget {
  state: string;
  resumable: boolean;
  resumes = 0;
  constructor(state: string, resumable: boolean) {
    super();
    this.state = state;
    this.resumable = resumable;
  }
  resume(): Promise<void> {
    this.resumes++;
    if (this.resumable) this.set('running');
    return new Promise(() => undefined);
  }
  set(state: string): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

function watch(context: FakeContext, gestureTarget = new EventTarget(), recoverMs = 5000) {
  const seen: string[] = [];
  const w = new ContextWatch(context as unknown as AudioContext, {
    suspended: ({ state, atStart }) => seen.push(`suspended:${state}:${atStart ? 'start' : 'later'}`),
    running: () => seen.push('running'),
    unrecovered: ({ state, afterMs }) => seen.push(`unrecovered:${state}:${afterMs}`),
  }, { recoverMs, gestureTarget });
  return { w, seen, gestureTarget };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('ContextWatch', () => {
  it('says nothing about a running context', () => {
    const { w, seen } = watch(new FakeContext('running', true));
    w.start();
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual([]);
  });

  it('reports a context suspended at start at once, and runs on the next user gesture', async () => {
    const context = new FakeContext('suspended', false);
    const { w, seen, gestureTarget } = watch(context);
    w.start();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual(['suspended:suspended:start']);
    let ran = false;
    void w.whenRunning().then(() => (ran = true));
    // No failure is reported at start: the app was told, and a gesture will come.
    vi.advanceTimersByTime(60_000);
    await Promise.resolve();
    expect(ran).toBe(false);
    context.resumable = true;
    gestureTarget.dispatchEvent(new Event('pointerdown'));
    await Promise.resolve();
    expect(ran).toBe(true);
    expect(seen).toEqual(['suspended:suspended:start', 'running']);
  });

  it('listens for gestures only while it needs one', () => {
    const context = new FakeContext('suspended', false);
    const { w, gestureTarget } = watch(context);
    w.start();
    gestureTarget.dispatchEvent(new Event('keydown'));
    expect(context.resumes).toBe(1); // only the resume() at start: no listener yet
    vi.advanceTimersByTime(500);
    gestureTarget.dispatchEvent(new Event('keydown'));
    expect(context.resumes).toBe(3); // again once reported, and once for the key
    context.set('running');
    gestureTarget.dispatchEvent(new Event('keydown'));
    expect(context.resumes).toBe(3);
  });

  it('resumes a context suspended mid-capture at once where the engine allows, and reports both', () => {
    const context = new FakeContext('running', true);
    const { w, seen } = watch(context);
    w.start();
    context.set('suspended'); // the page's own suspend(): resume() is allowed
    expect(seen).toEqual(['suspended:suspended:later', 'running']);
    vi.advanceTimersByTime(10_000);
    expect(seen).toHaveLength(2);
  });

  it('reports an interruption that does not end as a failure after recoverMs', () => {
    const context = new FakeContext('running', false);
    const { w, seen } = watch(context, new EventTarget(), 3000);
    w.start();
    context.set('interrupted');
    vi.advanceTimersByTime(2999);
    expect(seen).toEqual(['suspended:interrupted:later']);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['suspended:interrupted:later', 'unrecovered:interrupted:3000']);
  });

  it('gives a new context its start-up time: one that starts running within 500 ms is not reported', () => {
    const context = new FakeContext('suspended', false);
    const { w, seen } = watch(context);
    w.start();
    vi.advanceTimersByTime(300);
    context.set('running');
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual([]);
  });

  it('reports nothing once stopped (the owner closing its context), and releases whoever waits', async () => {
    const context = new FakeContext('suspended', false);
    const { w, seen, gestureTarget } = watch(context);
    w.start();
    vi.advanceTimersByTime(500);
    let released = false;
    void w.whenRunning().then(() => (released = true));
    w.stop();
    await Promise.resolve();
    expect(released).toBe(true);
    context.set('closed');
    gestureTarget.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual(['suspended:suspended:start']);
    expect(context.resumes).toBe(2); // at start and when reported; none after stop()
  });
});
