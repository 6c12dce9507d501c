// HandsFree's start()/stop() interleavings. The user clicks Stop while a session is open — the
// session's end waits for the service's Termination — and then Start again before that end is through (a Stop,
// Start pair in quick succession). Their last word is Start: start() succeeds, one microphone is on (not the
// first, left over), and after the next Stop none is.
import { expect, it, vi } from 'vitest';
import { Transcriber } from '@earshot/client';
import { FakeWebSocket } from '../../client/test/helpers/fake-websocket.js';
import { fakeWebAudio, type FakeTrack } from '../../client/test/helpers/fake-web-audio.js';
import { HandsFree } from '../src/hands-free.js';
import { useFakeClockAndSockets } from '../../client/test/helpers/fake-clock.js';

/** The detector's speech callbacks, for the test to speak through. */
const detectors: Array<{ speechStart: (at: number, p: number) => void }> = [];
vi.mock('../src/voice-detector.js', () => ({
  VoiceDetector: {
    load: async (_o: unknown, handlers: { speechStart: (at: number, p: number) => void }) => {
      detectors.push(handlers);
      return { listen: async () => undefined, destroy: async () => undefined };
    },
  },
}));

useFakeClockAndSockets();

it('Stop while a session ends, then Start before that end is through: start() succeeds with one microphone on, none after the next stop()', async () => {
  const { stream } = fakeWebAudio();
  const tracks: FakeTrack[] = [];
  vi.stubGlobal('navigator', {
    mediaDevices: {
      getUserMedia: async () => {
        const track: FakeTrack = { stopped: false, stop() { this.stopped = true; }, addEventListener() {}, getSettings: () => ({}), label: 'mic' };
        tracks.push(track);
        return { ...stream, getTracks: () => [track], getAudioTracks: () => [track] } as unknown as MediaStream;
      },
    },
  });
  const transcriber = new Transcriber({ token: async () => 'tok', url: 'ws://127.0.0.1:9/v3/ws', WebSocket: FakeWebSocket as never, sampleRate: 16000 });
  const hf = new HandsFree({ transcriber, microphone: { workletUrl: '/w.js' } });
  const errors: string[] = [];
  hf.on('error', (e) => errors.push(e.code));
  await hf.start();
  detectors.at(-1)!.speechStart(0, 0.9); // someone speaks: a session opens
  await vi.advanceTimersByTimeAsync(10);
  FakeWebSocket.last.serverBegin('s1');
  await vi.advanceTimersByTimeAsync(10);
  expect(hf.inSession).toBe(true);
  const ws = FakeWebSocket.last;
  const stopping = hf.stop(); // waits for the service's Termination
  await vi.advanceTimersByTimeAsync(50);
  let outcome = 'pending';
  const starting = hf.start().then(() => (outcome = 'resolved'), (e: { code?: string }) => (outcome = `rejected ${e.code}`));
  await vi.advanceTimersByTimeAsync(50);
  ws.serverSend({ type: 'Termination', audio_duration_seconds: 0, session_duration_seconds: 1 });
  ws.serverClose(1000);
  await vi.advanceTimersByTimeAsync(500);
  await stopping;
  await starting;
  expect(outcome).toBe("resolved");
  // One microphone on: the new start's, listening as Start asked (none of the earlier one left on).
  expect(tracks.map((t) => !t.stopped)).toEqual([...tracks.slice(1).map(() => false), true]);
  expect(errors).toEqual([]);
  await Promise.all([hf.stop(), vi.advanceTimersByTimeAsync(1000)]);
  // Stopped: no microphone left on.
  expect(tracks.filter((t) => !t.stopped)).toHaveLength(0);
});
