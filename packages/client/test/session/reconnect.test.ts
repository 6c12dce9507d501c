// Resilience (issue #5) in the session's own logic, with a fake socket and fake timers: reconnect with a fresh
// token and backoff, replay of the audio the dropped session had not finished, one app-long clock and turn
// numbering, what is never retried, giving up, stop() while reconnecting, and backpressure.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TurnMessage } from '../../src/protocol/messages.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { bytes, concat, final, make, open, ramp } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('reconnect after a drop', () => {
  it('opens a new session with a fresh token, replays the unfinished audio first, and continues the clock and turns', async () => {
    const t = make({ reconnect: { baseDelayMs: 100 } });
    const events: string[] = [];
    const finals: TurnMessage[] = [];
    t.on('state', (s) => events.push(s));
    t.on('reconnecting', (r) => events.push(`reconnecting:${r.attempt}:${r.cause.code}`));
    t.on('reconnected', (r) => events.push(`reconnected:${r.attempt}:${r.replayedMs}`));
    t.on('final', (m) => finals.push(m));
    t.on('error', (e) => events.push(`error:${e.code}`));
    const first = await open(t);

    // 2 s of audio; the service finishes a turn ending at 1200 ms, then the connection drops.
    const a = ramp(32000);
    t.sendAudio(a);
    first.serverSend(final(0, 'One.', 300, 1200));
    first.serverClose(1006);
    expect(t.state).toBe('reconnecting');
    // Capture goes on during the outage: this audio is held.
    const b = ramp(8000, 32000);
    t.sendAudio(b);

    await vi.advanceTimersByTimeAsync(200);
    const second = FakeWebSocket.last;
    expect(second).not.toBe(first);
    expect(new URL(second.url).searchParams.get('token')).not.toBe(new URL(first.url).searchParams.get('token'));
    second.serverBegin('s2');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.state).toBe('open');

    // The new session first gets everything after the final's end (1200 ms → 2000 ms), then the live audio.
    const replayStart = 1200 * 32;
    expect(concat(second.audio)).toEqual(concat([bytes(a).subarray(replayStart), bytes(b)]));
    expect(events).toContain('reconnected:1:800');

    // Its turn 0 is the app's turn 1, and its clock starts at 1200 ms of the app's audio.
    second.serverSend(final(0, 'Two.', 100, 700));
    expect(finals.map((f) => [f.turn_order, f.words[0]!.start, f.words[0]!.end])).toEqual([[0, 300, 1200], [1, 1300, 1900]]);
    expect(t.transcript).toBe('One. Two.');
    expect(events.filter((e) => e.startsWith('error'))).toEqual([]);
    expect(events.slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting:1:network']);
  });

  it('retries with backoff when attempts fail, fetching a fresh token each time', async () => {
    const t = make({ reconnect: { baseDelayMs: 100, maxAttempts: 5 } });
    const delays: number[] = [];
    t.on('reconnecting', (r) => delays.push(r.delayMs));
    const first = await open(t);
    first.serverClose(1011);
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(2000);
      FakeWebSocket.last.serverClose(1006); // the attempt fails before Begin
    }
    await vi.advanceTimersByTimeAsync(2000);
    FakeWebSocket.last.serverBegin('s5');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.state).toBe('open');
    expect(delays).toHaveLength(4);
    // Exponential with jitter: attempt n waits between half and all of 100 × 2^(n-1).
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(50 * 2 ** i);
      expect(d).toBeLessThanOrEqual(100 * 2 ** i);
    });
    const used = FakeWebSocket.instances.map((ws) => new URL(ws.url).searchParams.get('token'));
    expect(new Set(used).size).toBe(used.length);
  });

  it.each([
    [1008, 'Unauthorized Connection: Invalid API key', 'auth_invalid'],
    [3006, "User Input Validation Error: Invalid 'prompt': too long", 'invalid_params'],
    [3007, 'Input Duration Error: Input Duration Violation: 20.0 ms. Expected between 50 and 1000 ms', 'audio_chunk_duration'],
  ])('never retries %i: the error is final', async (code, text, errorCode) => {
    const t = make();
    const errors: string[] = [];
    let reconnecting = 0;
    t.on('error', (e) => errors.push(e.code));
    t.on('reconnecting', () => reconnecting++);
    const ws = await open(t);
    ws.serverSend({ type: 'Error', error_code: code, error: text });
    ws.serverClose(code, 'See Error message for details');
    await vi.advanceTimersByTimeAsync(5000);
    expect(errors).toEqual([errorCode]);
    expect(reconnecting).toBe(0);
    expect(t.state).toBe('closed');
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it.each([
    [3005, 'Session Cancelled: An error occurred'],
    [3008, 'Session Expired: Maximum session duration exceeded'],
    [1008, 'Unauthorized Connection: Signature has expired'],
  ])('retries %i with a new session', async (code, text) => {
    const t = make({ reconnect: { baseDelayMs: 10 } });
    const ws = await open(t);
    ws.serverSend({ type: 'Error', error_code: code, error: text });
    ws.serverClose(code, 'See Error message for details');
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('backs off for seconds on 3009 (rate limit)', async () => {
    const t = make({ reconnect: { baseDelayMs: 10 } });
    const delays: number[] = [];
    t.on('reconnecting', (r) => delays.push(r.delayMs));
    const ws = await open(t);
    ws.serverSend({ type: 'Error', error_code: 3009, error: 'Unauthorized Connection: Too many concurrent sessions' });
    ws.serverClose(3009);
    expect(delays[0]).toBeGreaterThanOrEqual(2500);
  });

  it('gives up after maxAttempts with the last error, and closes', async () => {
    const t = make({ reconnect: { baseDelayMs: 10, maxAttempts: 2 }, token: (() => { let n = 0; return async () => { if (++n > 1) throw new Error('token service down'); return 'tok'; }; })() });
    const errors: string[] = [];
    const closes: number[] = [];
    t.on('error', (e) => errors.push(e.code));
    t.on('close', (c) => closes.push(c.code));
    const ws = await open(t);
    ws.serverClose(1006);
    await vi.advanceTimersByTimeAsync(5000);
    expect(errors).toEqual(['token_source']);
    expect(closes).toHaveLength(1);
    expect(t.state).toBe('closed');
  });

  it('is cancelled by stop() while reconnecting: no new socket, every promise settles', async () => {
    const t = make({ reconnect: { baseDelayMs: 1000 } });
    const ws = await open(t);
    ws.serverClose(1006);
    expect(t.state).toBe('reconnecting');
    await expect(t.stop()).resolves.toBeUndefined();
    expect(t.state).toBe('closed');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});

describe('the first connection', () => {
  it('tries again when the token endpoint fails once, then succeeds', async () => {
    let calls = 0;
    const t = make({ reconnect: { baseDelayMs: 100 }, token: async () => { if (++calls === 1) throw new Error('503'); return `tok-${calls}`; } });
    const attempts: number[] = [];
    t.on('reconnecting', (r) => attempts.push(r.attempt));
    const connecting = t.connect();
    await vi.advanceTimersByTimeAsync(200);
    FakeWebSocket.last.serverBegin();
    await expect(connecting).resolves.toMatchObject({ type: 'Begin' });
    expect(attempts).toEqual([1]);
    expect(calls).toBe(2);
  });

  it('rejects with the typed error once the attempts are spent', async () => {
    const t = make({ reconnect: { baseDelayMs: 100, maxAttempts: 3 }, token: async () => { throw new Error('token service down'); } });
    const outcome = t.connect().then(() => 'resolved', (e: { code: string }) => e.code);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await outcome).toBe('token_source');
    expect(t.state).toBe('closed');
  });

  it('survives a drop during connecting', async () => {
    const t = make({ reconnect: { baseDelayMs: 100 } });
    const connecting = t.connect();
    await vi.advanceTimersByTimeAsync(1);
    FakeWebSocket.last.serverClose(1006);
    await vi.advanceTimersByTimeAsync(200);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.last.serverBegin();
    await expect(connecting).resolves.toMatchObject({ type: 'Begin' });
  });

  it('does not retry what cannot succeed', async () => {
    const t = make({ reconnect: { baseDelayMs: 100 } });
    const connecting = t.connect();
    await vi.advanceTimersByTimeAsync(1);
    FakeWebSocket.last.serverOpen();
    FakeWebSocket.last.serverSend({ type: 'Error', error_code: 1008, error: 'Unauthorized Connection: Invalid API key' });
    FakeWebSocket.last.serverClose(1008);
    await expect(connecting).rejects.toMatchObject({ code: 'auth_invalid' });
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});

describe('stop() under backpressure', () => {
  it('settles after stopTimeoutMs even when the socket never drains, saying what could not be sent', async () => {
    const t = make({ highWaterBytes: 1000, stopTimeoutMs: 2000 });
    const errors: string[] = [];
    t.on('error', (e) => errors.push(e.message));
    const ws = await open(t);
    ws.bufferedAmount = 50_000;
    t.sendAudio(ramp(16000));
    let result: unknown = 'pending';
    void t.stop().then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(2100);
    expect(errors).toEqual(['1000 ms of audio unsent: the connection took none for stopTimeoutMs']);
    await vi.advanceTimersByTimeAsync(2100);
    expect(result).toBeUndefined();
    expect(t.state).toBe('closed');
  });
});

describe('backpressure', () => {
  it('holds audio while the socket does not drain, warns once, and sends it all when it does', async () => {
    const t = make({ highWaterBytes: 4000 });
    const warnings: string[] = [];
    t.on('warning', (w) => warnings.push(w.code));
    const ws = await open(t);
    ws.bufferedAmount = 10_000;
    const audio = ramp(16000);
    t.sendAudio(audio);
    expect(ws.audio).toHaveLength(0);
    expect(warnings).toEqual(['backpressure']);
    ws.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(100);
    expect(concat(ws.audio)).toEqual(bytes(audio));
  });

  it('bounds memory: past maxBufferedMs the oldest audio is dropped with an error that says how much', async () => {
    const t = make({ highWaterBytes: 1000, maxBufferedMs: 1000 });
    const errors: string[] = [];
    t.on('error', (e) => errors.push(e.message));
    const ws = await open(t);
    ws.bufferedAmount = 50_000;
    for (let i = 0; i < 3; i++) t.sendAudio(ramp(16000, i * 16000));
    // Said at once, then at most once a second with the total since: not one error per frame.
    expect(errors).toEqual(['1000 ms of the oldest audio dropped: over maxBufferedMs']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(2);
    expect(errors[1]).toBe('1000 ms of the oldest audio dropped: over maxBufferedMs');
    ws.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(100);
    expect(concat(ws.audio)).toEqual(bytes(ramp(16000, 32000)));
  });
});
