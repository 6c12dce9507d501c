// The app closes the AudioContext it shared with the microphone while a session runs: no audio can flow again.
// The app hears why at once — an `error` that names the cause, not an `audio_stalled` seconds later — the
// microphone is released (its indicator goes off), and the session pauses as for any device lost (stop() ends it).
import { expect, it, vi } from 'vitest';
import { MicrophoneSource } from '../../src/audio/microphone-source.js';
import { fakeWebAudio } from '../helpers/fake-web-audio.js';
import { FakeWebSocket } from '../helpers/fake-websocket.js';
import { make, started } from '../helpers/session.js';
import { useFakeClockAndSockets } from '../helpers/fake-clock.js';

useFakeClockAndSockets();

it('the app closes its shared AudioContext mid-session: an invalid_state error at once, the microphone released, the session paused', async () => {
  const { track, FakeAudioContext } = fakeWebAudio();
  const shared = new FakeAudioContext();
  const t = make();
  const errors: { code: string; message: string }[] = [];
  t.on('error', (e) => errors.push({ code: e.code, message: e.message }));
  await started(t, new MicrophoneSource({ audioContext: shared as unknown as AudioContext, workletUrl: '/w.js' }));
  await shared.close();
  expect(errors).toEqual([{ code: 'invalid_state', message: expect.stringMatching(/audioContext was closed while capturing: keep it open until stop\(\)/) }]);
  await vi.advanceTimersByTimeAsync(300);
  expect(track.stopped).toBe(true);
  expect(t.isPaused).toBe(true);
  expect(t.state).toBe('open');
  // Paused: the stall watchdog has nothing more to say.
  await vi.advanceTimersByTimeAsync(15_000);
  expect(errors.map((e) => e.code)).toEqual(['invalid_state']);
  const stopping = t.stop();
  await vi.advanceTimersByTimeAsync(10);
  FakeWebSocket.last.serverSend({ type: 'Termination', audio_duration_seconds: 1, session_duration_seconds: 1 });
  FakeWebSocket.last.serverClose(1000);
  await stopping;
  expect(t.state).toBe('closed');
});
