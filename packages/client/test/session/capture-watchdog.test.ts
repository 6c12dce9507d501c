// Audio flows or someone is told, in the session (issue #10): the socket waits for capture to run, the
// source's suspension reports become `warning` events, and no frames while open is reported. Fake socket and
// clock; the same cases in three real engines are e2e/specs/watchdog*.spec.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AudioFormat, AudioFrame, CaptureWarning } from '../../src/audio/audio-source.js';
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
