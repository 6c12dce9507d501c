// stop() while start() waits (for the worklet module, or for an autoplay-suspended context to run): start() must
// reject with EarshotError `aborted`. Firefox 153 keeps `state` at 'suspended'/'running' until close() settles and
// rejects a second close() with InvalidStateError (measured: close(); state → 'suspended'; close() again →
// InvalidStateError), so the start()'s own clean-up, which closes again, must not turn `aborted` into that.
import { afterEach, expect, it, vi } from 'vitest';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';
import { EarshotError } from '../../src/errors.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function firefoxLikeWebAudio(initial: 'running' | 'suspended') {
  class FakeAudioContext {
    state: string = initial;
    #closing = false;
    audioWorklet = { addModule: () => new Promise<void>((r) => setTimeout(r, 10)) };
    createMediaStreamSource() {
      return { connect() {}, disconnect() {} };
    }
    addEventListener() {}
    removeEventListener() {}
    resume() {
      return new Promise<void>(() => undefined); // autoplay: pends without a gesture
    }
    close(): Promise<void> {
      if (this.#closing) return Promise.reject(new DOMException('Cannot close', 'InvalidStateError'));
      this.#closing = true;
      return new Promise<void>((r) => setTimeout(() => ((this.state = 'closed'), r()), 5));
    }
  }
  class FakeNode {
    port = { onmessage: null, postMessage() {} };
    disconnect() {}
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeNode);
  vi.stubGlobal('isSecureContext', true);
}

const stream = () => {
  const track = { stop() {}, addEventListener() {} };
  return { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
};

it.each([
  ['while the worklet module loads', 'running', 1],
  ['while an autoplay-suspended context waits to run', 'suspended', 50],
] as const)('stop() %s: start() rejects with aborted', async (_, initial, stopAfterMs) => {
  vi.useFakeTimers();
  firefoxLikeWebAudio(initial);
  const source = new MediaStreamSource(stream(), { workletUrl: '/worklet.js' });
  const starting = source.start({ sampleRate: 16000, chunkSamples: 800 }, () => undefined);
  const outcome = starting.then(() => 'resolved', (e: unknown) => (e instanceof EarshotError ? e.code : (e as Error).name));
  await vi.advanceTimersByTimeAsync(stopAfterMs);
  const stopping = source.stop();
  // stop() waits up to 200 ms for the worklet's last frame (this one never answers).
  await vi.advanceTimersByTimeAsync(300);
  await stopping;
  expect(await outcome).toBe('aborted');
});
