// start() opens no socket until capture runs (an AudioContext held by an autoplay policy, waiting for a gesture),
// and a token that waited over 30 s for it is replaced before the socket opens: temporary tokens expire.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { AudioFormat, AudioFrame } from '../../src/audio/audio-source.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource } from '../helpers/session.js';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

/** A source whose start() settles only when the test says: a suspended context that a gesture resumes. */
class HeldSource extends ScriptedSource {
  release!: () => void;
  override async start(format: AudioFormat, onFrame: (f: AudioFrame) => void): Promise<void> {
    await new Promise<void>((resolve) => (this.release = resolve));
    return super.start(format, onFrame);
  }
}

it.each([
  [29_000, ['tok-a']],
  [31_000, ['tok-a', 'tok-b']],
])('capture held %i ms: the socket opens only once capture runs, with tokens %j fetched', async (heldMs, expected) => {
  const fetched: string[] = [];
  const t = make({ token: async () => (fetched.push(`tok-${'abc'[fetched.length]}`), fetched.at(-1)!) });
  const source = new HeldSource();
  const starting = t.start({ source });
  await vi.advanceTimersByTimeAsync(heldMs);
  expect(FakeWebSocket.instances).toHaveLength(0);
  expect(fetched).toEqual(['tok-a']);
  source.release();
  await vi.advanceTimersByTimeAsync(1);
  expect(fetched).toEqual(expected);
  expect(FakeWebSocket.instances).toHaveLength(1);
  expect(new URL(FakeWebSocket.last.url).searchParams.get('token')).toBe(expected.at(-1));
  FakeWebSocket.last.serverBegin();
  await starting;
  expect(t.state).toBe('open');
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(20_000);
  await stopping;
  expect(source.live).toBe(false);
});
