// A reconnect whose backlog (replay + audio held during the outage) is longer than the replay window: the first
// send already trims the window, and the new session's clock must still start on the first sample it was sent —
// else every word time after it is late and the next replay is cut at the wrong sample (audio lost, unreported).
// Fake socket and clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TurnMessage } from '../../src/protocol/messages.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { bytes, concat, final, make, open, ramp } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/**
 * A session sent 3 s (no final yet), dropped, 0.5 s more was captured during the outage, and a second session began:
 * its backlog (the replay window, then the 0.5 s) is longer than `replayWindowMs`.
 */
async function reconnectWithBacklog(replayWindowMs: number) {
  const t = make({ reconnect: { baseDelayMs: 100 }, replayWindowMs });
  const finals: TurnMessage[] = [];
  t.on('final', (m) => finals.push(m));
  const first = await open(t);
  const a = ramp(48000);
  t.sendAudio(a);
  first.serverClose(1006);
  const b = ramp(8000, 48000);
  t.sendAudio(b);
  await vi.advanceTimersByTimeAsync(300);
  const second = FakeWebSocket.last;
  second.serverBegin('s2');
  await vi.advanceTimersByTimeAsync(1);
  return { finals, second, all: concat([bytes(a), bytes(b)]) };
}

describe('after a reconnect whose backlog is longer than the replay window', () => {
  it('word times are on the clock of the audio the new session was actually sent', async () => {
    const { finals, second, all } = await reconnectWithBacklog(1000);
    // What the second session received: the last 1 s of the first 3 s, then the 0.5 s.
    const got = concat(second.audio);
    const startByte = all.byteLength - got.byteLength;
    expect(got).toEqual(all.subarray(startByte));
    const startMs = startByte / 32;
    expect(startMs).toBe(2000);
    // A word the second session heard 100–400 ms into its audio is at startMs + 100 on the app's clock.
    second.serverSend(final(0, 'word', 100, 400));
    expect(finals.map((f) => [f.words[0]!.start, f.words[0]!.end])).toEqual([[startMs + 100, startMs + 400]]);
  });

  it('the next replay starts at the sample where that final ended: nothing after it is lost', async () => {
    const { second, all } = await reconnectWithBacklog(1200);
    // The second session got the stream from 1800 ms (the last 1.2 s of the first 3 s) to 3500 ms.
    expect(concat(second.audio)).toEqual(all.subarray(1800 * 32));
    // It finishes a turn 1000 ms into its audio (2800 ms of the stream), then drops.
    second.serverSend(final(0, 'word', 700, 1000));
    second.serverClose(1006);
    await vi.advanceTimersByTimeAsync(300);
    const third = FakeWebSocket.last;
    third.serverBegin('s3');
    await vi.advanceTimersByTimeAsync(1);
    // Everything after the final's end is replayed: 2800 → 3500 ms (0.7 s, inside the 1.2 s window).
    expect(concat(third.audio).byteLength / 32).toBe(700);
    expect(concat(third.audio)).toEqual(all.subarray(2800 * 32));
  });
});
