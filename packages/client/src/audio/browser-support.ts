import { CaptureError } from '../errors.js';

/**
 * Throws unless capture can run here: `AudioContext` (Web Audio), `AudioWorklet` (its AudioWorkletNode) and, for
 * the microphone, `navigator.mediaDevices.getUserMedia`. AudioWorklet and getUserMedia exist only in a secure
 * context (https or localhost), so the microphone in an insecure one is said first: that is what to fix.
 * @throws {CaptureError} `insecure_context` (microphone only); `unsupported_browser`, naming every missing feature.
 */
export function assertCaptureSupported(microphone: boolean): void {
  const g = globalThis as { AudioContext?: unknown; AudioWorkletNode?: unknown; navigator?: Navigator; isSecureContext?: boolean };
  const insecure = g.isSecureContext === false;
  if (microphone && insecure) throw new CaptureError('insecure_context', 'Microphone needs https (or localhost)');
  const missing = [
    !g.AudioContext && 'Web Audio (AudioContext)',
    !g.AudioWorkletNode && 'AudioWorklet',
    microphone && !g.navigator?.mediaDevices?.getUserMedia && 'getUserMedia',
  ].filter(Boolean);
  if (missing[0]) throw new CaptureError('unsupported_browser', `This browser lacks ${missing.join(', ')}${insecure ? ' (insecure page: use https)' : ''}`);
}
