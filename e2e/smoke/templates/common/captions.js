// The README's quick start with a page around it, shared by the browser apps (the Next.js app has its own
// React version). The emulator's WebSocket URL comes from the page's query (`?ws=`), the token from /api/token.
import { Transcriber } from '@earshot/client';

/**
 * Wires #start to a Transcriber that writes each final into #captions as a `p.final`, the state into #state
 * and any error's code and message into #error.
 * @param {{ workletUrl?: string | URL }} [options]
 */
export function mountCaptions(options = {}) {
  const url = new URLSearchParams(location.search).get('ws') ?? undefined;
  wireCaptions(
    new Transcriber({
      token: '/api/token',
      ...(url ? { url } : {}),
      ...(options.workletUrl ? { microphone: { workletUrl: options.workletUrl } } : {}),
    }),
  );
}

/**
 * The same page wiring for a Transcriber made elsewhere (a README recipe, which talks to the service's default
 * URL: the smoke specs route that socket to the emulator).
 * @param {Transcriber} transcriber
 */
export function wireCaptions(transcriber) {
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  transcriber.on('state', (state) => ($('state').textContent = state));
  transcriber.on('final', (turn) => {
    const p = document.createElement('p');
    p.className = 'final';
    p.textContent = turn.transcript;
    $('captions').append(p);
  });
  const show = (err) => ($('error').textContent = `${err.code}: ${err.message}`);
  // start() rejects with what stopped it (the error event is for sessions already running).
  transcriber.on('error', show);
  $('start').addEventListener('click', () => transcriber.start().catch(show));
  $('stop').addEventListener('click', () => transcriber.stop());
}
