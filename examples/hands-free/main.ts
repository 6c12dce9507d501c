// The hands-free example: local voice detection listens with no session open; speaking opens one (the first
// word kept), a pause closes it. Shows the speech indicator, the session opening and closing, and captions.
import { Transcriber, type TurnMessage } from '@earshot/client';
import { byId, showError } from '../page-helpers.js';
import { HandsFree } from '@earshot/vad';

const startButton = byId<HTMLButtonElement>('start');
const stopButton = byId<HTMLButtonElement>('stop');
const speech = byId<HTMLSpanElement>('speech');
const session = byId<HTMLSpanElement>('session');
const count = byId<HTMLSpanElement>('count');
const errorBox = byId<HTMLParagraphElement>('error');
const captions = byId<HTMLElement>('captions');

let handsFree: HandsFree | undefined;
let current: HTMLParagraphElement | undefined;

function showTurn(turn: TurnMessage, final: boolean): void {
  current ??= captions.appendChild(document.createElement('p'));
  current.textContent = turn.transcript;
  current.className = final ? 'final' : 'partial';
  if (final) current = undefined;
}

startButton.addEventListener('click', async () => {
  errorBox.hidden = true;
  startButton.disabled = true;
  const transcriber = new Transcriber({ token: '/api/token', ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}) });
  transcriber.on('partial', (turn) => showTurn(turn, false));
  transcriber.on('final', (turn) => showTurn(turn, true));
  transcriber.on('error', (err) => showError(errorBox, err));
  const hf = new HandsFree({ transcriber, endAfterSilenceMs: 1500 });
  handsFree = hf;
  hf.on('speechStart', () => {
    speech.textContent = 'speaking';
    speech.dataset.speaking = 'true';
  });
  hf.on('speechEnd', () => {
    speech.textContent = 'silent';
    speech.dataset.speaking = 'false';
  });
  hf.on('sessionStart', () => {
    session.textContent = 'session open';
    session.dataset.state = 'open';
    count.textContent = `${hf.sessions} session${hf.sessions === 1 ? '' : 's'} so far`;
  });
  hf.on('sessionEnd', () => {
    session.textContent = 'no session';
    session.dataset.state = 'closed';
  });
  hf.on('error', (err) => showError(errorBox, err));
  try {
    await hf.start();
    stopButton.disabled = false;
  } catch (err) {
    showError(errorBox, err);
    startButton.disabled = false;
  }
});

stopButton.addEventListener('click', async () => {
  stopButton.disabled = true;
  await handsFree?.stop();
  startButton.disabled = false;
});
