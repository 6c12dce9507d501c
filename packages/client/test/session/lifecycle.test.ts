// The session's lifecycle invariants (issue #9), with the fake socket and clock: what reaches the URL, what every
// kind of end leaves behind, what a new connection may carry, the reconnect budget, the close codes retried,
// when stop() resolves, and the app's turn numbering for every message that names a turn.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EarshotError } from '../../src/errors.js';
import type { LLMGatewayResponseMessage, SpeakerRevisionMessage } from '../../src/protocol/messages.js';
import type { ClientOptions } from '../../src/session/options.js';
import { Transcriber } from '../../src/session/transcriber.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { answerNext, concat, final, make, nextSocket, open, ramp, ScriptedSource, started } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** Records what the app is told, in order. */
function watch(t: Transcriber) {
  const log: string[] = [];
  const errors: EarshotError[] = [];
  t.on('error', (e) => (errors.push(e), log.push(`error:${e.code}`)));
  t.on('close', (c) => log.push(`close:${c.code}:${c.error?.code ?? '-'}`));
  t.on('reconnecting', (r) => log.push(`reconnecting:${r.attempt}`));
  return { log, errors };
}

describe('invariant 1: only v3 parameters reach the URL', () => {
  // `satisfies Required<ClientOptions>`: a client option added later and not set here does not compile.
  const everyClientOption = {
    token: async () => 'tok',
    url: 'ws://127.0.0.1:9/v3/ws',
    region: 'eu',
    WebSocket: FakeWebSocket,
    chunkMs: 100,
    tokenTimeoutMs: 1234,
    connectTimeoutMs: 2345,
    stopTimeoutMs: 3456,
    maxBufferedMs: 4567,
    maxLeadMs: 5678,
    microphone: { deviceId: 'device-secret-id', workletUrl: '/private/worklet.js', echoCancellation: false },
    reconnect: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, healthyAfterMs: 30 },
    replayWindowMs: 6789,
    highWaterBytes: 7890,
    whilePaused: 'stop',
    halfOpenTimeoutMs: 8901,
    stallWarningMs: 9012,
    stallErrorMs: 10123,
  } satisfies Required<ClientOptions>;

  it('sends only the defaults and the token when every client option is set', async () => {
    await open(new Transcriber(everyClientOption));
    const keys = [...new URL(FakeWebSocket.last.url).searchParams.keys()].sort();
    expect(keys).toEqual(['encoding', 'sample_rate', 'speech_model', 'token']);
  });

  it('adds exactly the v3 parameters given, whatever client options come with them', async () => {
    await open(new Transcriber({ ...everyClientOption, formatTurns: true, minTurnSilence: 0, keytermsPrompt: ['a'] }));
    const keys = [...new URL(FakeWebSocket.last.url).searchParams.keys()].sort();
    expect(keys).toEqual(['encoding', 'format_turns', 'keyterms_prompt', 'min_turn_silence', 'sample_rate', 'speech_model', 'token']);
  });
});

describe('invariant 2: an end for good releases capture, says why, and is the last word', () => {
  const ends: [string, (t: Transcriber, ws: FakeWebSocket) => Promise<void>, string][] = [
    ['a non-retriable error (3006)', async (_t, ws) => {
      ws.serverSend({ type: 'Error', error_code: 3006, error: "User Input Validation Error: Invalid 'prompt'" });
      ws.serverClose(3006);
    }, 'close:3006:invalid_params'],
    ['the attempts exhausted', async (_t, ws) => {
      ws.serverClose(1011);
      for (let i = 0; i < 3; i++) (await nextSocket()).serverClose(1006);
    }, 'close:1006:network'],
    ['the service closing after Termination', async (_t, ws) => {
      ws.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
      ws.serverClose(1000, 'Session Ended');
    }, 'close:1000:-'],
  ];

  it.each(ends)('after %s: the microphone is released, `close` says why, no error follows', async (_name, end, closeLine) => {
    const t = make();
    const { log } = watch(t);
    const source = new ScriptedSource();
    const ws = await started(t, source);
    source.frame();
    await end(t, ws);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.state).toBe('closed');
    expect(source.live).toBe(false);
    expect(log.at(-1)).toBe(closeLine);
    const settled = log.length;
    // A frame still in flight, then a long wait: nothing keeps emitting (no audio_dropped storm).
    for (let i = 0; i < 40; i++) source.lateFrame(16_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(log.slice(settled)).toEqual([]);
    expect(FakeWebSocket.instances.every((s) => s.readyState === 3 || s.closedByClient)).toBe(true);
  });

  it('start() again after such an end leaves no earlier capture alive', async () => {
    const t = make();
    const first = new ScriptedSource();
    const ws = await started(t, first);
    ws.serverSend({ type: 'Error', error_code: 3006, error: 'Invalid Message Type: X' });
    ws.serverClose(3006);
    await vi.advanceTimersByTimeAsync(1);
    const second = new ScriptedSource();
    await started(t, second);
    expect(first.live).toBe(false);
    expect(second.live).toBe(true);
    const stopping = t.stop();
    await vi.advanceTimersByTimeAsync(11_000); // no Termination comes
    await stopping;
    expect(second.live).toBe(false);
  });
});

describe('invariant 3: a new connection never carries audio from an earlier, ended session', () => {
  it.each([
    ['a non-retriable Error frame', (ws: FakeWebSocket) => (ws.serverSend({ type: 'Error', error_code: 3007, error: 'Input Duration Error' }), ws.serverClose(3007))],
    ['a close with reconnect off', (ws: FakeWebSocket) => ws.serverClose(1006)],
    ['the service closing', (ws: FakeWebSocket) => ws.serverClose(1000)],
  ])('connect() after %s sends only the new audio', async (_name, end) => {
    const t = make({ reconnect: _name.includes('reconnect off') ? false : undefined, highWaterBytes: 4000 });
    const ws = await open(t);
    t.sendAudio(ramp(16_000)); // sent, kept for replay (no final yet)
    ws.bufferedAmount = 100_000;
    t.sendAudio(ramp(8000, 16_000)); // held: the socket does not drain
    end(ws);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.state).toBe('closed');
    await open(t);
    const fresh = ramp(1600, 100);
    t.sendAudio(fresh);
    expect(concat(FakeWebSocket.last.audio)).toEqual(new Uint8Array(fresh.buffer));
  });
});

describe('invariant 4: the reconnect budget counts failures since the last healthy moment', () => {
  it.each([
    ['Begin → close 1011', (ws: FakeWebSocket) => ws.serverClose(1011), 'server_error'],
    ['Begin → Error 3005', (ws: FakeWebSocket) => (ws.serverSend({ type: 'Error', error_code: 3005, error: 'Session Cancelled: An error occurred' }), ws.serverClose(3005)), 'server_error'],
    ['Begin → drop', (ws: FakeWebSocket) => ws.serverClose(1006), 'network'],
  ])('a service that fails every session right after %s gets at most maxAttempts sessions, then a typed error', async (_name, fail, code) => {
    const t = make({ reconnect: { maxAttempts: 3, baseDelayMs: 100 } });
    const { errors } = watch(t);
    fail(await open(t));
    for (let i = 0; i < 10 && t.state !== 'closed'; i++) {
      fail(await answerNext(`s${i + 2}`, 30_000));
      await vi.advanceTimersByTimeAsync(0);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(3);
    expect(t.state).toBe('closed');
    expect(errors.map((e) => e.code)).toEqual([code]);
  });

  it('a session that was healthy (a final, or open long enough) starts the count again', async () => {
    const t = make({ reconnect: { maxAttempts: 2, baseDelayMs: 100, healthyAfterMs: 5000 } });
    let ws = await open(t);
    for (let i = 0; i < 3; i++) {
      ws.serverSend(final(0, 'Fine.', 0, 100));
      ws.serverClose(1011);
      ws = await answerNext(`f${i}`);
    }
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(5000);
      ws.serverClose(1006);
      ws = await answerNext(`h${i}`);
    }
    expect(t.state).toBe('open');
    expect(FakeWebSocket.instances).toHaveLength(7);
  });

  it('the first connection has the same budget', async () => {
    const t = make({ reconnect: { maxAttempts: 3, baseDelayMs: 100 } });
    const outcome = t.connect().then(() => 'open', (e: EarshotError) => e.code);
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(2000);
      // Opened, then refused with 1011 before Begin (a socket that never opened would be a network error).
      const ws = FakeWebSocket.instances[i];
      ws?.serverOpen();
      ws?.serverClose(1011);
    }
    expect(await outcome).toBe('server_error');
    expect(FakeWebSocket.instances).toHaveLength(3);
  });
});

describe('invariant 9: close codes that mean "try again" are retried', () => {
  it.each([1001, 1006, 1011, 1012, 1013, 3005, 3008])('close %i after Begin opens a new session', async (code) => {
    const t = make({ reconnect: { baseDelayMs: 10 } });
    const { errors } = watch(t);
    const ws = await open(t);
    ws.serverClose(code, 'going');
    await answerNext('again');
    expect(t.state).toBe('open');
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});

describe('invariant 11: stop() resolves only after the socket has closed', () => {
  it('waits for the close that follows Termination', async () => {
    const t = make();
    const ws = await open(t);
    FakeWebSocket.holdClose = true;
    let done = false;
    const stopping = t.stop().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1);
    ws.serverSend({ type: 'Termination', audio_duration_seconds: 0, session_duration_seconds: 1 });
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    expect(ws.readyState).toBe(2);
    ws.serverClose(1000);
    await stopping;
    expect(t.state).toBe('closed');
  });

  it('is bounded by stopTimeoutMs when the close never comes, and a restart then opens one session', async () => {
    const t = make({ stopTimeoutMs: 1000 });
    await open(t);
    FakeWebSocket.holdClose = true;
    let done = false;
    void t.stop().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1500); // no Termination
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(600); // no close either
    expect(done).toBe(true);
    FakeWebSocket.holdClose = false;
    await open(t);
    expect(FakeWebSocket.instances.filter((s) => s.readyState === 1)).toHaveLength(1);
  });
});

describe('invariant 13: every message that names a turn carries the app numbering after a reconnect', () => {
  it('SpeakerRevision and LLMGatewayResponse are renumbered and re-timed like Turn', async () => {
    const t = make({ reconnect: { baseDelayMs: 10 } });
    const revisions: SpeakerRevisionMessage[] = [];
    const responses: LLMGatewayResponseMessage[] = [];
    t.on('speakerRevision', (r) => revisions.push(r));
    t.on('llmGatewayResponse', (r) => responses.push(r));
    const first = await open(t);
    t.sendAudio(ramp(32_000));
    first.serverSend(final(0, 'One.', 100, 1000));
    first.serverSend(final(1, 'Two.', 1100, 1500));
    first.serverClose(1006);
    const second = await answerNext('s2');
    second.serverSend({ type: 'SpeakerRevision', revisions: [{ turn_order: 0, speaker_label: 'B', words: [{ text: 'Three', start: 10, end: 200, confidence: 1, word_is_final: true }] }] });
    second.serverSend({ type: 'LLMGatewayResponse', turn_order: 0, transcript: 'Three.', data: {} });
    expect(revisions[0]!.revisions[0]).toMatchObject({ turn_order: 2, words: [{ start: 1510, end: 1700 }] });
    expect(responses[0]).toMatchObject({ turn_order: 2 });
  });
});
