// The README documents `close` as `{ code, reason, error?, sessionId? }` and says the payload carries `error` only
// when the session did not end normally: an app (or a page listening to <earshot-captions>' `close` detail) that
// asks `'error' in payload` must see no key for a normal close.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { CloseInfo } from '../../src/session/events.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, open } from '../helpers/session.js';

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.reset?.();
});
afterEach(() => vi.useRealTimers());

it('a normal close (the service closes 1000) has no error key', async () => {
  const t = make({ reconnect: false });
  const closes: CloseInfo[] = [];
  t.on('close', (c) => closes.push(c));
  const ws = await open(t);
  ws.serverClose(1000, 'Session Ended');
  await vi.advanceTimersByTimeAsync(10);
  expect(closes).toHaveLength(1);
  expect(closes[0]!.error).toBeUndefined();
  expect('error' in closes[0]!).toBe(false);
  expect(Object.keys(closes[0]!)).not.toContain('error');
});
