// Work for an old session never acts on a newer one. The app clicks Stop during start-up, sees `state` go to
// 'closed', and clicks Start again before the first stop() has finished releasing the microphone (a real source
// takes up to 200 ms to flush): the new session is neither cancelled nor stopped by the old one's clean-up — nor by
// a start-up that failed, when a listener started again from its 'closed'. And a stop() of the new session stops
// it, even while the old stop() is still under way.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource, SlowStopSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const settled = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => `rejected ${e.code}`);

it('Start, Stop, then Start again once state is closed (first stop() not awaited): the second session opens', async () => {
  const t = make();
  const first = settled(t.start({ source: new SlowStopSource() }));
  // Capture runs and the socket is connecting (no Begin yet) when the user clicks Stop.
  await vi.advanceTimersByTimeAsync(1);
  expect(FakeWebSocket.instances).toHaveLength(1);
  void t.stop();
  await vi.advanceTimersByTimeAsync(0);
  // The UI sees the session closed and offers Start again.
  expect(t.state).toBe('closed');
  const source = new ScriptedSource();
  let outcome = 'pending';
  const second = settled(t.start({ source })).then((o) => (outcome = o));
  await vi.advanceTimersByTimeAsync(250);
  // Not cancelled by the first stop() finishing its clean-up.
  expect(outcome).toBe('pending');
  expect(t.state).toBe('connecting');
  expect(FakeWebSocket.instances).toHaveLength(2);
  FakeWebSocket.last.serverBegin();
  expect(await second).toBe('resolved');
  expect(t.state).toBe('open');
  expect(source.live).toBe(true);
});

it('Start, Stop, Start, Stop in quick succession (no stop() awaited): the second stop() ends the second session', async () => {
  const t = make();
  const first = settled(t.start({ source: new SlowStopSource() }));
  await vi.advanceTimersByTimeAsync(1);
  void t.stop();
  await vi.advanceTimersByTimeAsync(0);
  expect(t.state).toBe('closed');
  const source = new ScriptedSource();
  const second = settled(t.start({ source }));
  await vi.advanceTimersByTimeAsync(0);
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(1000);
  await stopping;
  expect(await first).toBe('rejected aborted');
  expect(await second).toBe('rejected aborted');
  expect(t.state).toBe('closed');
  expect(source.live).toBe(false);
  // No socket of either session is left open.
  expect(FakeWebSocket.instances.every((ws) => ws.readyState >= 2)).toBe(true);
});

it("a start-up that failed, and a 'state' listener that starts again on 'closed': the new session opens", async () => {
  let tokens = 0;
  const t = make({ reconnect: false, token: async () => (++tokens === 1 ? Promise.reject(new Error('token endpoint down')) : `tok-${tokens}`) });
  const source = new ScriptedSource();
  let second: Promise<string> | undefined;
  t.on('state', (s) => {
    if (s === 'closed' && !second) second = settled(t.start({ source }));
  });
  const first = settled(t.start({ source: new ScriptedSource() }));
  await vi.advanceTimersByTimeAsync(1);
  expect(await first).toMatch(/^rejected/);
  expect(second).toBeDefined();
  await vi.advanceTimersByTimeAsync(1);
  FakeWebSocket.last.serverBegin('s2');
  expect(await second).toBe('resolved');
  expect(t.state).toBe('open');
  expect(source.live).toBe(true);
});

it("a 'state' listener starts again on 'closed' of an open session: its close names the old session, the new one opens", async () => {
  const t = make({ reconnect: false });
  const closes: { reason: string; sessionId?: string }[] = [];
  t.on('close', (c) => closes.push(c));
  const first = new ScriptedSource();
  const ws = await started(t, first);
  const source = new ScriptedSource();
  let second: Promise<string> | undefined;
  t.on('state', (s) => {
    if (s === 'closed' && !second) second = settled(t.start({ source }));
  });
  ws.serverClose(1000, 'bye');
  await vi.advanceTimersByTimeAsync(1);
  expect(closes).toEqual([{ code: 1000, reason: 'bye', sessionId: 'session-1' }]);
  FakeWebSocket.last.serverBegin('session-2');
  expect(await second).toBe('resolved');
  expect(t.state).toBe('open');
  expect(t.sessionId).toBe('session-2');
  expect(source.live).toBe(true);
});

it("pause() from a 'close' listener sets up nothing that outlives the session: the next one is not stopped by it", async () => {
  const t = make({ reconnect: false, inactivityTimeout: 5, whilePaused: 'stop' });
  const ws = await started(t, new ScriptedSource());
  t.once('close', () => void t.pause());
  ws.serverClose(1000, 'bye');
  await vi.advanceTimersByTimeAsync(1);
  expect(t.state).toBe('closed');
  const source = new ScriptedSource();
  await started(t, source);
  await vi.advanceTimersByTimeAsync(4000); // past when that pause would have ended its session (3.5 s)
  expect(t.state).toBe('open');
  expect(source.live).toBe(true);
});
