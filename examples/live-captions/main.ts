// The live-captions example: Start/Stop, a microphone picker, a level meter, live text per turn
// (partials provisional, finals settled), the session state, and readable errors.
import { EarshotError, Transcriber, type TurnMessage } from '@earshot/client';
import { byId, showError } from '../page-helpers.js';

const startButton = byId<HTMLButtonElement>('start');
const stopButton = byId<HTMLButtonElement>('stop');
const deviceSelect = byId<HTMLSelectElement>('device');
const level = byId<HTMLDivElement>('level');
const stateLabel = byId<HTMLSpanElement>('state');
const errorBox = byId<HTMLParagraphElement>('error');
const captions = byId<HTMLElement>('captions');

let transcriber: Transcriber | undefined;
const lines = new Map<number, HTMLParagraphElement>();

/** One paragraph per turn, keyed by turn_order: replaced, never appended. */
function showTurn(turn: TurnMessage, final: boolean): void {
  let p = lines.get(turn.turn_order);
  if (!p) {
    p = document.createElement('p');
    lines.set(turn.turn_order, p);
    captions.append(p);
  }
  p.textContent = turn.transcript;
  p.className = final ? 'final' : 'partial';
}

async function listDevices(): Promise<void> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const current = deviceSelect.value;
  deviceSelect.replaceChildren(new Option('Default microphone', ''));
  for (const d of devices.filter((d) => d.kind === 'audioinput' && d.deviceId && d.deviceId !== 'default')) {
    deviceSelect.append(new Option(d.label || `Microphone ${deviceSelect.length}`, d.deviceId));
  }
  deviceSelect.value = current;
}

startButton.addEventListener('click', async () => {
  errorBox.hidden = true;
  startButton.disabled = true;
  // Stop is usable at once: it cancels a slow or retrying connect.
  stopButton.disabled = false;
  // A new session numbers its turns from 0 again: keep the earlier captions, start a fresh turn map.
  lines.clear();
  const t = new Transcriber({
    token: '/api/token',
    ...(__EARSHOT_STREAMING_URL__ ? { url: __EARSHOT_STREAMING_URL__ } : {}),
    microphone: deviceSelect.value ? { deviceId: deviceSelect.value } : {},
  });
  transcriber = t;
  t.on('state', (state) => {
    stateLabel.textContent = state;
    stateLabel.dataset.state = state;
  });
  t.on('partial', (turn) => showTurn(turn, false));
  t.on('final', (turn) => showTurn(turn, true));
  t.on('level', ({ rms }) => (level.style.width = `${Math.min(100, Math.sqrt(rms) * 200)}%`));
  t.on('error', (err) => showError(errorBox, err));
  t.on('close', ({ error }) => {
    if (error) showError(errorBox, error);
    startButton.disabled = false;
    stopButton.disabled = true;
    level.style.width = '0';
  });
  try {
    await t.start();
    void listDevices();
  } catch (err) {
    // A start cancelled by Stop is not an error to show.
    if (!(err instanceof EarshotError && err.code === 'aborted')) showError(errorBox, err);
    startButton.disabled = false;
    stopButton.disabled = true;
    level.style.width = '0';
  }
});

stopButton.addEventListener('click', async () => {
  stopButton.disabled = true;
  await transcriber?.stop();
  startButton.disabled = false;
});

void listDevices().catch(() => undefined);
