// Nothing is lost silently. The user clicks Stop; while Earshot sends the last audio and Terminate, the service
// fails the session (an Error frame and its close) instead of answering with Termination: the last turn never
// comes. The app learns why: an `error` event, and the same error on `close`, with the service's code — whenever
// during stop() it comes: while the microphone is released (the worklet's last frame, up to 200 ms), while the
// last audio is sent, or after Terminate.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { EarshotError } from '../../src/errors.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, open, ramp, SlowStopSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it.each([
  [3005, 'Internal server error'],
  [3008, 'Session Expired: Maximum session duration exceeded'],
  [1011, 'Internal error'],
])('the service fails the session with %i after Terminate: stop() reports the error', async (code, text) => {
  const t = make({ reconnect: { baseDelayMs: 100 } });
  const errors: EarshotError[] = [];
  const closes: { code: number; reason: string; error?: EarshotError }[] = [];
  t.on('error', (e) => errors.push(e));
  t.on('close', (c) => closes.push(c));
  const ws = await open(t);
  t.sendAudio(ramp(16000));
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(0);
  expect(ws.json.map((m) => m.type)).toContain('Terminate');
  ws.serverSend({ type: 'Error', error_code: code, error: text });
  ws.serverClose(code, 'See Error message for details');
  await vi.advanceTimersByTimeAsync(20_000);
  expect(await stopping).toBeUndefined();
  expect(closes).toHaveLength(1);
  expect(closes[0]!.code).toBe(code);
  expect(closes[0]!.error?.message).toContain(text);
  expect(errors).toEqual([closes[0]!.error]);
});

it('the service fails the session while stop() still sends the last audio (before Terminate): stop() reports it', async () => {
  const t = make({ reconnect: { baseDelayMs: 100 }, stopTimeoutMs: 5000 });
  const errors: EarshotError[] = [];
  const closes: { code: number; error?: EarshotError }[] = [];
  t.on('error', (e) => errors.push(e));
  t.on('close', (c) => closes.push(c));
  const ws = await open(t);
  ws.bufferedAmount = 1 << 30; // the socket takes nothing: stop() waits to send what is queued
  t.sendAudio(ramp(16000));
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(100);
  expect(ws.json.map((m) => m.type)).not.toContain('Terminate');
  ws.serverSend({ type: 'Error', error_code: 3005, error: 'Internal server error' });
  ws.serverClose(3005, 'See Error message for details');
  await vi.advanceTimersByTimeAsync(20_000);
  await stopping;
  expect(closes).toHaveLength(1);
  expect(closes[0]!.code).toBe(3005);
  expect(closes[0]!.error?.message).toContain('Internal server error');
  expect(errors).toEqual([closes[0]!.error]);
});

it('the service fails the session while stop() still releases the microphone: stop() reports it, not a clean Stopped', async () => {
  const t = make({ reconnect: { baseDelayMs: 100 } });
  const errors: EarshotError[] = [];
  const closes: { code: number; reason: string; error?: EarshotError }[] = [];
  t.on('error', (e) => errors.push(e));
  t.on('close', (c) => closes.push(c));
  const source = new SlowStopSource();
  const ws = await started(t, source);
  source.frame();
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(50); // the microphone is still being released
  expect(t.state).toBe('closing');
  ws.serverSend({ type: 'Error', error_code: 3005, error: 'Internal server error' });
  ws.serverClose(3005, 'See Error message for details');
  await vi.advanceTimersByTimeAsync(20_000);
  expect(await stopping).toBeUndefined();
  expect(closes).toHaveLength(1);
  expect(closes[0]!.code).toBe(3005);
  expect(closes[0]!.error?.message).toContain('Internal server error');
  expect(errors).toEqual([closes[0]!.error]);
});
