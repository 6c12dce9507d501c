// A microphone start() that fails after getUserMedia opened the device (the worklet node cannot be made, the stream
// cannot be connected) must still end the tracks: else the browser's recording indicator stays on. Fake Web Audio
// in Node.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MicrophoneSource } from '../../src/audio/microphone-source.js';

afterEach(() => void vi.unstubAllGlobals());

function fakeBrowser(fail: 'node' | 'input') {
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
    port = { postMessage() {}, onmessage: null };
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
  return { track, contexts };
}

describe('a microphone start() that fails after the device opened leaves no microphone on', () => {
  it.each([
    ['the worklet node cannot be made (a workletUrl that is not the processor)', 'node'],
    ['the stream cannot be connected (Firefox: a context at another sample rate)', 'input'],
  ] as const)('%s', async (_, fail) => {
    const { track, contexts } = fakeBrowser(fail);
    const mic = new MicrophoneSource({ workletUrl: '/wrong-worklet.js' });
    await expect(mic.start({ sampleRate: 16000, chunkSamples: 800 }, () => undefined)).rejects.toThrow();
    expect(contexts.map((c) => c.state)).toEqual(['closed']);
    // The browser's recording indicator stays on unless the track is stopped.
    expect(track.stopped).toBe(true);
  });
});
