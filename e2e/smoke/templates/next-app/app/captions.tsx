'use client';
// The root README's Next.js client component: the quick start in React. The emulator's WebSocket URL comes
// from the page's query (?ws=) in this test app; a real app leaves `url` out.
import { Transcriber } from '@earshot/client';
import { useEffect, useRef, useState } from 'react';

export function Captions() {
  const transcriber = useRef<Transcriber | null>(null);
  const [state, setState] = useState('idle');
  const [finals, setFinals] = useState<string[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    const url = new URLSearchParams(location.search).get('ws') ?? undefined;
    const t = new Transcriber({ token: '/api/token', ...(url ? { url } : {}) });
    t.on('state', setState);
    t.on('final', (turn) => setFinals((all) => [...all, turn.transcript]));
    t.on('error', (err) => setError(`${err.code}: ${err.message}`));
    transcriber.current = t;
    return () => void t.stop();
  }, []);

  return (
    <main>
      <button id="start" onClick={() => transcriber.current?.start().catch((err) => setError(`${err.code}: ${err.message}`))}>
        Start
      </button>{' '}
      <button id="stop" onClick={() => transcriber.current?.stop()}>Stop</button>
      <p>state: <span id="state">{state}</span></p>
      <p id="error">{error}</p>
      <div id="captions">
        {finals.map((text, i) => <p key={i} className="final">{text}</p>)}
      </div>
    </main>
  );
}
