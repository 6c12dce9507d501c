// No frames while audio is expected is reported, whatever the cause (issue #10): within a bound, once per stall.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowWatchdog } from '../../src/audio/flow-watchdog.js';

function dog(stallMs = 2000, failMs = 6000) {
  const seen: string[] = [];
  const d = new FlowWatchdog({
    stalled: ({ silentMs }) => seen.push(`stalled:${silentMs}`),
    flowing: ({ silentMs }) => seen.push(`flowing:${silentMs}`),
    failed: ({ silentMs }) => seen.push(`failed:${silentMs}`),
  }, { stallMs, failMs });
  return { d, seen };
}
/** Delivers a frame every 50 ms for `ms`. */
function frames(d: FlowWatchdog, ms: number) {
  for (let t = 0; t < ms; t += 50) {
    vi.advanceTimersByTime(50);
    d.frame();
  }
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('FlowWatchdog', () => {
  it('is quiet while frames flow', () => {
    const { d, seen } = dog();
    d.expect(true);
    frames(d, 10_000);
    expect(seen).toEqual([]);
  });

  it('reports a stall within stallMs plus a check interval, then a failure, then the return of audio', () => {
    const { d, seen } = dog(2000, 6000);
    d.expect(true);
    frames(d, 1000);
    vi.advanceTimersByTime(2500);
    expect(seen).toHaveLength(1);
    const silent = Number(seen[0]!.split(':')[1]);
    expect(silent).toBeGreaterThanOrEqual(2000);
    expect(silent).toBeLessThanOrEqual(2500);
    vi.advanceTimersByTime(4000);
    expect(seen.map((s) => s.split(':')[0])).toEqual(['stalled', 'failed']);
    frames(d, 100);
    expect(seen.map((s) => s.split(':')[0])).toEqual(['stalled', 'failed', 'flowing']);
    // A second stall is reported again.
    vi.advanceTimersByTime(2500);
    expect(seen.map((s) => s.split(':')[0])).toEqual(['stalled', 'failed', 'flowing', 'stalled']);
  });

  it('times silence only while frames are expected (a paused session is silent by design)', () => {
    const { d, seen } = dog();
    d.expect(true);
    frames(d, 500);
    d.expect(false);
    vi.advanceTimersByTime(30_000);
    d.expect(true);
    vi.advanceTimersByTime(1500);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(seen.map((s) => s.split(':')[0])).toEqual(['stalled']);
    d.stop();
    vi.advanceTimersByTime(30_000);
    expect(seen).toHaveLength(1);
  });
});
