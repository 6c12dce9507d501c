// pause()/resume() and the inactivity timer (issue #5 §4), with a scripted audio source, fake socket and clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource, SlowStopSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('pause and resume', () => {
  it('stops sending while paused and continues the same session on resume', async () => {
    const t = make();
    const source = new ScriptedSource();
    const ws = await started(t, source);
    source.frame();
    await t.pause();
    source.frame();
    source.frame();
    expect(ws.audio).toHaveLength(1);
    await t.resume();
    source.frame();
    expect(ws.audio).toHaveLength(2);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(source.calls).toEqual(['muted:false', 'start', 'pause', 'resume']);
  });

  it('keeps the session alive with KeepAlive while paused when inactivityTimeout is set', async () => {
    const t = make({ inactivityTimeout: 10 });
    const ws = await started(t, new ScriptedSource());
    await t.pause();
    await vi.advanceTimersByTimeAsync(21_000);
    expect(ws.json.filter((m) => m.type === 'KeepAlive')).toHaveLength(4);
    await t.resume();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(ws.json.filter((m) => m.type === 'KeepAlive')).toHaveLength(4);
  });

  it("ends the session cleanly before the service would, with whilePaused 'stop', and resume() starts a new one", async () => {
    const t = make({ inactivityTimeout: 10, whilePaused: 'stop' });
    const source = new ScriptedSource();
    const ws = await started(t, source);
    await t.pause();
    await vi.advanceTimersByTimeAsync(8600);
    expect(ws.json).toEqual([{ type: 'Terminate' }]);
    ws.serverSend({ type: 'Termination', audio_duration_seconds: 0, session_duration_seconds: 9 });
    ws.serverClose(1000, 'Session Ended');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.state).toBe('closed');
    expect(t.isPaused).toBe(true);
    const resuming = t.resume();
    await vi.advanceTimersByTimeAsync(1);
    FakeWebSocket.last.serverBegin('s2');
    await resuming;
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(t.state).toBe('open');
    source.frame();
    expect(FakeWebSocket.last.audio).toHaveLength(1);
  });

  it('releases the microphone when asked, and opens it again on resume', async () => {
    const t = make();
    const source = new ScriptedSource();
    await started(t, source);
    await t.pause({ releaseMicrophone: true });
    expect(source.calls.at(-1)).toBe('stop');
    await t.resume();
    expect(source.calls.at(-1)).toBe('start');
    source.frame();
    expect(FakeWebSocket.last.audio).toHaveLength(1);
  });
});

describe('start()', () => {
  it('stops the source when the connection cannot be made, and rejects', async () => {
    const t = make({ token: async () => { throw Object.assign(new Error('401'), {}); }, reconnect: false });
    const source = new ScriptedSource();
    await expect(t.start({ source })).rejects.toMatchObject({ code: 'token_source' });
    expect(source.calls).toContain('stop');
    expect(t.state).toBe('closed');
  });
});

// The user clicks Stop, then Pause while the microphone is still being released (the worklet's last frame, up to
// 200 ms): once stop() resolved the session is over, and a UI must not show "Resume" for it.
it('pause() while stop() releases the microphone: once stop() resolves, isPaused reads false', async () => {
  const t = make();
  const source = new SlowStopSource();
  const ws = await started(t, source);
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(50);
  await t.pause();
  await vi.advanceTimersByTimeAsync(300);
  ws.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
  ws.serverClose(1000);
  await vi.advanceTimersByTimeAsync(10);
  await stopping;
  expect(t.state).toBe('closed');
  expect(source.live).toBe(false);
  expect(t.isPaused).toBe(false);
});
