// stop() ends the paused state, and resume() starts no new session after it. The user is paused, the
// whilePaused 'stop' is ending the session (the inactivity timeout), they click Resume and then — changing their
// mind — Stop. Their last word is Stop: once stop() resolved no new session may open and the microphone stays off.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, SlowStopSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it("whilePaused 'stop' ending the session, the user clicks Resume then Stop: no new session, microphone off", async () => {
  const t = make({ inactivityTimeout: 5, whilePaused: 'stop' });
  const source = new SlowStopSource();
  await started(t, source);
  await t.pause();
  await vi.advanceTimersByTimeAsync(3500 + 50); // the pause's end: its stop under way
  expect(t.state).toBe('closing');
  const resuming = t.resume().catch(() => undefined);
  const stopping = t.stop();
  await Promise.all([stopping, vi.advanceTimersByTimeAsync(20_000)]);
  await vi.advanceTimersByTimeAsync(1000);
  // A socket opened after Stop would be a new billed session the user did not ask for.
  expect(FakeWebSocket.instances).toHaveLength(1);
  expect(t.state).toBe('closed');
  expect(source.live).toBe(false);
  await Promise.all([t.stop(), vi.advanceTimersByTimeAsync(60_000)]);
  await resuming;
});

// The sibling: the session already ended while paused (the network dropped, reconnect off); a stale Resume and
// then Stop in the same tick (a visibilitychange handler resuming, the user's Stop right after).
it('ended while paused, resume() then stop() in the same tick: no new session, microphone off', async () => {
  const t = make({ reconnect: false });
  const source = new SlowStopSource();
  const ws = await started(t, source);
  await t.pause();
  ws.serverClose(1006, 'gone');
  await vi.advanceTimersByTimeAsync(500);
  expect(t.state).toBe('closed');
  const resuming = t.resume().catch(() => undefined);
  await Promise.all([t.stop(), vi.advanceTimersByTimeAsync(1000)]);
  expect(FakeWebSocket.instances).toHaveLength(1);
  expect(t.state).toBe('closed');
  expect(source.live).toBe(false);
  await Promise.all([t.stop(), vi.advanceTimersByTimeAsync(60_000)]);
  await resuming;
});
