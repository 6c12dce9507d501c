// The microphone's life with the browser faked in Node (the real ones run in e2e/specs/resilience.spec.ts and
// captions.spec.ts): a stop() during the permission prompt leaves nothing on; an unplugged device's track ends and
// capture goes on from the default device; no device left is a typed error; a stop() that comes first, or while
// the new device opens, leaves no microphone on.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { CaptureError } from '../../src/errors.js';
import { MicrophoneSource } from '../../src/audio/microphone-source.js';

/** A track that can be unplugged (it ends) and that says whether it was stopped. */
class FakeTrack extends EventTarget {
  stopped = false;
  constructor(readonly label: string) {
    super();
  }
  stop(): void {
    this.stopped = true;
  }
  getSettings() {
    return { deviceId: `id-${this.label}` };
  }
  unplug(): void {
    this.dispatchEvent(new Event('ended'));
  }
}
const streamOf = (track: FakeTrack) => ({ getAudioTracks: () => [track], getTracks: () => [track] });

class FakeContext extends EventTarget {
  state = 'running';
  audioWorklet = { addModule: async () => undefined };
  inputs: unknown[] = [];
  createMediaStreamSource(stream: unknown) {
    const input = { stream, connected: false, connect: () => void (input.connected = true), disconnect: () => void (input.connected = false) };
    this.inputs.push(input);
    return input;
  }
  async resume() {}
  async close() {
    this.state = 'closed';
  }
}
class FakeNode {
  port = { onmessage: null as ((e: { data: unknown }) => void) | null, postMessage: (m: { type: string }) => void (m.type === 'stop' && queueMicrotask(() => this.port.onmessage?.({ data: {} }))) };
  disconnect() {}
}

let devices: string[];
let opened: FakeTrack[];
let context: FakeContext;
/** getUserMedia answers after `delay` resolves (default at once). */
let delay: () => Promise<void>;

beforeEach(() => {
  devices = ['usb', 'built-in'];
  opened = [];
  context = new FakeContext();
  delay = async () => undefined;
  vi.stubGlobal('AudioContext', function AudioContext() {
    return context;
  });
  vi.stubGlobal('AudioWorkletNode', FakeNode);
  vi.stubGlobal('navigator', {
    mediaDevices: {
      getUserMedia: async () => {
        await delay();
        const label = devices[0];
        if (!label) throw new DOMException('Requested device not found', 'NotFoundError');
        const track = new FakeTrack(label);
        opened.push(track);
        return streamOf(track);
      },
    },
  });
});
afterEach(() => void vi.unstubAllGlobals());

async function started() {
  const mic = new MicrophoneSource({ workletUrl: '/w.js' });
  const changes: string[] = [];
  const errors: CaptureError[] = [];
  mic.ondevicechange = ({ deviceId, label }) => changes.push(`${label}:${deviceId}`);
  mic.ondeviceerror = (e) => errors.push(e);
  await mic.start({ sampleRate: 16000, chunkSamples: 800 }, () => undefined);
  return { mic, changes, errors };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

it('an unplugged device: capture goes on from the default one, and says which', async () => {
  const { mic, changes, errors } = await started();
  const usb = opened[0]!;
  devices.shift();
  usb.unplug();
  await settle();
  expect(changes).toEqual(['built-in:id-built-in']);
  expect(errors).toEqual([]);
  expect(usb.stopped).toBe(true);
  expect(mic.mediaStream?.getAudioTracks()[0]).toBe(opened[1]);
  // The new device is connected to the graph in the old one's place.
  expect(context.inputs.map((i) => (i as { connected: boolean }).connected)).toEqual([false, true]);
  // And it is watched in turn.
  devices.shift();
  opened[1]!.unplug();
  await settle();
  expect(errors.map((e) => e.code)).toEqual(['mic_not_found']);
  await mic.stop();
  expect(opened.every((t) => t.stopped)).toBe(true);
});

it('no device left: a typed error', async () => {
  const { changes, errors } = await started();
  devices = [];
  opened[0]!.unplug();
  await settle();
  expect(changes).toEqual([]);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ name: 'CaptureError', code: 'mic_not_found' });
});

it('a track that ends after stop() opens nothing', async () => {
  const { mic, changes } = await started();
  await mic.stop();
  opened[0]!.unplug();
  await settle();
  expect(opened).toHaveLength(1);
  expect(changes).toEqual([]);
});

it('a stop() while the next device opens: that device is turned off at once', async () => {
  const { mic, changes } = await started();
  let answer!: () => void;
  delay = () => new Promise((r) => (answer = r));
  opened[0]!.unplug();
  await settle();
  await mic.stop();
  answer();
  await settle();
  expect(opened).toHaveLength(2);
  expect(opened[1]!.stopped).toBe(true);
  expect(changes).toEqual([]);
});

it('a stop() while the permission prompt is up: start() rejects as cancelled at once, and the microphone the prompt opens later is turned off', async () => {
  const mic = new MicrophoneSource({ workletUrl: '/w.js' });
  let answer!: () => void;
  delay = () => new Promise((r) => (answer = r));
  const starting = mic.start({ sampleRate: 16000, chunkSamples: 800 }, () => undefined).then(() => 'started', (e: { code?: string }) => e.code);
  await settle();
  await mic.stop();
  // Settled without waiting for the prompt (one the user ignores stays open for ever).
  expect(await starting).toBe('aborted');
  answer();
  await settle();
  expect(opened).toHaveLength(1);
  expect(opened[0]!.stopped).toBe(true);
  expect(context.state).toBe('closed');
  expect(mic.mediaStream).toBeUndefined();
});
