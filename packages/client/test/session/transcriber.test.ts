// The session's own logic (issue #2 §4) with a fake socket and, where time matters, fake timers.
// Spec §5 (messages), §6 (client messages), §7 (50–1000 ms chunks), §8 (ordering), §9 (errors).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Transcriber, type TranscriberOptions } from '../../src/session/transcriber.js';
import type { TurnMessage } from '../../src/protocol/messages.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';

const URL_ = 'ws://127.0.0.1:9/v3/ws';
let tokens = 0;
function make(options: Partial<TranscriberOptions> = {}): Transcriber {
  return new Transcriber({ token: async () => `tok-${++tokens}`, url: URL_, WebSocket: FakeWebSocket, ...options });
}
/** Connects and answers with Begin. */
async function open(t: Transcriber): Promise<FakeWebSocket> {
  const before = FakeWebSocket.instances.length;
  const connecting = t.connect();
  await vi.waitFor(() => expect(FakeWebSocket.instances.length).toBe(before + 1));
  const ws = FakeWebSocket.last;
  ws.serverBegin();
  await connecting;
  return ws;
}
const turn = (order: number, text: string, end: boolean): TurnMessage => ({
  type: 'Turn', turn_order: order, turn_is_formatted: end, end_of_turn: end, transcript: text,
  end_of_turn_confidence: end ? 1 : 0, words: text ? text.split(' ').map((w, i) => ({ text: w, start: i * 100, end: i * 100 + 90, confidence: 0.9, word_is_final: end })) : [], utterance: end ? text : '',
});
/** PCM16 bytes whose values count up, so any reordering or loss shows. */
function ramp(samples: number, from = 0): Int16Array {
  return Int16Array.from({ length: samples }, (_, i) => ((from + i) % 65536) - 32768);
}
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}
const bytesOf = (a: Int16Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

beforeEach(() => FakeWebSocket.reset());
afterEach(() => vi.useRealTimers());

describe('connect()', () => {
  it('resolves with Begin, opens the URL with a fresh token, and reports the states', async () => {
    const t = make();
    const states: string[] = [];
    t.on('state', (s) => states.push(s));
    const connecting = t.connect();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.last;
    expect(new URL(ws.url).searchParams.get('token')).toMatch(/^tok-/);
    expect(ws.binaryType).toBe('arraybuffer');
    ws.serverBegin('abc');
    const begin = await connecting;
    expect(begin.id).toBe('abc');
    expect(t.sessionId).toBe('abc');
    expect(states).toEqual(['connecting', 'open']);
  });

  it('rejects with the Error frame when the service refuses before Begin', async () => {
    const t = make();
    const connecting = t.connect();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    ws.serverSend({ type: 'Error', error_code: 3006, error: "User Input Validation Error: Invalid 'sample_rate': Value error, sample_rate must be at least 8,000 Hz" });
    ws.serverClose(3006, 'See Error message for details');
    await expect(connecting).rejects.toMatchObject({ code: 'invalid_params', closeCode: 3006, retriable: false });
    expect(t.state).toBe('closed');
  });

  it('rejects when the socket closes before Begin without an Error frame (retries off)', async () => {
    const t = make({ reconnect: false });
    const connecting = t.connect();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    FakeWebSocket.last.serverClose(1006);
    await expect(connecting).rejects.toMatchObject({ code: 'network', retriable: true });
  });

  it('rejects when the socket closes normally before Begin', async () => {
    const t = make();
    const connecting = t.connect();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    // Only a socket that opened can close normally (one that never opened reports 1006, a network error).
    FakeWebSocket.last.serverOpen();
    FakeWebSocket.last.serverClose(1000, 'bye');
    await expect(connecting).rejects.toMatchObject({ code: 'protocol' });
  });

  it('rejects with connect_timeout when Begin never comes, and closes the socket', async () => {
    vi.useFakeTimers();
    const t = make({ connectTimeoutMs: 3000, reconnect: false });
    const connecting = t.connect();
    const outcome = connecting.then(() => 'resolved', (e: { code: string }) => e.code);
    await vi.advanceTimersByTimeAsync(10);
    FakeWebSocket.last.serverOpen();
    await vi.advanceTimersByTimeAsync(3000);
    expect(await outcome).toBe('connect_timeout');
    expect(FakeWebSocket.last.closedByClient).toBeDefined();
    expect(t.state).toBe('closed');
  });

  it('rejects with the token error when the token source fails, without opening a socket', async () => {
    const t = make({ token: async () => { throw new Error('no session cookie'); } });
    await expect(t.connect()).rejects.toMatchObject({ code: 'token_source' });
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('fetches a new token for every connection', async () => {
    const t = make({ reconnect: false });
    const first = await open(t);
    first.serverClose(1006);
    const second = await open(t);
    expect(new URL(first.url).searchParams.get('token')).not.toBe(new URL(second.url).searchParams.get('token'));
  });

  it('refuses a second connect() while one is in progress', async () => {
    const t = make();
    await open(t);
    await expect(t.connect()).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('is cancelled by stop() during connecting', async () => {
    const t = make();
    const connecting = t.connect();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    await expect(t.stop()).resolves.toBeUndefined();
    await expect(connecting).rejects.toMatchObject({ code: 'aborted' });
    expect(t.state).toBe('closed');
    expect(FakeWebSocket.last.closedByClient).toBeDefined();
  });
});

describe('sendAudio()', () => {
  it('re-chunks 10 ms pieces into 50 ms messages with exactly the same bytes', async () => {
    const t = make();
    const ws = await open(t);
    const input: Int16Array[] = [];
    for (let i = 0; i < 100; i++) input.push(ramp(160, i * 160)); // 1 s in 10 ms pieces
    for (const piece of input) t.sendAudio(piece);
    expect(ws.audio).toHaveLength(20);
    for (const m of ws.audio) expect(m.byteLength).toBe(1600);
    expect(concat(ws.audio)).toEqual(concat(input.map(bytesOf)));
  });

  it('splits a 3 s piece into legal messages (paced within maxLeadMs) with the same bytes', async () => {
    vi.useFakeTimers();
    const t = make({ maxLeadMs: 1000 });
    const ws = await open(t);
    const big = ramp(48000);
    t.sendAudio(big);
    // Only ~1 s may run ahead of real time: 20 messages now, the rest as time passes.
    expect(ws.audio.length).toBeLessThanOrEqual(21);
    await vi.advanceTimersByTimeAsync(2500);
    expect(ws.audio).toHaveLength(60);
    for (const m of ws.audio) expect(m.byteLength).toBe(1600);
    expect(concat(ws.audio)).toEqual(bytesOf(big));
  });

  it('uses chunkMs for the message size', async () => {
    const t = make({ chunkMs: 100, sampleRate: 8000 });
    const ws = await open(t);
    t.sendAudio(ramp(4000));
    expect(ws.audio.map((m) => m.byteLength)).toEqual(Array(5).fill(1600));
  });

  it('holds audio given before Begin and sends it right after, in order', async () => {
    const t = make();
    const early = ramp(8000); // 0.5 s before connect() even starts
    t.sendAudio(early);
    const connecting = t.connect();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.last;
    ws.serverOpen();
    const during = ramp(8000, 8000);
    t.sendAudio(during);
    expect(ws.audio).toHaveLength(0);
    ws.serverBegin();
    await connecting;
    const after = ramp(1600, 16000);
    t.sendAudio(after);
    expect(concat(ws.audio)).toEqual(concat([bytesOf(early), bytesOf(during), bytesOf(after)]));
  });

  it('drops the oldest audio past maxBufferedMs and says how much', async () => {
    const t = make({ maxBufferedMs: 1000 });
    const errors: { code: string; message: string }[] = [];
    t.on('error', (e) => errors.push(e));
    t.sendAudio(ramp(16000));
    t.sendAudio(ramp(8000, 16000));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'audio_dropped' });
    expect(errors[0]!.message).toMatch(/^500 ms/);
    const ws = await open(t);
    // What is left is the newest second, intact.
    expect(concat(ws.audio)).toEqual(bytesOf(ramp(16000, 8000)));
  });

  it('refuses floats and says how to convert', () => {
    const t = make();
    expect(() => t.sendAudio(new Float32Array(10) as unknown as Int16Array)).toThrow(/PCM16/);
  });

  it('refuses audio after stop()', async () => {
    const t = make();
    await t.stop();
    expect(() => t.sendAudio(ramp(10))).toThrow(/after stop/);
  });
});

describe('events', () => {
  it('emits turn for every Turn, partial and final by end_of_turn, and drops empty finals', async () => {
    const t = make();
    const ws = await open(t);
    const seen: string[] = [];
    t.on('turn', (m) => seen.push(`turn:${m.transcript}`));
    t.on('partial', (m) => seen.push(`partial:${m.transcript}`));
    t.on('final', (m) => seen.push(`final:${m.transcript}`));
    t.on('speechStarted', (m) => seen.push(`speech:${m.timestamp}`));
    ws.serverSend({ type: 'SpeechStarted', timestamp: 1216, confidence: 0.9 });
    ws.serverSend(turn(0, 'My name is—', false));
    ws.serverSend(turn(0, 'My name is Sonny.', true));
    ws.serverSend(turn(1, '', true));
    expect(seen).toEqual([
      'speech:1216',
      'turn:My name is—', 'partial:My name is—',
      'turn:My name is Sonny.', 'final:My name is Sonny.',
      'turn:',
    ]);
  });

  it('keeps a running transcript that replaces text by turn_order', async () => {
    const t = make();
    const ws = await open(t);
    ws.serverSend(turn(0, 'hello', false));
    ws.serverSend(turn(0, 'hello wor', false));
    expect(t.transcript).toBe('hello wor');
    ws.serverSend(turn(0, 'Hello world.', true));
    ws.serverSend(turn(1, 'how', false));
    expect(t.transcript).toBe('Hello world. how');
    ws.serverSend(turn(1, 'How are you?', true));
    ws.serverSend(turn(2, '', true));
    expect(t.transcript).toBe('Hello world. How are you?');
  });

  it('reports unreadable frames as warnings and goes on', async () => {
    const t = make();
    const ws = await open(t);
    const warnings: { code: string; raw?: string }[] = [];
    const finals: string[] = [];
    t.on('warning', (w) => warnings.push(w));
    t.on('final', (m) => finals.push(m.transcript));
    ws.serverSend('{oops');
    ws.serverSend({ type: 'FutureThing', x: 1 });
    ws.serverSend({ type: 'Turn', turn_order: 0 });
    ws.serverSend({ type: 'Warning', warning_code: 1, warning: 'slow down' });
    ws.serverSend(turn(0, 'Still here.', true));
    expect(warnings.map((w) => w.code)).toEqual(['unparsed_frame', 'unparsed_frame', 'unparsed_frame', 'service_warning']);
    expect(warnings[0]!.raw).toBe('{oops');
    expect(finals).toEqual(['Still here.']);
    expect(t.state).toBe('open');
  });

  it('calls every listener even when one throws, and reports it as an error event', async () => {
    const t = make();
    const ws = await open(t);
    const calls: string[] = [];
    const errors: { code: string }[] = [];
    t.on('final', () => { throw new Error('app bug'); });
    t.on('final', (m) => calls.push(m.transcript));
    t.on('error', (e) => errors.push(e));
    ws.serverSend(turn(0, 'One.', true));
    ws.serverSend(turn(1, 'Two.', true));
    expect(calls).toEqual(['One.', 'Two.']);
    expect(errors.map((e) => e.code)).toEqual(['listener_threw', 'listener_threw']);
    expect(t.state).toBe('open');
  });

  it('keeps once() semantics', async () => {
    const t = make();
    const ws = await open(t);
    let n = 0;
    t.once('final', () => n++);
    ws.serverSend(turn(0, 'A.', true));
    ws.serverSend(turn(1, 'B.', true));
    expect(n).toBe(1);
  });

  it('off() removes that listener only (on the event it names), or every listener of the event', async () => {
    const t = make();
    const ws = await open(t);
    const calls: string[] = [];
    const a = (m: TurnMessage) => calls.push(`a:${m.transcript}`);
    const b = (m: TurnMessage) => calls.push(`b:${m.transcript}`);
    const onceC = (m: TurnMessage) => calls.push(`c:${m.transcript}`);
    t.on('final', a).on('final', b).on('turn', a).once('final', onceC);
    expect(t.listenerCount('final')).toBe(3);
    t.off('final', a).off('final', onceC);
    expect([t.listenerCount('final'), t.listenerCount('turn')]).toEqual([1, 1]);
    ws.serverSend(turn(0, 'A.', true));
    expect(calls).toEqual(['a:A.', 'b:A.']); // `a` still listens to `turn`
    t.off('final');
    ws.serverSend(turn(1, 'B.', true));
    expect(calls).toEqual(['a:A.', 'b:A.', 'a:B.']);
  });

  it('reports an Error frame after Begin as an error event, then close', async () => {
    const t = make({ reconnect: false });
    const ws = await open(t);
    const got: string[] = [];
    t.on('error', (e) => got.push(`error:${e.code}`));
    t.on('close', (c) => got.push(`close:${c.code}:${c.error?.code}:${c.sessionId}`));
    ws.serverSend({ type: 'Error', error_code: 3005, error: 'Session Cancelled: An error occurred' });
    ws.serverClose(3005, 'See Error message for details');
    expect(got).toEqual(['error:server_error', 'close:3005:server_error:session-1']);
    expect(t.state).toBe('closed');
  });

  it('reports a drop after Begin as a retriable network error when reconnect is off', async () => {
    const t = make({ reconnect: false });
    const ws = await open(t);
    const errors: { code: string; retriable: boolean }[] = [];
    t.on('error', (e) => errors.push(e));
    ws.serverClose(1006);
    expect(errors).toMatchObject([{ code: 'network', retriable: true }]);
  });
});

describe('control messages', () => {
  it('sends UpdateConfiguration in snake_case, ForceEndpoint and KeepAlive', async () => {
    const t = make();
    const ws = await open(t);
    t.updateConfiguration({ keytermsPrompt: ['routing number'], minTurnSilence: 0, prompt: '' });
    t.forceEndpoint();
    t.keepAlive();
    expect(ws.json).toEqual([
      { type: 'UpdateConfiguration', keyterms_prompt: ['routing number'], min_turn_silence: 0, prompt: '' },
      { type: 'ForceEndpoint' },
      { type: 'KeepAlive' },
    ]);
  });

  it('refuses control messages when not open', () => {
    expect(() => make().forceEndpoint()).toThrow(/needs an open session/);
  });
});

describe('stop()', () => {
  it('flushes the last partial chunk (padded to 50 ms), sends Terminate and resolves with Termination', async () => {
    const t = make();
    const ws = await open(t);
    t.sendAudio(ramp(1000)); // 62.5 ms: one full chunk and 200 samples left
    const events: string[] = [];
    t.on('termination', () => events.push('termination'));
    t.on('close', (c) => events.push(`close:${c.code}`));
    const stopping = t.stop();
    expect(t.state).toBe('closing');
    await vi.waitFor(() => expect(ws.json).toEqual([{ type: 'Terminate' }]));
    expect(ws.audio.map((m) => m.byteLength)).toEqual([1600, 1600]);
    const tail = ws.audio[1]!;
    expect(tail.subarray(0, 400)).toEqual(bytesOf(ramp(1000)).subarray(1600));
    expect(tail.subarray(400).every((b) => b === 0)).toBe(true);
    ws.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 2 });
    ws.serverClose(1000, 'Session Ended');
    await expect(stopping).resolves.toMatchObject({ type: 'Termination', session_duration_seconds: 2 });
    expect(events).toEqual(['termination', 'close:1000']);
    expect(t.state).toBe('closed');
  });

  it('flushes a pending final before the Termination', async () => {
    const t = make();
    const ws = await open(t);
    const finals: string[] = [];
    t.on('final', (m) => finals.push(m.transcript));
    const stopping = t.stop();
    await vi.waitFor(() => expect(ws.json).toEqual([{ type: 'Terminate' }]));
    ws.serverSend(turn(0, 'Last words.', true));
    ws.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
    await stopping;
    expect(finals).toEqual(['Last words.']);
    expect(t.transcript).toBe('Last words.');
  });

  it('resolves undefined after stopTimeoutMs without Termination, and closes the socket', async () => {
    vi.useFakeTimers();
    const t = make({ stopTimeoutMs: 5000 });
    const connecting = t.connect();
    await vi.advanceTimersByTimeAsync(1);
    const ws = FakeWebSocket.last;
    ws.serverBegin();
    await connecting;
    let result: unknown = 'pending';
    void t.stop().then((r) => { result = r; });
    await vi.advanceTimersByTimeAsync(4900);
    expect(result).toBe('pending');
    await vi.advanceTimersByTimeAsync(200);
    expect(result).toBeUndefined();
    expect(ws.closedByClient?.code).toBe(1000);
    expect(t.state).toBe('closed');
  });

  it('resolves when the server drops during stop()', async () => {
    const t = make();
    const ws = await open(t);
    const stopping = t.stop();
    await vi.waitFor(() => expect(ws.json).toHaveLength(1));
    ws.serverClose(1006);
    await expect(stopping).resolves.toBeUndefined();
    expect(t.state).toBe('closed');
  });

  it('returns the same promise when called twice, and resolves at once when idle', async () => {
    const t = make();
    await expect(t.stop()).resolves.toBeUndefined();
    const t2 = make();
    const ws = await open(t2);
    const a = t2.stop();
    const b = t2.stop();
    expect(a).toBe(b);
    await vi.waitFor(() => expect(ws.json).toHaveLength(1));
    ws.serverSend({ type: 'Termination' });
    await a;
  });

  it('can connect again after stop()', async () => {
    const t = make();
    const ws = await open(t);
    const stopping = t.stop();
    await vi.waitFor(() => expect(ws.json).toHaveLength(1));
    ws.serverSend({ type: 'Termination' });
    await stopping;
    const ws2 = await open(t);
    t.sendAudio(ramp(800));
    expect(ws2.audio).toHaveLength(1);
  });
});

describe('options', () => {
  it('refuses a sample rate the service would refuse', () => {
    expect(() => make({ sampleRate: 7000 })).toThrow(/8000 to 96000/);
  });
  it('refuses a chunk size the service would refuse', () => {
    expect(() => make({ chunkMs: 20 })).toThrow(/50 to 1000/);
  });
  it('refuses a literal token', () => {
    expect(() => new Transcriber({ token: 'AQIxyz', WebSocket: FakeWebSocket })).toThrow(/single-use/);
  });
  it('takes a relative URL without a leading slash, as fetch() does', () => {
    expect(() => new Transcriber({ token: 'api/token', WebSocket: FakeWebSocket })).not.toThrow();
  });
});
