// The app shares its own AudioContext (`audioContext`), which is suspended at start (no gesture yet), and closes
// it (its page's teardown, say) while start() waits for it to run: a closed context never runs, so start() must
// settle (reject) rather than wait for ever. README: every promise settles. Fake Web Audio in Node.
import { afterEach, expect, it, vi } from 'vitest';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

it("start() settles when the app's shared context is closed while start() waits for it to run", async () => {
  vi.useFakeTimers();
  class FakeAudioContext extends EventTarget {
    state = 'suspended';
    audioWorklet = { addModule: async () => undefined };
    createMediaStreamSource() {
      return { connect() {}, disconnect() {} };
    }
    resume() {
      return new Promise<void>(() => undefined); // autoplay: pends without a gesture
    }
    async close() {
      this.state = 'closed';
      this.dispatchEvent(new Event('statechange'));
    }
  }
  class FakeNode {
    port = { onmessage: null, postMessage() {} };
    disconnect() {}
  }
  vi.stubGlobal('AudioWorkletNode', FakeNode);
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('isSecureContext', true);
  const track = { stop() {}, addEventListener() {} };
  const stream = { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
  const shared = new FakeAudioContext();
  const source = new MediaStreamSource(stream, { audioContext: shared as unknown as AudioContext, workletUrl: '/w.js' });
  let outcome = 'pending';
  source.start({ sampleRate: 16000, chunkSamples: 800 }, () => undefined).then(
    () => (outcome = 'resolved'),
    (e: { code?: string }) => (outcome = `rejected: ${e.code}`),
  );
  await vi.advanceTimersByTimeAsync(1000);
  await shared.close();
  await vi.advanceTimersByTimeAsync(60_000);
  // A UsageError that says to pass an open context, not a capture that never delivers.
  expect(outcome).toBe('rejected: invalid_state');
  await source.stop();
});
