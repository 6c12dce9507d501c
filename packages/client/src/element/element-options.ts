import type { TranscriberOptions } from '../session/transcriber.js';

/** The attributes `<earshot-captions>` reads when a session starts (changing them mid-session restarts nothing). */
export const OPTION_ATTRIBUTES = [
  'token-url', 'url', 'region', 'speech-model', 'format-turns', 'keyterms', 'device-id',
  'min-turn-silence', 'max-turn-silence', 'raw-audio',
] as const;

function numberAttr(el: Element, name: string): number | undefined {
  const v = el.getAttribute(name);
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The Transcriber options an element's attributes describe:
 * - `token-url` (required): the app's token endpoint;
 * - `url`: the streaming WebSocket URL (an empty value means the service's default host);
 * - `region`: `edge`, `us` or `eu`; `speech-model`; `format-turns` (present = true);
 * - `keyterms`: comma-separated terms to boost; `min-turn-silence` / `max-turn-silence` (ms);
 * - `device-id`: the microphone; `raw-audio` (present): echo cancellation, noise suppression and auto gain off.
 */
export function optionsFromAttributes(el: Element): TranscriberOptions {
  const url = el.getAttribute('url');
  const region = el.getAttribute('region');
  const model = el.getAttribute('speech-model');
  const keyterms = el.getAttribute('keyterms');
  const deviceId = el.getAttribute('device-id');
  const minSilence = numberAttr(el, 'min-turn-silence');
  const maxSilence = numberAttr(el, 'max-turn-silence');
  const raw = el.hasAttribute('raw-audio');
  return {
    token: el.getAttribute('token-url') ?? '',
    ...(url ? { url } : {}),
    ...(region === 'edge' || region === 'us' || region === 'eu' ? { region } : {}),
    ...(model ? { speechModel: model } : {}),
    ...(el.hasAttribute('format-turns') ? { formatTurns: el.getAttribute('format-turns') !== 'false' } : {}),
    ...(keyterms ? { keytermsPrompt: keyterms.split(',').map((k) => k.trim()).filter(Boolean) } : {}),
    ...(minSilence !== undefined ? { minTurnSilence: minSilence } : {}),
    ...(maxSilence !== undefined ? { maxTurnSilence: maxSilence } : {}),
    microphone: {
      ...(deviceId ? { deviceId } : {}),
      ...(raw ? { echoCancellation: false, noiseSuppression: false, autoGainControl: false } : {}),
    },
  };
}
