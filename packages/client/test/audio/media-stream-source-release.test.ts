// How a MediaStreamSource ends, on every path, with Web Audio faked in Node (our own logic: the real engines run in
// e2e/specs/engines.spec.ts and watchdog.spec.ts). Nothing may stay on — track, AudioContext, timer — no audio
// captured may be dropped unreported, and every start() settles.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AudioFrame } from '../../src/audio/audio-source.js';
import { MediaStreamSource } from '../../src/audio/media-stream-source.js';
import { MicrophoneSource } from '../../src/audio/microphone-source.js';
import { EarshotError } from '../../src/errors.js';
import { Capture } from '../../src/session/capture.js';
import { fakeWebAudio, FORMAT } from '../helpers/fake-web-audio.js';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const codeOf = (e: unknown) => (e instanceof EarshotError ? e.code : (e as Error).name);

describe('a microphone start() that fails after the device opened leaves no microphone on', () => {
  it.each([
    ['the worklet node cannot be made (a workletUrl that is not the processor)', 'node'],
    ['the stream cannot be connected (Firefox: a context at another sample rate)', 'input'],
  ] as const)('%s', async (_, fail) => {
    const { track, contexts } = fakeWebAudio({ fail });
    const mic = new MicrophoneSource({ workletUrl: '/wrong-worklet.js' });
    await expect(mic.start(FORMAT, () => undefined)).rejects.toThrow();
    expect(contexts.map((c) => c.state)).toEqual(['closed']);
    // The browser's recording indicator stays on unless the track is stopped.
    expect(track.stopped).toBe(true);
  });
});

describe('stop()', () => {
  it('leaves no timer behind once the worklet has flushed', async () => {
    vi.useFakeTimers();
    const { stream } = fakeWebAudio();
    const source = new MediaStreamSource(stream, { workletUrl: '/worklet.js' });
    await source.start(FORMAT, () => undefined);
    await source.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('delivers the partial frame the worklet sends while the context is suspended mid-session', async () => {
    // Chromium: a suspended context's processor still answers its port, with the audio captured before.
    vi.useFakeTimers();
    const { stream, contexts } = fakeWebAudio({ flush: { partial: new Int16Array([1, 2, 3]) } });
    const frames: AudioFrame[] = [];
    const source = new MediaStreamSource(stream, { workletUrl: '/worklet.js' });
    await source.start(FORMAT, (f) => frames.push(f));
    contexts[0]!.set('suspended');
    const stopping = source.stop();
    await vi.advanceTimersByTimeAsync(250);
    await stopping;
    expect(frames.map((f) => [...f.pcm])).toEqual([[1, 2, 3]]);
  });

  it.each([
    ['while the worklet module loads', 'running', 1],
    ['while an autoplay-suspended context waits to run', 'suspended', 50],
  ] as const)('%s: start() rejects with aborted, under Firefox’s close() too', async (_, state, stopAfterMs) => {
    // Firefox still reads `suspended` after closing a context that never ran, and a second close() rejects.
    vi.useFakeTimers();
    const { stream, contexts } = fakeWebAudio({ state, autoplayBlocked: true, firefoxClose: true, addModuleMs: 10, flush: 'never' });
    const source = new MediaStreamSource(stream, { workletUrl: '/worklet.js' });
    const outcome = source.start(FORMAT, () => undefined).then(() => 'resolved', codeOf);
    await vi.advanceTimersByTimeAsync(stopAfterMs);
    const stopping = source.stop();
    // stop() waits up to 200 ms for the worklet's last frame (this one never answers).
    await vi.advanceTimersByTimeAsync(300);
    await stopping;
    expect(await outcome).toBe('aborted');
    expect(contexts.map((c) => c.state)).toEqual(['closed']);
  });
});

it("start() on the app's shared context rejects when the app closes it while start() waits for it to run", async () => {
  vi.useFakeTimers();
  const { stream, FakeAudioContext } = fakeWebAudio({ state: 'suspended', autoplayBlocked: true, flush: 'never' });
  const shared = new FakeAudioContext();
  const source = new MediaStreamSource(stream, { audioContext: shared as unknown as AudioContext, workletUrl: '/w.js' });
  let outcome = 'pending';
  source.start(FORMAT, () => undefined).then(() => (outcome = 'resolved'), (e) => (outcome = `rejected: ${codeOf(e)}`));
  await vi.advanceTimersByTimeAsync(1000);
  await shared.close();
  await vi.advanceTimersByTimeAsync(60_000);
  // A UsageError that says to pass an open context, not a capture that never delivers (every promise settles).
  expect(outcome).toBe('rejected: invalid_state');
  const stopping = source.stop();
  await vi.advanceTimersByTimeAsync(300);
  await stopping;
});

it("the app closes its shared context mid-capture: ondeviceerror says so at once, once, and the microphone is turned off", async () => {
  vi.useFakeTimers();
  const { track, FakeAudioContext } = fakeWebAudio();
  const shared = new FakeAudioContext();
  const mic = new MicrophoneSource({ audioContext: shared as unknown as AudioContext, workletUrl: '/w.js' });
  const errors: unknown[] = [];
  mic.ondeviceerror = (e) => errors.push(e);
  await mic.start(FORMAT, () => undefined);
  await shared.close();
  expect(errors).toEqual([expect.objectContaining({ name: 'UsageError', code: 'invalid_state', message: expect.stringMatching(/audioContext was closed while capturing/) })]);
  await vi.advanceTimersByTimeAsync(300);
  expect(track.stopped).toBe(true);
  await mic.stop();
  expect(errors).toHaveLength(1);
});

it("stop() and then the app closes its shared context: nothing is reported (the app's own end)", async () => {
  vi.useFakeTimers();
  const { FakeAudioContext } = fakeWebAudio();
  const shared = new FakeAudioContext();
  const mic = new MicrophoneSource({ audioContext: shared as unknown as AudioContext, workletUrl: '/w.js' });
  const errors: unknown[] = [];
  mic.ondeviceerror = (e) => errors.push(e);
  await mic.start(FORMAT, () => undefined);
  const stopping = mic.stop();
  await shared.close();
  await vi.advanceTimersByTimeAsync(300);
  await stopping;
  expect(errors).toEqual([]);
});

it('pause(release) then resume() at once (a careless fast toggle), then stop(): every AudioContext closed', async () => {
  vi.useFakeTimers();
  // The worklet answers 'stop' a little later (it runs on the audio thread).
  const { stream, contexts } = fakeWebAudio({ flush: { ms: 5 } });
  const capture = new Capture(FORMAT, { frame() {}, deviceChange() {}, deviceError() {} });
  await capture.start(new MediaStreamSource(stream, { workletUrl: '/w.js' }));
  const pausing = capture.pause(true);
  const outcome = capture.resume().then(() => 'resumed', (e: Error) => `rejected: ${e.message}`);
  await vi.advanceTimersByTimeAsync(500);
  await pausing;
  expect(await outcome).toBe('resumed');
  expect(contexts).toHaveLength(2);
  const stopping = capture.stop();
  await vi.advanceTimersByTimeAsync(500);
  await stopping;
  expect(contexts.map((c) => c.state)).toEqual(['closed', 'closed']);
});
