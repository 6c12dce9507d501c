// stop() after the AudioContext was suspended mid-session (an interruption, the page's own suspend()): the frames
// already captured before the suspension are in the worklet's partial frame, and a suspended context's worklet
// still answers port messages (Chromium 156: a processor's port replies to a message posted after
// `await ctx.suspend()`, state 'suspended'). The README promises the last partial frame at stop() reaches the
// service; so the source must still take the worklet's answer to 'stop'. Fake Web Audio in Node.
import { afterEach, expect, it, vi } from 'vitest';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';
import type { AudioFrame } from '../../src/audio/audio-source.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

it('delivers the partial frame the worklet sends on stop() while the context is suspended', async () => {
  vi.useFakeTimers();
  const track = { stop() {}, addEventListener() {} };
  const stream = { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
  let context!: FakeAudioContext;
  class FakeAudioContext {
    state = 'running';
    audioWorklet = { addModule: async () => undefined };
    constructor() {
      context = this;
    }
    createMediaStreamSource() {
      return { connect() {}, disconnect() {} };
    }
    addEventListener() {}
    removeEventListener() {}
    async resume() {}
    async close() {
      this.state = 'closed';
    }
  }
  const partial = new Int16Array([1, 2, 3]);
  class FakeNode {
    port = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      // What capture-processor.ts does on 'stop' (in any context state): the partial frame, then 'flushed'.
      postMessage: (m: { type: string }) => {
        if (m.type !== 'stop') return;
        queueMicrotask(() => {
          this.port.onmessage?.({ data: { pcm: partial, rms: 0.1, peak: 0.1, time: 1 } });
          this.port.onmessage?.({ data: {} });
        });
      },
    };
    disconnect() {}
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeNode);
  vi.stubGlobal('isSecureContext', true);
  const frames: AudioFrame[] = [];
  const source = new MediaStreamSource(stream, { workletUrl: '/worklet.js' });
  await source.start({ sampleRate: 16000, chunkSamples: 800 }, (f) => frames.push(f));
  // Mid-session: the system interrupts / the page suspends the context.
  context.state = 'suspended';
  const stopping = source.stop();
  await vi.advanceTimersByTimeAsync(250);
  await stopping;
  expect(frames.map((f) => [...f.pcm])).toEqual([[1, 2, 3]]);
});
