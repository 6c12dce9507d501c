// A stop() is seen however it is called: an app that gives up on any connection trouble calls stop() from its
// `state` listener when the state becomes 'reconnecting' (or 'connecting'). The stop() cancels what that state
// started: no new socket, no new (billed) service session, no token request, no `reconnected` after stop(). From a
// `begin` listener, the session did open: start() resolves and the stop ends it with Terminate.
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

// An app that records one utterance, or whose user clicked Stop as the session opened, calls stop() from its
// `begin` listener (or a `state` listener on 'open'). The session did open — begin was emitted — so start()
// resolves with that Begin, and the stop then ends the session as any stop() does: the last audio, Terminate,
// the service's Termination, close 'Session Ended'.
it.each(['begin', "state 'open'"])('stop() from a %s listener during start(): start() resolves, then Terminate, Termination and a clean close', async (from) => {
  const t = make();
  const events: string[] = [];
  t.on('close', (c) => events.push(`close:${c.code}:${c.reason}`));
  t.on('error', (e) => events.push(`error:${e.code}`));
  let stopping: Promise<unknown> | undefined;
  if (from === 'begin') t.on('begin', () => void (stopping = t.stop()));
  else t.on('state', (s) => void (s === 'open' && (stopping = t.stop())));
  const source = new SlowStopSource();
  let outcome = 'pending';
  void t.start({ source }).then((b) => (outcome = `resolved ${b.id}`), (e: { code?: string }) => (outcome = `rejected ${e.code}`));
  await vi.advanceTimersByTimeAsync(1);
  const ws = FakeWebSocket.last;
  ws.serverBegin('s1');
  await vi.advanceTimersByTimeAsync(300); // the microphone is released
  expect(outcome).toBe('resolved s1');
  expect(ws.json.map((m) => m.type)).toContain('Terminate');
  ws.serverSend({ type: 'Termination', audio_duration_seconds: 0, session_duration_seconds: 1 });
  ws.serverClose(1000);
  await vi.advanceTimersByTimeAsync(10);
  expect(await stopping).toMatchObject({ type: 'Termination' });
  expect(events).toEqual(['close:1000:Session Ended']);
  expect(source.live).toBe(false);
});
