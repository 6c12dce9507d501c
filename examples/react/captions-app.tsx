// Live captions with @earshot/react: Start/Stop, a microphone picker, a level meter, per-turn captions.
import { useMicrophones, useTranscriber } from '@earshot/react';
import { useState } from 'react';

const LIVE = new Set(['connecting', 'open', 'reconnecting']);

export function CaptionsApp() {
  const [deviceId, setDeviceId] = useState('');
  const { devices, permission } = useMicrophones();
  // A new options object every render: the hook reads it at start() and restarts nothing.
  const { state, finals, partial, level, error, start, stop } = useTranscriber({
    token: '/api/token',
    ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}),
    microphone: deviceId ? { deviceId } : {},
  });
  const live = LIVE.has(state);
  return (
    <main>
      <header>
        <h1>Live captions (React)</h1>
        <p className="hint">useTranscriber and useMicrophones from @earshot/react. Grey text is still being heard.</p>
      </header>
      <section className="controls">
        <button id="start" type="button" onClick={() => void start()} disabled={live || state === 'closing'}>Start</button>
        {/* Stop is usable while connecting: it cancels a slow or retrying start. */}
        <button id="stop" type="button" onClick={() => void stop()} disabled={!live}>Stop</button>
        <label>
          Microphone
          <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)}>
            <option value="">Default microphone</option>
            {devices.filter((d) => d.deviceId && d.deviceId !== 'default').map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>{d.label || `Microphone ${i + 1}`}</option>
            ))}
          </select>
        </label>
        <div className="meter" aria-label="Input level">
          <div style={{ width: `${Math.min(100, Math.sqrt(level) * 200)}%` }} />
        </div>
        <span id="state" className="state" data-state={state}>{state}</span>
        <span className="hint permission">microphone: {permission}</span>
      </section>
      {error && <p id="error" className="error" role="alert" data-code={error.code}>{error.message}</p>}
      <section id="captions" className="captions" aria-live="polite">
        {finals.map((turn, i) => <p key={i} className="final">{turn.transcript}</p>)}
        {partial && <p className="partial">{partial.transcript}</p>}
      </section>
    </main>
  );
}
