// Nothing is lost silently. The network drops mid-sentence; while Earshot reconnects the user keeps talking, then
// clicks Stop. The audio held for the new session (the replay plus what was said during the outage) is never
// sent: the app is told how much, with an `audio_dropped` error before `close`.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { EarshotError } from '../../src/errors.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, open, ramp } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it('stop() during a reconnect backoff with audio held: the lost audio is reported, not dropped silently', async () => {
  const t = make({ reconnect: { baseDelayMs: 1000 } });
  const errors: EarshotError[] = [];
  const closes: { error?: EarshotError }[] = [];
  t.on('error', (e) => errors.push(e));
  t.on('close', (c) => closes.push(c));
  const ws = await open(t);
  t.sendAudio(ramp(16000)); // 1 s, sent; no final yet: kept for replay
  ws.serverClose(1006);
  expect(t.state).toBe('reconnecting');
  t.sendAudio(ramp(16000, 16000)); // 1 s spoken during the outage: held
  expect(t.bufferedAudioMs).toBeGreaterThan(0);
  await t.stop();
  expect(t.state).toBe('closed');
  expect(closes).toHaveLength(1);
  // 1 s kept for replay (no final came for it) and 1 s spoken during the outage.
  expect(errors.map((e) => e.code)).toEqual(['audio_dropped']);
  expect(errors[0]!.message).toMatch(/^2000 ms/);
});

it('the service ends the session cleanly (1000) mid-turn: the audio it never transcribed is reported before close', async () => {
  const t = make({ reconnect: { baseDelayMs: 1000 } });
  const order: string[] = [];
  t.on('error', (e) => order.push(`${e.code}: ${e.message}`));
  t.on('close', () => order.push('close'));
  const ws = await open(t);
  t.sendAudio(ramp(16000)); // 1 s, sent; no final came for it
  ws.serverClose(1000, 'bye');
  await vi.advanceTimersByTimeAsync(10);
  expect(t.state).toBe('closed');
  expect(order).toEqual([expect.stringMatching(/^audio_dropped: 1000 ms/), 'close']);
});
