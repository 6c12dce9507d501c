// The AudioContext watch (issue #10, "audio flows or someone is told"): a suspended or interrupted context is
// reported at once, resumed where the engine allows and on the next user gesture, and reported as failed when
// it does not recover. A fake context and fake timers; the real engines run in e2e/specs/watchdog*.spec.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchContext } from '../../src/audio/context-watch.js';
import { CaptureError } from '../../src/errors.js';

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

/**
 * Watches `context` for a source whose reports are recorded as `suspended:<state>:<start|later>` (the warning) and
 * `unrecovered:<state>:<ms>` (the CaptureError, read back from its message), each checked for what the app needs.
 */
function watch(context: FakeContext, gestureTarget = new EventTarget(), recoverMs = 5000) {
  const seen: string[] = [];
  // Once the context runs (or the watch stops): what a source's start() waits for.
  let ran = false;
  const stop = watchContext(context as unknown as AudioContext, {
    onwarning: ({ code, message, state, atStart }) => {
      expect(code).toBe('audio_suspended');
      expect(message).toContain(`AudioContext ${state}`);
      expect(message).toContain('resume()');
      seen.push(`suspended:${state}:${atStart ? 'start' : 'later'}`);
    },
    ondeviceerror: (error) => {
      expect(error).toBeInstanceOf(CaptureError);
      expect(error).toMatchObject({ code: 'audio_suspended', retriable: true, message: expect.stringContaining('resume()') });
      const [, state, ms] = /AudioContext (\w+) for (\d+) ms/.exec(error.message)!;
      seen.push(`unrecovered:${state}:${ms}`);
    },
  }, recoverMs, () => (ran = true), gestureTarget);
  /** Whether the watch said the context runs (or it stopped). */
  const settled = async () => ran;
  return { stop, seen, gestureTarget, settled };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('watchContext', () => {
  it('says nothing about a running context, and does not hold its start', async () => {
    const { seen, settled } = watch(new FakeContext('running', true));
    expect(await settled()).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual([]);
  });

  it('reports a context suspended at start at once, and runs on the next user gesture', async () => {
    const context = new FakeContext('suspended', false);
    const { seen, gestureTarget, settled } = watch(context);
    vi.advanceTimersByTime(500);
    expect(seen).toEqual(['suspended:suspended:start']);
    // No failure is reported at start: the app was told, and a gesture will come.
    vi.advanceTimersByTime(60_000);
    expect(await settled()).toBe(false);
    context.resumable = true;
    gestureTarget.dispatchEvent(new Event('pointerdown'));
    expect(context.state).toBe('running');
    expect(await settled()).toBe(true);
    expect(seen).toEqual(['suspended:suspended:start']);
  });

  it('listens for gestures only while it needs one', () => {
    const context = new FakeContext('suspended', false);
    const { gestureTarget } = watch(context);
    gestureTarget.dispatchEvent(new Event('keydown'));
    expect(context.resumes).toBe(1); // only the resume() at start: no listener yet
    vi.advanceTimersByTime(500);
    gestureTarget.dispatchEvent(new Event('keydown'));
    expect(context.resumes).toBe(3); // again once reported, and once for the key
    context.set('running');
    gestureTarget.dispatchEvent(new Event('keydown'));
    expect(context.resumes).toBe(3);
  });

  it('reports a context suspended mid-capture and resumes it at once where the engine allows', () => {
    const context = new FakeContext('running', true);
    const { seen } = watch(context);
    context.set('suspended'); // the page's own suspend(): resume() is allowed
    expect(seen).toEqual(['suspended:suspended:later']);
    expect(context.state).toBe('running');
    // Recovered: no failure however long it runs.
    vi.advanceTimersByTime(10_000);
    expect(seen).toHaveLength(1);
    // A second stop is reported again.
    context.resumable = false;
    context.set('interrupted');
    expect(seen).toEqual(['suspended:suspended:later', 'suspended:interrupted:later']);
  });

  it('reports an interruption that does not end as a failure after recoverMs', () => {
    const context = new FakeContext('running', false);
    const { seen } = watch(context, new EventTarget(), 3000);
    context.set('interrupted');
    vi.advanceTimersByTime(2999);
    expect(seen).toEqual(['suspended:interrupted:later']);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['suspended:interrupted:later', 'unrecovered:interrupted:3000']);
  });

  it('gives a new context its start-up time: one that starts running within 500 ms is not reported', async () => {
    const context = new FakeContext('suspended', false);
    const { seen, settled } = watch(context);
    vi.advanceTimersByTime(300);
    expect(await settled()).toBe(false);
    context.set('running');
    expect(await settled()).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual([]);
  });

  it('reports nothing once stopped (the owner closing its context), and releases whoever waits', async () => {
    const context = new FakeContext('suspended', false);
    const { stop, seen, gestureTarget, settled } = watch(context);
    vi.advanceTimersByTime(500);
    expect(await settled()).toBe(false);
    stop();
    expect(await settled()).toBe(true);
    context.set('closed');
    gestureTarget.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(10_000);
    expect(seen).toEqual(['suspended:suspended:start']);
    expect(context.resumes).toBe(2); // at start and when reported; none after stop()
  });
});
