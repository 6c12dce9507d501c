// Nothing is emitted after `close` (README): when a session ends, `close` says why and is the last event — an app
// tears its UI down there. A failure found after it (a `close` listener that throws, a source whose release fails
// once the session is over) goes to the host's error reporting (`reportError`), never to an `error` event.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, open, ScriptedSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

it('a close listener that throws: nothing is emitted after close (the throw goes to the host instead)', async () => {
  const t = make({ reconnect: false });
  const order: string[] = [];
  t.on('error', (e) => order.push(`error:${e.code}`));
  t.on('close', () => {
    order.push('close');
    throw new Error('view already unmounted');
  });
  const reported = vi.fn();
  vi.stubGlobal('reportError', reported);
  try {
    const ws = await open(t);
    ws.serverClose(1000, 'bye');
    await vi.advanceTimersByTimeAsync(10);
  } finally {
    vi.unstubAllGlobals();
  }
  expect(order).toEqual(['close']);
  expect(reported).toHaveBeenCalledTimes(1);
});

/** A source whose release fails (a worklet that cannot be torn down): found out after the session ended. */
class FailingStopSource extends ScriptedSource {
  override async stop(): Promise<void> {
    await super.stop();
    throw new Error('teardown failed');
  }
}

it.each([
  ['the service ends the session', (ws: { serverClose(code: number, reason: string): void }) => ws.serverClose(3006, 'gone')],
  ['the network drops, reconnect off', (ws: { serverClose(code: number, reason: string): void }) => ws.serverClose(1006, '')],
])('%s and the source then fails to stop: nothing is emitted after close (the failure goes to the host)', async (_, end) => {
  const t = make({ reconnect: false });
  const order: string[] = [];
  t.on('error', (e) => order.push(`error:${e.code}`));
  t.on('close', () => order.push('close'));
  const reported = vi.fn();
  vi.stubGlobal('reportError', reported);
  try {
    const ws = await started(t, new FailingStopSource());
    end(ws);
    await vi.advanceTimersByTimeAsync(10);
  } finally {
    vi.unstubAllGlobals();
  }
  expect(order.at(-1)).toBe('close');
  expect(reported).toHaveBeenCalledTimes(1);
});

it('stop() and the source fails to stop: the app is told before close, as an error event', async () => {
  const t = make({ reconnect: false });
  const order: string[] = [];
  t.on('error', (e) => order.push(`error:${e.code}`));
  t.on('close', () => order.push('close'));
  const ws = await started(t, new FailingStopSource());
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(1);
  ws.serverSend({ type: 'Termination', audio_duration_seconds: 0, session_duration_seconds: 0 });
  await vi.advanceTimersByTimeAsync(10);
  await stopping;
  expect(order).toEqual(['error:invalid_state', 'close']);
});
