// start() where capture cannot run — here Node, which has no AudioContext, AudioWorklet or getUserMedia — rejects
// with a CaptureError `unsupported_browser` naming what is missing, opens no socket and leaves the session closed.
// An option the client cannot use is refused at construction with a UsageError.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CaptureError } from '../../src/errors.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it('start() without AudioContext rejects with CaptureError unsupported_browser, not a ReferenceError', async () => {
  expect((globalThis as { AudioContext?: unknown }).AudioContext).toBeUndefined();
  const t = make();
  const outcome = t.start().then(() => undefined, (e: unknown) => e);
  await vi.advanceTimersByTimeAsync(100);
  const err = await outcome;
  expect(err).toBeInstanceOf(CaptureError);
  expect(err).toMatchObject({ code: 'unsupported_browser', message: expect.stringContaining('AudioContext') });
  expect(FakeWebSocket.instances).toHaveLength(0);
  expect(t.state).toBe('closed');
});

it.each([{ region: 'mars', url: undefined }, { region: 'toString', url: undefined }, { url: 'http://127.0.0.1:1/v3/ws' }])('new Transcriber(%j) throws a UsageError', (options) => {
  expect(() => make(options as never)).toThrow(expect.objectContaining({ name: 'UsageError', code: 'invalid_state' }));
});
