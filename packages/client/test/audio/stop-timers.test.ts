// stop() waits (at most 200 ms) for the worklet's last partial frame; once that arrives, no timer of the stopped
// source may stay scheduled. Fake Web Audio in Node.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('MediaStreamSource.stop()', () => {
  it('leaves no timer behind once the worklet has flushed', async () => {
    vi.useFakeTimers();
    const track = { stop() {}, addEventListener() {} };
    const stream = { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
    class FakeAudioContext {
      state = 'running';
      audioWorklet = { addModule: async () => undefined };
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
    class FakeNode {
      port = {
        onmessage: null as ((e: { data: unknown }) => void) | null,
        // The worklet answers 'stop' with its 'flushed' message (no pcm), as a message: after the post returns.
        postMessage: (m: { type: string }) => void (m.type === 'stop' && queueMicrotask(() => this.port.onmessage?.({ data: {} }))),
      };
      disconnect() {}
    }
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('AudioWorkletNode', FakeNode);
    vi.stubGlobal('isSecureContext', true);
    const source = new MediaStreamSource(stream, { workletUrl: '/worklet.js' });
    await source.start({ sampleRate: 16000, chunkSamples: 800 }, () => undefined);
    await source.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
