'use client';
// @earshot/react's quick start (its README), with the ids the smoke test reads. The emulator's WebSocket URL
// comes from the page's query (?ws=) in this test app; a real app leaves `url` out.
import { useTranscriber } from '@earshot/react';

const url = typeof location === 'undefined' ? undefined : (new URLSearchParams(location.search).get('ws') ?? undefined);

export function ReactCaptions() {
  const { state, finals, partial, error, start, stop } = useTranscriber({ token: '/api/token', ...(url ? { url } : {}) });
  return (
    <section>
      <button id="start" onClick={start}>Start</button> <button id="stop" onClick={stop}>Stop</button>
      <p>state: <span id="state">{state}</span></p>
      <p id="error">{error ? `${error.code}: ${error.message}` : ''}</p>
      <div id="captions">
        {finals.map((turn, i) => <p key={i} className="final">{turn.transcript}</p>)}
      </div>
      {partial && <p style={{ opacity: 0.6 }}>{partial.transcript}</p>}
    </section>
  );
}
