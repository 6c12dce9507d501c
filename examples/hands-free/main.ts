// The hands-free example: local voice detection listens with no session open; speaking opens one (the first
// word kept), a pause closes it. Shows the speech indicator, the session opening and closing, and captions.
import { EarshotError, Transcriber, type TurnMessage } from '@earshot/client';
import { HandsFree } from '@earshot/vad';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const startButton = $<HTMLButtonElement>('start');
const stopButton = $<HTMLButtonElement>('stop');
const speech = $<HTMLSpanElement>('speech');
const session = $<HTMLSpanElement>('session');
const count = $<HTMLSpanElement>('count');
const errorBox = $<HTMLParagraphElement>('error');
const captions = $<HTMLElement>('captions');

let handsFree: HandsFree | undefined;
let current: HTMLParagraphElement | undefined;

function showTurn(turn: TurnMessage, final: boolean): void {
  current ??= captions.appendChild(document.createElement('p'));
  current.textContent = turn.transcript;
  current.className = final ? 'final' : 'partial';
  if (final) current = undefined;
}

function showError(err: unknown): void {
  errorBox.textContent = err instanceof EarshotError ? err.message : String(err);
  errorBox.hidden = false;
}

startButton.addEventListener('click', async () => {
  errorBox.hidden = true;
  startButton.disabled = true;
  const transcriber = new Transcriber({ token: '/api/token', ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}) });
  transcriber.on('partial', (turn) => showTurn(turn, false));
  transcriber.on('final', (turn) => showTurn(turn, true));
  transcriber.on('error', showError);
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
  hf.on('error', showError);
  try {
    await hf.start();
    stopButton.disabled = false;
  } catch (err) {
    showError(err);
    startButton.disabled = false;
  }
});

stopButton.addEventListener('click', async () => {
  stopButton.disabled = true;
  await handsFree?.stop();
  startButton.disabled = false;
});
