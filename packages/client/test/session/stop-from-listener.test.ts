// A stop() is seen however it is called: an app that gives up on any connection trouble calls stop() from its
// `state` listener when the state becomes 'reconnecting' (or 'connecting'). The stop() cancels what that state
// started: no new socket, no new (billed) service session, no token request, no `reconnected` after stop().
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, SlowStopSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it("stop() from a state listener on 'reconnecting': no new connection is made", async () => {
  const t = make({ reconnect: { baseDelayMs: 20 } });
  const events: string[] = [];
  t.on('reconnected', () => events.push('reconnected'));
  t.on('close', (c) => events.push(`close:${c.reason}`));
  const ws = await started(t, new SlowStopSource());
  let stopping: Promise<unknown> | undefined;
  t.on('state', (s) => {
    if (s === 'reconnecting') stopping = t.stop();
  });
  ws.serverClose(1006);
  for (let i = 0; i < 30; i++) {
    await vi.advanceTimersByTimeAsync(10);
    if (FakeWebSocket.instances.length > 1) FakeWebSocket.last.serverBegin('s2');
  }
  await stopping;
  expect(t.state).toBe('closed');
  expect(events).toEqual(['close:Stopped']);
  expect(FakeWebSocket.instances).toHaveLength(1);
});

it("stop() from a state listener on 'connecting': no token is requested, no socket opened, connect() rejects aborted", async () => {
  const token = vi.fn(async () => 'tok');
  const t = make({ token });
  let stopping: Promise<unknown> | undefined;
  t.on('state', (s) => {
    if (s === 'connecting') stopping = t.stop();
  });
  const connecting = t.connect().then(() => 'resolved', (e: { code?: string }) => `rejected ${e.code}`);
  await vi.advanceTimersByTimeAsync(100);
  await stopping;
  expect(await connecting).toBe('rejected aborted');
  expect(t.state).toBe('closed');
  expect(token).not.toHaveBeenCalled();
  expect(FakeWebSocket.instances).toHaveLength(0);
});
