// An Error frame that the service does not follow with a close (spec: the close comes at once): after the grace
// the client ends the session itself — and closes that socket, so a retriable error never leaves the old session
// open beside the new one, and a fatal one never leaves it open at all.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, nextSocket, open } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it('a retriable Error frame without a close: the old socket is closed before the next session opens', async () => {
  const t = make({ reconnect: { baseDelayMs: 100 } });
  const first = await open(t);
  first.serverSend({ type: 'Error', error_code: 3005, error: 'Session cancelled' });
  const second = await nextSocket();
  expect(second).not.toBe(first);
  expect(first.closedByClient).toBeDefined();
  expect(first.readyState).toBeGreaterThanOrEqual(2);
  second.serverBegin('s2');
  await vi.advanceTimersByTimeAsync(0);
  expect(t.state).toBe('open');
  expect(FakeWebSocket.instances.filter((ws) => ws.readyState < 2)).toEqual([second]);
});

it('a fatal Error frame without a close: the session ends with the error and its socket is closed', async () => {
  const t = make({ reconnect: { baseDelayMs: 100 } });
  const errors: string[] = [];
  t.on('error', (e) => errors.push(e.code));
  const ws = await open(t);
  ws.serverSend({ type: 'Error', error_code: 3006, error: 'Invalid Message' });
  await vi.advanceTimersByTimeAsync(5000);
  expect(errors).toHaveLength(1);
  expect(t.state).toBe('closed');
  expect(ws.closedByClient).toBeDefined();
  expect(FakeWebSocket.instances).toEqual([ws]);
});
