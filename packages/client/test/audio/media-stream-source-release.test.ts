// What a MediaStreamSource leaves behind when it ends, with Web Audio faked in Node (our own logic: the real engines
// run in e2e/specs/engines.spec.ts): a microphone start() that fails after getUserMedia opened the device still ends
// the tracks (else the browser's recording indicator stays on), and a stop() whose worklet answered in time leaves no
// timer scheduled.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';
import { MicrophoneSource } from '../../src/audio/microphone-source.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const FORMAT = { sampleRate: 16000, chunkSamples: 800 };

/** A browser whose graph fails where `fail` says; returns the track getUserMedia opens and every context made. */
function fakeBrowser(fail?: 'node' | 'input') {
  const track = { stopped: false, stop() { this.stopped = true; }, addEventListener() {}, getSettings: () => ({}), label: 'mic' };
  const stream = { getTracks: () => [track], getAudioTracks: () => [track] };
  const contexts: { state: string }[] = [];
  class FakeAudioContext {
    state = 'running';
    sampleRate = 48000;
    audioWorklet = { addModule: async () => undefined };
    constructor() {
      contexts.push(this);
    }
    createMediaStreamSource() {
      // Firefox: "Connecting AudioNodes from AudioContexts with different sample-rate is currently not supported."
      if (fail === 'input') throw new DOMException('different sample-rate', 'NotSupportedError');
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
    constructor() {
      // A workletUrl that loads but is not Earshot's processor: "node name is not defined".
      if (fail === 'node') throw new DOMException("node name 'earshot-capture' is not defined", 'InvalidStateError');
    }
    disconnect() {}
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeNode);
  vi.stubGlobal('isSecureContext', true);
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: async () => stream } });
  return { track, stream, contexts };
}

describe('a microphone start() that fails after the device opened leaves no microphone on', () => {
  it.each([
    ['the worklet node cannot be made (a workletUrl that is not the processor)', 'node'],
    ['the stream cannot be connected (Firefox: a context at another sample rate)', 'input'],
  ] as const)('%s', async (_, fail) => {
    const { track, contexts } = fakeBrowser(fail);
    const mic = new MicrophoneSource({ workletUrl: '/wrong-worklet.js' });
    await expect(mic.start(FORMAT, () => undefined)).rejects.toThrow();
    expect(contexts.map((c) => c.state)).toEqual(['closed']);
    expect(track.stopped).toBe(true);
  });
});

describe('MediaStreamSource.stop()', () => {
  it('leaves no timer behind once the worklet has flushed', async () => {
    vi.useFakeTimers();
    const { stream } = fakeBrowser();
    const source = new MediaStreamSource(stream as unknown as MediaStream, { workletUrl: '/worklet.js' });
    await source.start(FORMAT, () => undefined);
    await source.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
