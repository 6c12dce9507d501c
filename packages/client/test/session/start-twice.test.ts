// A second start() or connect() while one is under way, even in the same tick, is refused with invalid_state and
// leaves the first untouched: it still opens, its capture runs, and only one socket was made.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const settled = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => `rejected ${e.code}`);

it.each([
  ['start()', (t: ReturnType<typeof make>) => t.start({ source: new ScriptedSource() })],
  ['connect()', (t: ReturnType<typeof make>) => t.connect()],
])('start() then %s in the same tick: the second is refused, the first opens and captures', async (_, second) => {
  const t = make();
  const source = new ScriptedSource();
  const first = settled(t.start({ source }));
  const other = settled(second(t));
  expect(await other).toBe('rejected invalid_state');
  await vi.advanceTimersByTimeAsync(1);
  expect(FakeWebSocket.instances).toHaveLength(1);
  FakeWebSocket.last.serverBegin();
  expect(await first).toBe('resolved');
  expect(t.state).toBe('open');
  expect(source.live).toBe(true);
  source.frame();
  await vi.advanceTimersByTimeAsync(0);
  expect(FakeWebSocket.last.audio.length).toBeGreaterThan(0);
});

it('start() with a signal already aborted: rejects aborted and leaves no capture running', async () => {
  const t = make();
  const source = new ScriptedSource();
  const ac = new AbortController();
  ac.abort();
  const starting = settled(t.start({ source, signal: ac.signal }));
  await vi.advanceTimersByTimeAsync(10);
  expect(await starting).toBe('rejected aborted');
  expect(source.live).toBe(false);
  expect(FakeWebSocket.instances).toHaveLength(0);
  expect(t.state).toBe('closed');
});

it('capture that fails at once opens no socket, even with the token already there', async () => {
  const t = make();
  const source = new ScriptedSource();
  source.start = () => Promise.reject(new Error('device gone'));
  const starting = settled(t.start({ source }));
  await vi.advanceTimersByTimeAsync(100);
  expect(await starting).toBe('rejected undefined');
  expect(FakeWebSocket.instances).toHaveLength(0);
  expect(t.state).toBe('closed');
});
