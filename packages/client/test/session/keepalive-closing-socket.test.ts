// No error escapes. While paused with inactivityTimeout set, Earshot sends KeepAlive on a timer. If the socket is
// already closing (the service sent its close frame; the browser's `close` event has not come yet — it waits for
// the TCP close, which a proxy can hold up), that timer must throw nothing: an uncaught exception in the app.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it('paused with KeepAlive while the socket is closing: the KeepAlive timer throws nothing', async () => {
  const t = make({ inactivityTimeout: 10 });
  const ws = await started(t, new ScriptedSource());
  await t.pause();
  ws.readyState = 2; // CLOSING: the close handshake started, no close event yet
  expect(t.state).toBe('open');
  await expect(vi.advanceTimersByTimeAsync(6000)).resolves.not.toThrow();
});
