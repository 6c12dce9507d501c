// Mounts a component using useTranscriber({ autoStart: true }) under StrictMode, unmounts and remounts it on
// command, and counts the microphone tracks the page opened that are still live.
import { useTranscriber } from '@earshot/react';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';

const streams: MediaStream[] = [];
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await getUserMedia(constraints);
  streams.push(stream);
  return stream;
};

let renders = 0;
function AutoCaptions() {
  // Re-rendered every 100 ms with a new options object each time: that must not restart the session.
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 100);
    return () => clearInterval(timer);
  }, []);
  renders++;
  const { state, transcript } = useTranscriber({
    token: '/api/token',
    ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}),
    keytermsPrompt: [`tick ${tick}`],
    autoStart: true,
  });
  return (
    <section>
      <span id="state">{state}</span>
      <p id="transcript">{transcript}</p>
    </section>
  );
}

let root: Root | undefined;
const harness = {
  mount(): void {
    root = createRoot(document.getElementById('root')!);
    root.render(<StrictMode><AutoCaptions /></StrictMode>);
  },
  unmount(): void {
    root?.unmount();
    root = undefined;
  },
  /** Unmounts and mounts a new component in the same task (a route change, a key change). */
  remount(): void {
    harness.unmount();
    harness.mount();
  },
  liveTracks: (): number => streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
  openedStreams: (): number => streams.length,
  renders: (): number => renders,
};

declare global {
  interface Window {
    reactTest: typeof harness;
  }
}
window.reactTest = harness;
