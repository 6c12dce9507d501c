// The user clicks Start, then Pause while capture is still starting (the permission prompt is up, the worklet
// loads), or in the same tick. pause() resolves and isPaused reads true — so once the microphone opens, no audio
// may reach the service (a user who paused before speaking expects nothing transcribed), and start() still
// succeeds: the pause never cancels it. A started source delivers (the AudioSource contract; ScriptedSource does
// too), so the pause must take effect once it is open. In Chromium: e2e/specs/capture-races.spec.ts.
import { expect, it, vi } from 'vitest';
import type { AudioFormat, AudioFrame } from '../../src/audio/audio-source.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, ScriptedSource } from '../helpers/session.js';
import { fakeWebAudio } from '../helpers/fake-web-audio.js';
import { MicrophoneSource } from '../../src/audio/microphone-source.js';
import { useFakeClockAndSockets } from '../helpers/fake-clock.js';

useFakeClockAndSockets();

/** A source whose start() waits for `open()`: a permission prompt nobody has answered yet. */
class PromptSource extends ScriptedSource {
  open!: () => void;
  override async start(format: AudioFormat, onFrame: (f: AudioFrame) => void): Promise<void> {
    await new Promise<void>((r) => (this.open = r));
    return super.start(format, onFrame);
  }
}

it.each([
  ['while the microphone is still opening', 1],
  ['in the same tick as start()', -1],
])('pause() %s: once it opens, no audio is sent while isPaused', async (_, delayMs) => {
  const t = make();
  const source = new PromptSource();
  const starting = t.start({ source });
  if (delayMs >= 0) await vi.advanceTimersByTimeAsync(delayMs);
  await t.pause();
  expect(t.isPaused).toBe(true);
  source.open(); // the prompt is answered
  await vi.advanceTimersByTimeAsync(1);
  FakeWebSocket.last.serverBegin('s1');
  await starting;
  for (let i = 0; i < 5; i++) source.frame();
  await vi.advanceTimersByTimeAsync(100);
  expect(t.isPaused).toBe(true);
  expect(FakeWebSocket.last.audio).toHaveLength(0);
});

it('pause({ releaseMicrophone: true }) while the permission prompt is up (MicrophoneSource): start() does not fail, the session is paused, the mic released', async () => {
  const { stream, track } = fakeWebAudio();
  let answer!: () => void;
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => new Promise<MediaStream>((r) => (answer = () => r(stream))) } });
  const t = make();
  let outcome = 'pending';
  const starting = t.start({ source: new MicrophoneSource({ workletUrl: '/w.js' }) }).then(() => (outcome = 'resolved'), (e: { code?: string }) => (outcome = `rejected ${e.code}`));
  await vi.advanceTimersByTimeAsync(50);
  expect(answer).toBeDefined(); // the prompt is up
  await t.pause({ releaseMicrophone: true });
  answer();
  await vi.advanceTimersByTimeAsync(10);
  if (FakeWebSocket.instances.length) FakeWebSocket.last.serverBegin('s1');
  await vi.advanceTimersByTimeAsync(300);
  await starting;
  expect(outcome).toBe('resolved');
  expect(t.isPaused).toBe(true);
  expect(track.stopped).toBe(true); // released, as asked
});

it('pause() then resume() while the microphone is still opening: once it opens, audio is sent', async () => {
  const t = make();
  const source = new PromptSource();
  const starting = t.start({ source });
  await vi.advanceTimersByTimeAsync(1);
  await t.pause({ releaseMicrophone: true });
  await t.resume();
  expect(t.isPaused).toBe(false);
  source.open();
  await vi.advanceTimersByTimeAsync(1);
  FakeWebSocket.last.serverBegin('s1');
  await starting;
  source.frame();
  await vi.advanceTimersByTimeAsync(100);
  expect(source.calls.filter((c) => c === 'start' || c === 'stop')).toEqual(['start']);
  expect(FakeWebSocket.last.audio.length).toBeGreaterThan(0);
  await Promise.all([t.stop(), vi.advanceTimersByTimeAsync(20_000)]);
});
