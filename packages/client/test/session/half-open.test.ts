// Invariant 7 (issue #9): a half-open connection (no close, no data: a dead NAT, a sleeping proxy) is detected —
// nothing from the service for halfOpenTimeoutMs while audio is being sent, or no Heartbeat when
// sessionHeartbeat is on — and treated as a drop: a new session with replay. Fake socket and clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transcriber } from '../../src/session/transcriber.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { answerNext, make, open, ramp } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

function watch(t: Transcriber) {
  const log: string[] = [];
  t.on('reconnecting', (r) => log.push(`reconnecting:${r.cause.code}:${r.cause.message}`));
  t.on('reconnected', (r) => log.push(`reconnected:${r.replayedMs > 0}`));
  return log;
}

/** Sends 50 ms of audio every 50 ms for `ms`, calling `each` once a second. */
async function speak(t: Transcriber, ms: number, each?: (second: number) => void) {
  for (let i = 0; i < ms / 50; i++) {
    if (t.state === 'open' || t.state === 'reconnecting') t.sendAudio(ramp(800, i * 800));
    if (i % 20 === 0) each?.(i / 20);
    await vi.advanceTimersByTimeAsync(50);
  }
}

describe('invariant 7: half-open connections are detected and replaced', () => {
  it('no frame while audio is sent: dropped after halfOpenTimeoutMs and reconnected with replay', async () => {
    const t = make({ halfOpenTimeoutMs: 5000, reconnect: { baseDelayMs: 100 } });
    const log = watch(t);
    const first = await open(t);
    await speak(t, 4900);
    expect(log).toEqual([]);
    await speak(t, 200);
    expect(log[0]).toMatch(/^reconnecting:network:Nothing from the service for 5\d{3} ms: the connection looks half-open$/);
    expect(first.closedByClient).toBeDefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.last.serverBegin('s2');
    await vi.advanceTimersByTimeAsync(0);
    expect(log[1]).toBe('reconnected:true');
    expect(t.state).toBe('open');
  });

  it('is detected too when the dead socket stops draining and audio waits in Earshot\'s buffer', async () => {
    const t = make({ halfOpenTimeoutMs: 5000, reconnect: { baseDelayMs: 100 } });
    const log = watch(t);
    const ws = await open(t);
    await speak(t, 2000);
    ws.bufferedAmount = 1_000_000; // the kernel's buffer is full: nothing more leaves
    await speak(t, 3200);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(/half-open/);
  });

  it('the default bound is 30 s', async () => {
    const t = make({ reconnect: { baseDelayMs: 100 } });
    const log = watch(t);
    await open(t);
    await speak(t, 29_500);
    expect(log).toEqual([]);
    await speak(t, 1000);
    expect(log).toHaveLength(1);
  });

  it('is not fooled by a live service, nor by a silent one while nothing is sent', async () => {
    const t = make({ halfOpenTimeoutMs: 3000 });
    const log = watch(t);
    const ws = await open(t);
    // Frames every second while audio flows …
    await speak(t, 20_000, (s) => ws.serverSend({ type: 'Turn', turn_order: 0, end_of_turn: false, transcript: `w${s}`, words: [] }));
    // … and a long silence from the service while the app sends nothing.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log.join('\n')).toBe('');
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('with sessionHeartbeat, a missing Heartbeat is noticed even when no audio flows', async () => {
    const t = make({ sessionHeartbeat: true, halfOpenTimeoutMs: 15_000, reconnect: { baseDelayMs: 100 } });
    const log = watch(t);
    const ws = await open(t);
    for (let i = 0; i < 12; i++) {
      await vi.advanceTimersByTimeAsync(5000);
      ws.serverSend({ type: 'Heartbeat', total_audio_received_ms: 0, total_duration_ms: i * 5000 });
    }
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(15_100); // the heartbeats stop
    expect(log).toHaveLength(1);
    await answerNext('s2');
    expect(t.state).toBe('open');
  });
});
