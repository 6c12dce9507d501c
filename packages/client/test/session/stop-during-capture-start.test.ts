// stop() while capture is still starting — the permission prompt is open, the worklet loads, the AudioContext
// waits for a gesture, or an app's own source never answers: stop() resolves and the state is 'closed', and the
// app's `await start()` (its spinner, its disabled button) settles too, with `aborted`, without waiting for what
// capture waits for (a prompt the user ignores stays open for ever). What opens afterwards is closed at once.
import { expect, it, vi } from 'vitest';
import type { AudioSource } from '../../src/audio/audio-source.js';
import { fakeWebAudio } from '../helpers/fake-web-audio.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make } from '../helpers/session.js';
import { useFakeClockAndSockets } from '../helpers/fake-clock.js';

useFakeClockAndSockets();

/** start()'s outcome as the app sees it, kept up to date. */
const watch = (starting: Promise<unknown>) => {
  const seen = { outcome: 'pending' };
  starting.then(() => (seen.outcome = 'resolved'), (e: { code?: string }) => (seen.outcome = `rejected ${e.code}`));
  return seen;
};

it('stop() while the permission prompt is open: start() rejects aborted before the prompt is answered; the microphone it opens later is turned off', async () => {
  const { stream, track, contexts } = fakeWebAudio();
  let answer!: () => void;
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => new Promise<MediaStream>((r) => (answer = () => r(stream))) } });
  const t = make();
  const seen = watch(t.start());
  await vi.advanceTimersByTimeAsync(50);
  expect(answer).toBeDefined(); // the prompt is up
  await t.stop();
  expect(t.state).toBe('closed');
  await vi.advanceTimersByTimeAsync(10_000);
  expect(seen.outcome).toBe('rejected aborted');
  // The prompt answered late: the microphone it opens is turned off at once.
  answer();
  await vi.advanceTimersByTimeAsync(10);
  expect(track.stopped).toBe(true);
  expect(contexts.every((c) => c.state === 'closed')).toBe(true);
  expect(FakeWebSocket.instances).toHaveLength(0);
});

it('stop() while the worklet loads: start() rejects aborted at once, and the microphone is never opened', async () => {
  const { contexts } = fakeWebAudio({ addModuleMs: 60_000 });
  const getUserMedia = vi.spyOn(navigator.mediaDevices, 'getUserMedia');
  const t = make();
  const seen = watch(t.start());
  await vi.advanceTimersByTimeAsync(50);
  await t.stop();
  await vi.advanceTimersByTimeAsync(1);
  expect(seen.outcome).toBe('rejected aborted');
  await vi.advanceTimersByTimeAsync(60_000);
  expect(getUserMedia).not.toHaveBeenCalled();
  expect(contexts.map((c) => c.state)).toEqual(['closed']);
  expect(FakeWebSocket.instances).toHaveLength(0);
});

it("stop() while an app's own source never finishes starting: start() still settles (aborted), and no socket opens", async () => {
  const source: AudioSource = { start: () => new Promise<void>(() => undefined), stop: vi.fn(async () => undefined), pause() {}, resume() {}, setMuted() {} };
  const t = make();
  const seen = watch(t.start({ source }));
  await vi.advanceTimersByTimeAsync(50);
  await t.stop();
  await vi.advanceTimersByTimeAsync(1);
  expect(seen.outcome).toBe('rejected aborted');
  expect(source.stop).toHaveBeenCalled();
  expect(t.state).toBe('closed');
  expect(FakeWebSocket.instances).toHaveLength(0);
});
