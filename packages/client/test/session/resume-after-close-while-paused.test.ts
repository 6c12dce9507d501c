// "`resume()` continues the same session if it is still open, else starts a new one" (README). The user pauses,
// the session ends meanwhile (the network drops with no retry left, the service ends it, the inactivity timeout's
// whilePaused 'stop'), the user clicks Resume: a new session starts and captures again. But once the user clicks
// Stop they are done: the Transcriber reads as stopped, not paused, and a stray resume() (a stale Resume button, a
// visibilitychange handler) opens no microphone and no new billed session.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, nextSocket, ScriptedSource, started, SlowStopSource } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it.each([
  ['network drop, reconnect off', { reconnect: false as const }, 1006, true],
  ['network drop, reconnect off, mic kept', { reconnect: false as const }, 1006, false],
  ['service ends it (3006)', {}, 3006, true],
])('paused, then the session ends (%s): resume() starts a new session', async (_, options, code, release) => {
  const t = make(options);
  const source = new ScriptedSource();
  const ws = await started(t, source);
  await t.pause({ releaseMicrophone: release });
  ws.serverClose(code, 'gone');
  await vi.advanceTimersByTimeAsync(10);
  expect(t.state).toBe('closed');
  let outcome = 'pending';
  const resuming = t.resume().then(() => (outcome = 'resolved'), () => (outcome = 'rejected'));
  await vi.advanceTimersByTimeAsync(1);
  if (FakeWebSocket.instances.length === 2) FakeWebSocket.last.serverBegin('s2');
  await vi.advanceTimersByTimeAsync(1);
  await resuming;
  expect(outcome).toBe('resolved');
  expect(t.state).toBe('open');
  expect(source.live).toBe(true);
  expect(t.isPaused).toBe(false);
});

it("whilePaused 'stop' is ending the session when the user clicks Resume: a new session starts", async () => {
  const t = make({ inactivityTimeout: 5, whilePaused: 'stop' });
  const source = new SlowStopSource();
  await started(t, source);
  await t.pause();
  await vi.advanceTimersByTimeAsync(3500 + 50); // the pause's end, 1.5 s before the service's: stop() under way
  expect(t.state).toBe('closing');
  const resuming = t.resume();
  const ws = await nextSocket();
  ws.serverBegin('s2');
  await resuming;
  expect(t.state).toBe('open');
  expect(source.live).toBe(true);
  expect(t.isPaused).toBe(false);
});

it.each([
  ['network drop, reconnect off', { reconnect: false as const }, true],
  ['network drop, reconnect off, mic kept', { reconnect: false as const }, false],
])('paused, the session ends (%s), then stop(): isPaused reads false, and resume() opens no microphone nor session', async (_, options, release) => {
  const t = make(options);
  const source = new ScriptedSource();
  const ws = await started(t, source);
  await t.pause({ releaseMicrophone: release });
  ws.serverClose(1006, 'gone');
  await vi.advanceTimersByTimeAsync(10);
  expect(t.state).toBe('closed');
  await t.stop();
  expect(t.isPaused).toBe(false);
  const resuming = t.resume().catch(() => undefined);
  await vi.advanceTimersByTimeAsync(100);
  if (FakeWebSocket.instances.length === 2) FakeWebSocket.last.serverBegin('s2');
  await vi.advanceTimersByTimeAsync(10);
  await resuming;
  expect(FakeWebSocket.instances).toHaveLength(1);
  expect(source.live).toBe(false);
  expect(t.isPaused).toBe(false);
});

it("whilePaused 'stop' is ending the session when the user clicks Stop: not paused after, and resume() starts nothing", async () => {
  const t = make({ inactivityTimeout: 5, whilePaused: 'stop' });
  const source = new SlowStopSource();
  await started(t, source);
  await t.pause();
  await vi.advanceTimersByTimeAsync(3500 + 50); // the pause's end: its stop() under way
  expect(t.state).toBe('closing');
  await Promise.all([t.stop(), vi.advanceTimersByTimeAsync(20_000)]);
  expect(t.state).toBe('closed');
  expect(t.isPaused).toBe(false);
  const resuming = t.resume().catch(() => undefined);
  await vi.advanceTimersByTimeAsync(100);
  await resuming;
  expect(FakeWebSocket.instances).toHaveLength(1);
  expect(source.live).toBe(false);
});
