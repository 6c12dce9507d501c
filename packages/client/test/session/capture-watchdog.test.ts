// Audio flows or someone is told, in the session (issue #10): the socket waits for capture to run, the
// source's suspension reports become `warning` events, and no frames while open is reported. Fake socket and
// clock; the same cases in three real engines are e2e/specs/watchdog*.spec.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AudioFormat, AudioFrame, CaptureWarning } from '../../src/audio/audio-source.js';
import { CaptureWatchdog } from '../../src/session/capture-watchdog.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** A source whose start() resolves only when its AudioContext runs, saying so at once, as MediaStreamSource does. */
class SuspendedSource extends ScriptedSource {
  onwarning: ((w: CaptureWarning) => void) | null = null;
  #run: (() => void) | undefined;
  override async start(format: AudioFormat, onFrame: (f: AudioFrame) => void): Promise<void> {
    await super.start(format, onFrame);
    this.onwarning?.({ code: 'audio_suspended', message: 'suspended: call resume() from a user gesture', state: 'suspended', atStart: true });
    await new Promise<void>((resolve) => (this.#run = resolve));
  }
  run(): void {
    this.#run?.();
  }
}

describe('the session and its capture watchdog', () => {
  it('fetches the token but opens no socket while the AudioContext is suspended, and opens it once audio runs', async () => {
    const t = make();
    const warnings: string[] = [];
    t.on('warning', (w) => warnings.push(w.code));
    const source = new SuspendedSource();
    const starting = t.start({ source });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(warnings).toEqual(['audio_suspended']);
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(t.state).toBe('connecting');
    source.run();
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(1);
    FakeWebSocket.last.serverBegin();
    await starting;
    expect(t.state).toBe('open');
  });

  it('reports no frames while open: a warning after stallWarningMs, a typed error after stallErrorMs, and nothing while paused', async () => {
    const t = make({ stallWarningMs: 1000, stallErrorMs: 3000 });
    const seen: string[] = [];
    t.on('warning', (w) => seen.push(`warning:${w.code}`));
    t.on('error', (e) => seen.push(`${e.name}:${e.code}`));
    const source = new ScriptedSource();
    await started(t, source);
    for (let i = 0; i < 40; i++) {
      source.frame();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1300);
    expect(seen).toEqual(['warning:audio_stalled']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual(['warning:audio_stalled', 'CaptureError:audio_stalled']);
    expect(t.state).toBe('open');
    // Paused, silence is expected: nothing more is said however long it lasts.
    source.frame();
    await t.pause();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(seen).toHaveLength(2);
  });

  it('does not time frames for connect() + sendAudio(), which has no capture', async () => {
    const t = make({ stallWarningMs: 1000 });
    const warnings: string[] = [];
    t.on('warning', (w) => warnings.push(w.code));
    const connecting = t.connect();
    await vi.advanceTimersByTimeAsync(1);
    FakeWebSocket.last.serverBegin();
    await connecting;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(warnings).toEqual([]);
  });
});

// The timing itself, on the watchdog alone: within a bound, once per stall, only while frames are expected.
describe('CaptureWatchdog', () => {
  function dog(stallWarningMs = 2000, stallErrorMs = 6000) {
    const seen: string[] = [];
    const d = new CaptureWatchdog({
      warning: ({ code, message }) => seen.push(`warning:${code}:${/No audio for (\d+) ms/.exec(message)![1]}`),
      error: (e) => seen.push(`error:${e.code}:${e.retriable}:${/No audio for (\d+) ms/.exec(e.message)![1]}`),
    }, { stallWarningMs, stallErrorMs });
    return { d, seen };
  }
  /** Delivers a frame every 50 ms for `ms`. */
  function frames(d: CaptureWatchdog, ms: number) {
    for (let t = 0; t < ms; t += 50) {
      vi.advanceTimersByTime(50);
      d.frame();
    }
  }
  const kinds = (seen: string[]) => seen.map((s) => s.split(':')[0]);

  it('is quiet while frames flow', () => {
    const { d, seen } = dog();
    d.expectFrames(true);
    frames(d, 10_000);
    expect(seen).toEqual([]);
  });

  it('reports a stall within stallWarningMs plus a check interval, then the error, and again after audio came back', () => {
    const { d, seen } = dog(2000, 6000);
    d.expectFrames(true);
    frames(d, 1000);
    vi.advanceTimersByTime(2500);
    expect(seen).toHaveLength(1);
    const [kind, code, silent] = seen[0]!.split(':');
    expect([kind, code]).toEqual(['warning', 'audio_stalled']);
    expect(Number(silent)).toBeGreaterThanOrEqual(2000);
    expect(Number(silent)).toBeLessThanOrEqual(2500);
    vi.advanceTimersByTime(4000);
    expect(seen[1]).toMatch(/^error:audio_stalled:true:(\d+)$/);
    expect(Number(seen[1]!.split(':')[3])).toBeGreaterThanOrEqual(6000);
    // Once per stall: nothing more while it lasts.
    vi.advanceTimersByTime(30_000);
    expect(kinds(seen)).toEqual(['warning', 'error']);
    // Audio came back: a second stall is reported again.
    frames(d, 100);
    vi.advanceTimersByTime(2500);
    expect(kinds(seen)).toEqual(['warning', 'error', 'warning']);
  });

  it('times silence only while frames are expected (a paused session is silent by design)', () => {
    const { d, seen } = dog();
    d.expectFrames(true);
    frames(d, 500);
    d.expectFrames(false);
    vi.advanceTimersByTime(30_000);
    d.expectFrames(true);
    vi.advanceTimersByTime(1500);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(kinds(seen)).toEqual(['warning']);
    d.stop();
    vi.advanceTimersByTime(30_000);
    expect(seen).toHaveLength(1);
  });

  it('never reports the error before the warning, whatever stallErrorMs says', () => {
    const { d, seen } = dog(2000, 500);
    d.expectFrames(true);
    vi.advanceTimersByTime(2500);
    expect(kinds(seen)).toEqual(['warning', 'error']);
  });
});
