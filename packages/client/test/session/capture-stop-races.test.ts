// stop() while capture is between two states — Pause (releasing the microphone), Resume, Stop clicked in quick
// succession; stop() while the device re-opens — with Web Audio faked in Node so that every interleaving is
// reached on purpose rather than by timing (the real engines run in e2e/specs/capture-races.spec.ts). Every call
// settles with the truth — resume() resumed, or stop() cancelled it (`aborted`), never a made-up failure — and no
// microphone track or AudioContext is left on.
import { expect, it, vi } from 'vitest';
import { MicrophoneSource } from '../../src/audio/microphone-source.js';
import { EarshotError } from '../../src/errors.js';
import { Capture } from '../../src/session/capture.js';
import { fakeWebAudio, FORMAT } from '../helpers/fake-web-audio.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource } from '../helpers/session.js';
import { useFakeClockAndSockets } from '../helpers/fake-clock.js';

useFakeClockAndSockets();

const outcome = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => `rejected ${e instanceof EarshotError ? e.code : String(e)}`);
/** The outcome so far: 'pending' for a promise not settled (yet, or ever). */
const now = (p: Promise<string>) => Promise.race([p, Promise.resolve('pending')]);

/** Every track getUserMedia opened (a fresh one each time, as a browser does). */
function microphones() {
  const tracks: { stopped: boolean }[] = [];
  vi.stubGlobal('navigator', {
    mediaDevices: {
      getUserMedia: async () => {
        const track = { stopped: false, stop() { this.stopped = true; }, addEventListener() {}, getSettings: () => ({}), label: 'mic' };
        tracks.push(track);
        return { getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
      },
    },
  });
  return tracks;
}

/** A Capture running on the microphone (the fake clock moved on while the worklet loads). */
async function running(): Promise<Capture> {
  const capture = new Capture(FORMAT, { frame() {}, deviceChange() {}, deviceError() {} });
  const starting = capture.start(new MicrophoneSource({ workletUrl: '/w.js' }));
  await vi.advanceTimersByTimeAsync(100);
  await starting;
  return capture;
}

// The worklet takes 3 ms to answer 'stop' and 30 ms to load: each gap lands stop() at another point of the
// release and the re-open (during the release's flush, as the re-open begins, while the worklet loads, after).
// A load into a context stop() closed fails (a made-up worklet_load_failed) or never ends, as in Chromium.
const gaps = [0, 1, 2, 3, 5, 10, 20, 40];
it.each(gaps.flatMap((gapMs) => (['reject', 'hang'] as const).map((closedLoad) => [gapMs, closedLoad] as const)))(
  'Pause (release), Resume, Stop %i ms apart (a load into a closed context: %s): resume() and stop() settle, nothing left on',
  async (gapMs, closedLoad) => {
    const { contexts } = fakeWebAudio({ flush: { ms: 3 }, addModuleMs: 30, closedLoad });
    const tracks = microphones();
    const capture = await running();
    const paused = outcome(capture.pause(true));
    await vi.advanceTimersByTimeAsync(gapMs);
    const resumed = outcome(capture.resume());
    await vi.advanceTimersByTimeAsync(gapMs);
    const stopped = outcome(capture.stop());
    await vi.advanceTimersByTimeAsync(1000);
    expect(await now(paused)).toBe('resolved');
    expect(['resolved', 'rejected aborted']).toContain(await now(resumed));
    expect(await now(stopped)).toBe('resolved');
    expect(tracks.filter((t) => !t.stopped)).toEqual([]);
    expect(contexts.filter((c) => c.state !== 'closed')).toEqual([]);
    expect(capture.source).toBeUndefined();
  },
);

it.each(['reject', 'hang'] as const)('Pause (release), Resume, Stop on a Transcriber (a load into a closed context: %s): resume() rejects aborted, the session closes with no error', async (closedLoad) => {
  fakeWebAudio({ flush: { ms: 3 }, addModuleMs: 30, closedLoad });
  const tracks = microphones();
  const t = make();
  const errors: string[] = [];
  t.on('error', (e) => errors.push(e.code));
  const starting = t.start({ source: new MicrophoneSource({ workletUrl: '/w.js' }) });
  await vi.advanceTimersByTimeAsync(100);
  FakeWebSocket.last.serverBegin();
  await starting;
  const paused = outcome(t.pause({ releaseMicrophone: true }));
  const resumed = outcome(t.resume());
  // Stop once the release is over and the microphone re-opens: the worklet is loading into a new context.
  await vi.advanceTimersByTimeAsync(10);
  const stopping = outcome(t.stop());
  await vi.advanceTimersByTimeAsync(5);
  FakeWebSocket.last.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
  FakeWebSocket.last.serverClose(1000);
  await vi.advanceTimersByTimeAsync(1000);
  expect([await now(paused), await now(resumed), await now(stopping)]).toEqual(['resolved', 'rejected aborted', 'resolved']);
  expect(t.state).toBe('closed');
  expect(errors).toEqual([]);
  expect(tracks.filter((k) => !k.stopped)).toEqual([]);
});

/** A source whose stop() takes 10 ms (a worklet flushing, a context closing): a stop() overtakes a resume(). */
class SlowStop extends ScriptedSource {
  override async stop(): Promise<void> {
    await new Promise((r) => setTimeout(r, 10));
    return super.stop();
  }
}

it('Pause (release), then Resume and Stop while the release is still under way: the source is not started again', async () => {
  const source = new SlowStop();
  const capture = new Capture(FORMAT, { frame() {}, deviceChange() {}, deviceError() {} });
  await capture.start(source);
  const paused = outcome(capture.pause(true));
  const resumed = outcome(capture.resume());
  await vi.advanceTimersByTimeAsync(2);
  const stopped = outcome(capture.stop());
  await vi.advanceTimersByTimeAsync(100);
  expect([await now(paused), await now(resumed), await now(stopped)]).toEqual(['resolved', 'rejected aborted', 'resolved']);
  expect(source.calls.filter((c) => c === 'start' || c === 'stop')).toEqual(['start', 'stop', 'stop']);
  expect(source.live).toBe(false);
});

it('stop() while the microphone re-opens on resume(): the device it opens is turned off at once', async () => {
  const { contexts } = fakeWebAudio();
  const tracks = microphones();
  const capture = await running();
  await capture.pause(true);
  // The second getUserMedia waits (a slow device, a prompt once more).
  const gum = navigator.mediaDevices.getUserMedia;
  let answer!: () => void;
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: (c: MediaStreamConstraints) => new Promise((r) => (answer = () => r(gum(c)))) } });
  const resumed = outcome(capture.resume());
  await vi.advanceTimersByTimeAsync(10);
  await capture.stop();
  await vi.advanceTimersByTimeAsync(1);
  expect(await now(resumed)).toBe('rejected aborted');
  answer();
  await vi.advanceTimersByTimeAsync(10);
  expect(tracks.filter((t) => !t.stopped)).toEqual([]);
  expect(contexts.filter((c) => c.state !== 'closed')).toEqual([]);
});

it('Pause (release), Resume, Pause (release) in quick succession: paused with the microphone closed, and Resume then opens it once', async () => {
  const { contexts } = fakeWebAudio({ flush: { ms: 3 }, addModuleMs: 30 });
  const tracks = microphones();
  const capture = await running();
  const first = outcome(capture.pause(true));
  const resumed = outcome(capture.resume());
  await vi.advanceTimersByTimeAsync(1);
  const second = outcome(capture.pause(true));
  await vi.advanceTimersByTimeAsync(1000);
  expect([await now(first), await now(resumed), await now(second)]).toEqual(['resolved', 'resolved', 'resolved']);
  expect(capture.isPaused).toBe(true);
  expect(tracks.filter((t) => !t.stopped)).toEqual([]);
  expect(contexts.filter((c) => c.state !== 'closed')).toEqual([]);
  const again = outcome(capture.resume());
  await vi.advanceTimersByTimeAsync(100);
  expect(await now(again)).toBe('resolved');
  expect(tracks.filter((t) => !t.stopped)).toHaveLength(1);
  const stopped = outcome(capture.stop());
  await vi.advanceTimersByTimeAsync(1000);
  expect(await now(stopped)).toBe('resolved');
});

it('pause() while stop() still releases the source: nothing to pause, and not paused once stopped', async () => {
  const source = new SlowStop();
  const capture = new Capture(FORMAT, { frame() {}, deviceChange() {}, deviceError() {} });
  await capture.start(source);
  const stopped = outcome(capture.stop());
  await vi.advanceTimersByTimeAsync(2);
  const paused = outcome(capture.pause());
  await vi.advanceTimersByTimeAsync(100);
  expect([await now(stopped), await now(paused)]).toEqual(['resolved', 'resolved']);
  expect(capture.isPaused).toBe(false);
  expect(source.calls).not.toContain('pause');
  expect(source.live).toBe(false);
});
