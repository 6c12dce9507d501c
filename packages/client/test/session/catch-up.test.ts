// Invariants 5 and 6 (issue #9): after a reconnect the replay goes out as fast as the service's rules allow and
// live audio catches up; stop() never drops audio its own pacing held back; and the app's word times never go
// backwards, wherever inside a chunk the last final ended. Fake socket and clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TurnMessage } from '../../src/protocol/messages.js';
import type { Transcriber } from '../../src/session/transcriber.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { answerNext, bytes, concat, final, make, open, ramp } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** A microphone: 50 ms of PCM every 50 ms of (fake) time, numbered so that any byte can be told apart. */
function capture(t: Transcriber) {
  let samples = 0;
  return {
    get bytes() {
      return samples * 2;
    },
    all: () => bytes(ramp(samples)),
    /** `step` ms of audio at a time (a worklet delivers 50 ms; larger steps keep the test quick). */
    async run(ms: number, until?: () => boolean, step = 250) {
      for (let i = 0; i < ms / step && !until?.(); i++) {
        t.sendAudio(ramp(16 * step, samples));
        samples += 16 * step;
        await vi.advanceTimersByTimeAsync(step);
      }
    },
  };
}

describe('invariant 5: after a reconnect live audio catches up, and stop() loses nothing', () => {
  it('replays 15 s and the send lag is back within one chunk at once; stop() then sends every sample', async () => {
    const t = make({ reconnect: { baseDelayMs: 400 } });
    const errors: string[] = [];
    t.on('error', (e) => errors.push(`${e.code}: ${e.message}`));
    const first = await open(t);
    const mic = capture(t);
    await mic.run(15_000); // a long turn with no final yet
    first.serverClose(1006);
    await mic.run(5000, () => FakeWebSocket.instances.length > 1, 50); // the outage: capture goes on
    const second = FakeWebSocket.last;
    second.serverBegin('s2');
    await mic.run(100);
    const replayStart = concat(first.audio).byteLength - 15_000 * 32; // replayWindowMs of what the first had
    const lag = () => mic.bytes - (replayStart + concat(second.audio).byteLength);
    expect(lag()).toBeLessThanOrEqual(1600);
    await mic.run(3000);
    expect(lag()).toBeLessThanOrEqual(1600);

    const stopping = t.stop();
    await vi.advanceTimersByTimeAsync(1);
    second.serverSend({ type: 'Termination', audio_duration_seconds: 33, session_duration_seconds: 4 });
    await stopping;
    // Every captured sample reached the service: the first session's audio up to the replay, then the second's.
    const received = concat([concat(first.audio).subarray(0, replayStart), concat(second.audio)]);
    expect(received.subarray(0, mic.bytes)).toEqual(mic.all());
    expect(errors).toEqual([]);
  });

  it('stop() sends all of 15 s given at once, however long its own pacing holds it back', async () => {
    const t = make({ maxBufferedMs: 60_000 });
    const errors: string[] = [];
    t.on('error', (e) => errors.push(e.code));
    const ws = await open(t);
    const audio = ramp(16_000 * 15);
    t.sendAudio(audio);
    const stopping = t.stop();
    for (let i = 0; i < 30 && !ws.json.length; i++) await vi.advanceTimersByTimeAsync(1000);
    expect(ws.json).toEqual([{ type: 'Terminate' }]);
    ws.serverSend({ type: 'Termination', audio_duration_seconds: 15, session_duration_seconds: 10 });
    await stopping;
    expect(concat(ws.audio)).toEqual(bytes(audio));
    expect(errors).toEqual([]);
  });

  it('paces ordinary audio: never more than maxLeadMs ahead of real time beyond the backlog', async () => {
    const t = make({ maxLeadMs: 2000 });
    const ws = await open(t);
    t.sendAudio(ramp(16_000 * 10));
    expect(concat(ws.audio).byteLength).toBeLessThanOrEqual((2000 + 50) * 32);
    await vi.advanceTimersByTimeAsync(3000);
    expect(concat(ws.audio).byteLength).toBeLessThanOrEqual((5000 + 50) * 32);
  });
});

describe('invariant 6: word times and turn_order never go backwards across reconnects', () => {
  it('for a drop after a final ending anywhere inside a chunk, the replay starts at its end', async () => {
    for (let k = 0; k < 20; k++) {
      FakeWebSocket.reset();
      // Positions across the 50 ms chunk 1200–1250: on sample boundaries, between them, at both ends.
      const end = 1200 + (k * 50) / 20 + (k % 3) * 0.021;
      const t = make({ reconnect: { baseDelayMs: 10 } });
      const finals: TurnMessage[] = [];
      t.on('final', (f) => finals.push(f));
      const first = await open(t);
      const a = ramp(32_000);
      t.sendAudio(a);
      first.serverSend(final(0, 'One.', 300, end));
      first.serverClose(1006);
      const second = await answerNext('s2');
      const from = Math.ceil(end * 16) * 2;
      const replayed = concat(second.audio);
      // Whole chunks go out; less than one waits for more audio.
      expect(replayed).toEqual(bytes(a).subarray(from, from + replayed.byteLength));
      expect(a.byteLength - from - replayed.byteLength).toBeLessThan(1600);
      // The new session hears a word from its very first sample: on the app's clock it starts at or after `end`.
      second.serverSend(final(0, 'Two.', 0, 300));
      expect(finals[1]!.turn_order).toBe(1);
      expect(finals[1]!.words[0]!.start).toBeGreaterThanOrEqual(end);
      expect(finals[1]!.words[0]!.start - end).toBeLessThan(1 / 16);
      const stopping = t.stop();
      await vi.advanceTimersByTimeAsync(1);
      second.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
      await stopping;
    }
  });
});
