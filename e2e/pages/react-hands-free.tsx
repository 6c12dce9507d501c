// useHandsFree under StrictMode: Listen/Stop, the speaking indicator, sessions opened, captions. Counts the
// microphone tracks still live.
import { useHandsFree } from '@earshot/react/hands-free';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const streams: MediaStream[] = [];
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await getUserMedia(constraints);
  streams.push(stream);
  return stream;
};
Object.assign(window, {
  liveTracks: () => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
  openedStreams: () => streams.length,
});

function HandsFreeCaptions() {
  const { listening, speaking, inSession, sessions, finals, error, start, stop } = useHandsFree({
    token: '/api/token',
    ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}),
    handsFree: { endAfterSilenceMs: 1500 },
  });
  return (
    <main>
      <button type="button" onClick={() => void start()} disabled={listening}>Listen</button>
      <button type="button" onClick={() => void stop()} disabled={!listening}>Stop</button>
      <span id="listening">{listening ? 'listening' : 'off'}</span>
      <span id="speaking">{speaking ? 'speaking' : 'silent'}</span>
      <span id="session">{inSession ? 'session open' : 'no session'}</span>
      <span id="sessions">{sessions}</span>
      {error && <p id="error">{error.message}</p>}
      {finals.map((turn, i) => <p key={i} className="final">{turn.transcript}</p>)}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><HandsFreeCaptions /></StrictMode>);
