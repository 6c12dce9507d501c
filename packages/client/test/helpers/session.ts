// Shared helpers for the session's unit tests: a Transcriber on the fake socket, a scripted audio source,
// PCM test signals and Turn messages.
import { expect, vi } from 'vitest';
import type { AudioFormat, AudioFrame, AudioSource } from '../../src/audio/audio-source.js';
import type { TurnMessage } from '../../src/protocol/messages.js';
import { Transcriber, type TranscriberOptions } from '../../src/session/transcriber.js';
import { FakeWebSocket } from './fake-websocket.js';

let tokens = 0;
/** A Transcriber on the fake socket, with a fresh token per connection (`tok-1`, `tok-2`, …). */
export const make = (options: Partial<TranscriberOptions> = {}): Transcriber =>
  new Transcriber({ token: async () => `tok-${++tokens}`, url: 'ws://127.0.0.1:9/v3/ws', WebSocket: FakeWebSocket, ...options });

/** Connects with fake timers running, answering Begin. */
export async function open(t: Transcriber): Promise<FakeWebSocket> {
  const before = FakeWebSocket.instances.length;
  const connecting = t.connect();
  await vi.advanceTimersByTimeAsync(1);
  expect(FakeWebSocket.instances).toHaveLength(before + 1);
  FakeWebSocket.last.serverBegin(`s${before + 1}`);
  await connecting;
  return FakeWebSocket.last;
}

/** Starts capture from `source` with fake timers running, answering Begin. */
export async function started(t: Transcriber, source: AudioSource): Promise<FakeWebSocket> {
  const before = FakeWebSocket.instances.length;
  const starting = t.start({ source });
  await vi.advanceTimersByTimeAsync(1);
  expect(FakeWebSocket.instances).toHaveLength(before + 1);
  FakeWebSocket.last.serverBegin();
  await starting;
  return FakeWebSocket.last;
}

/** Advances the fake clock until the client opens its next socket, and returns it (no Begin yet). */
export async function nextSocket(waitMs = 60_000): Promise<FakeWebSocket> {
  const before = FakeWebSocket.instances.length;
  for (let waited = 0; FakeWebSocket.instances.length === before && waited < waitMs; waited += 10) await vi.advanceTimersByTimeAsync(10);
  expect(FakeWebSocket.instances.length).toBeGreaterThan(before);
  return FakeWebSocket.last;
}

/** Lets the client's next attempt open its socket and answers Begin on it. */
export async function answerNext(id: string, waitMs = 60_000): Promise<FakeWebSocket> {
  const ws = await nextSocket(waitMs);
  ws.serverBegin(id);
  await vi.advanceTimersByTimeAsync(0);
  return ws;
}

/** A PCM16 ramp: every sample distinct within 30 000, so any byte range can be told apart. */
export const ramp = (samples: number, from = 0): Int16Array => Int16Array.from({ length: samples }, (_, i) => ((from + i) % 30000) - 15000);
export const bytes = (a: Int16Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
export const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.byteLength));
  return out;
};

/** A final Turn with one word from `startMs` to `endMs`. */
export const final = (order: number, text: string, startMs: number, endMs: number): TurnMessage => ({
  type: 'Turn', turn_order: order, turn_is_formatted: true, end_of_turn: true, transcript: text, end_of_turn_confidence: 1,
  words: [{ text, start: startMs, end: endMs, confidence: 0.9, word_is_final: true }], utterance: text,
});

/** An AudioSource that records what the session asked of it and emits frames on demand. */
export class ScriptedSource implements AudioSource {
  calls: string[] = [];
  #sink: ((f: AudioFrame) => void) | undefined;
  #format: AudioFormat | undefined;
  paused = false;
  /** False once stop() released it: what "tracks ended, context closed" is for a real source. */
  live = false;
  async start(format: AudioFormat, onFrame: (f: AudioFrame) => void): Promise<void> {
    this.calls.push('start');
    this.paused = false; // a (re)started source delivers, as the real ones do
    this.live = true;
    this.#format = format;
    this.#sink = onFrame;
  }
  async stop(): Promise<void> {
    this.calls.push('stop');
    this.live = false;
  }
  pause(): void {
    this.calls.push('pause');
    this.paused = true;
  }
  resume(): void {
    this.calls.push('resume');
    this.paused = false;
  }
  setMuted(muted: boolean): void {
    this.calls.push(`muted:${muted}`);
  }
  /** One frame, unless paused or stopped (such a source delivers nothing). */
  frame(pcm?: Int16Array): void {
    if (this.live && !this.paused && this.#format) this.#sink?.({ pcm: pcm ?? new Int16Array(this.#format.chunkSamples).fill(7), rms: 0.1, peak: 0.2 });
  }
  /** A frame delivered even after stop(): one still in flight from the audio thread. */
  lateFrame(samples: number): void {
    this.#sink?.({ pcm: new Int16Array(samples).fill(9), rms: 0, peak: 0 });
  }
}

/** Stops the way MediaStreamSource does: it waits (bounded, 200 ms) for the worklet's last partial frame. */
export class SlowStopSource extends ScriptedSource {
  override async stop(): Promise<void> {
    await new Promise((r) => setTimeout(r, 200));
    return super.stop();
  }
}
