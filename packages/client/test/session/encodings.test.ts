// Audio in other encodings through sendAudio(): compressed messages (opus, …) go out exactly as given, one message
// each, held until Begin and never re-chunked; μ-law is re-chunked like PCM16 and its last message is padded with
// μ-law silence (0xFF), not zeros.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, open } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

it('compressed audio: each sendAudio() is one message, as given, in order, held until Begin', async () => {
  const t = make({ encoding: 'opus' });
  const connecting = t.connect();
  t.sendAudio(bytes(3, 1).buffer);
  t.sendAudio(bytes(700, 2));
  await vi.advanceTimersByTimeAsync(1);
  const ws = FakeWebSocket.last;
  ws.serverBegin();
  await connecting;
  t.sendAudio(bytes(41, 3));
  expect(ws.audio.map((m) => [m.byteLength, m[0]])).toEqual([[3, 1], [700, 2], [41, 3]]);
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(20_000);
  await stopping;
  expect(ws.audio).toHaveLength(3);
});

it('μ-law: exact chunkMs messages, the last one padded with 0xFF', async () => {
  const t = make({ encoding: 'pcm_mulaw', sampleRate: 8000 });
  const ws = await open(t);
  t.sendAudio(bytes(400 + 100, 5)); // 50 ms at 8 kHz μ-law is 400 bytes
  expect(ws.audio.map((m) => m.byteLength)).toEqual([400]);
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(20_000);
  await stopping;
  const last = ws.audio.at(-1)!;
  expect(last.byteLength).toBe(400);
  expect([...last.subarray(0, 100)].every((b) => b === 5)).toBe(true);
  expect([...last.subarray(100)].every((b) => b === 0xff)).toBe(true);
});
