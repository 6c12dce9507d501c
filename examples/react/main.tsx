// The React example: rendered under StrictMode (double mount in development), which the hook handles.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CaptionsApp } from './captions-app.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CaptionsApp />
  </StrictMode>,
);
