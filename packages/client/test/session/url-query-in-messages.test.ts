// "Could not connect to <url>" leaves out the URL's query, because an app may have put a token (or a proxy key)
// there. Every message of a connection that names the session URL holds to the same — the connect timeout ("No
// Begin from <url>") and the socket constructor failing — and leaves out user info too (ws://user:key@host).
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { EarshotError } from '../../src/errors.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make } from '../helpers/session.js';

const SECRET = 'proxy_key_9f8e7d6c5b4a';
const URLS = [[`ws://127.0.0.1:9/v3/ws?key=${SECRET}`], [`ws://app:${SECRET}@127.0.0.1:9/v3/ws`]];

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it.each(URLS)('no Begin within connectTimeoutMs (%s): the error names the URL without the secret', async (url) => {
  const t = make({ url, reconnect: false, connectTimeoutMs: 1000 });
  const errors: EarshotError[] = [];
  t.on('error', (e) => errors.push(e));
  const connecting = t.connect().then(() => undefined, (e: EarshotError) => e);
  await vi.advanceTimersByTimeAsync(1);
  FakeWebSocket.last.serverOpen(); // the upgrade succeeds; Begin never comes
  await vi.advanceTimersByTimeAsync(5000);
  const err = await connecting;
  expect(err?.code).toBe('connect_timeout');
  expect(err!.message).toContain('ws://127.0.0.1:9/v3/ws');
  for (const e of [err!, ...errors]) expect(e.message).not.toContain(SECRET);
});

it.each(URLS)('the WebSocket constructor throws (%s): the error names the URL without the secret', async (url) => {
  class Throwing extends FakeWebSocket {
    constructor(url: string) {
      super(url);
      throw new DOMException('blocked', 'SecurityError');
    }
  }
  const t = make({ url, reconnect: false, WebSocket: Throwing });
  const err = await t.connect().then(() => undefined, (e: EarshotError) => e);
  expect(err?.message).toBe('WebSocket to ws://127.0.0.1:9/v3/ws failed (SecurityError)');
});
