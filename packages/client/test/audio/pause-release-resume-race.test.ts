// A careless app toggles fast: pause({ releaseMicrophone: true }) (not awaited) then resume(). The source's stop()
// still waits for the worklet's last frame when resume() starts it again; once everything has stopped, no
// AudioContext may be left open and start must have worked. Fake Web Audio in Node.
import { afterEach, expect, it, vi } from 'vitest';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';
import { Capture } from '../../src/session/capture.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

it('pause(release) then resume() at once, then stop(): every AudioContext closed', async () => {
  vi.useFakeTimers();
  const contexts: FakeAudioContext[] = [];
  class FakeAudioContext {
    state = 'running';
    audioWorklet = { addModule: async () => undefined };
    constructor() {
      contexts.push(this);
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
  class FakeNode {
    port = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      // The worklet answers 'stop' a little later (it runs on the audio thread).
      postMessage: (m: { type: string }) => void (m.type === 'stop' && setTimeout(() => this.port.onmessage?.({ data: {} }), 5)),
    };
    disconnect() {}
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeNode);
  vi.stubGlobal('isSecureContext', true);
  const track = { stop() {}, addEventListener() {} };
  const stream = { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
  const capture = new Capture({ sampleRate: 16000, chunkSamples: 800 }, { frame() {}, deviceChange() {}, deviceError() {} });
  await capture.start(new MediaStreamSource(stream, { workletUrl: '/w.js' }));
  const pausing = capture.pause(true);
  const resuming = capture.resume();
  const outcome = resuming.then(() => 'resumed', (e: Error) => `rejected: ${e.message}`);
  await vi.advanceTimersByTimeAsync(500);
  await pausing;
  expect(await outcome).toBe('resumed');
  const stopping = capture.stop();
  await vi.advanceTimersByTimeAsync(500);
  await stopping;
  expect(contexts.map((c) => c.state)).toEqual(contexts.map(() => 'closed'));
});
