import { CaptureError } from '../errors.js';

/**
 * What capture needs that this browser lacks: `AudioContext` (Web Audio), `AudioWorklet` (its
 * AudioWorkletNode), and, for the microphone, `navigator.mediaDevices.getUserMedia`. Empty when
 * everything is there. AudioWorklet and getUserMedia exist only in a secure context (https or localhost).
 */
export function missingCaptureFeatures(microphone: boolean): string[] {
  const g = globalThis as { AudioContext?: unknown; AudioWorkletNode?: unknown; navigator?: Navigator };
  const missing: string[] = [];
  if (typeof g.AudioContext !== 'function') missing.push('Web Audio (AudioContext)');
  if (typeof g.AudioWorkletNode !== 'function') missing.push('AudioWorklet');
  if (microphone && typeof g.navigator?.mediaDevices?.getUserMedia !== 'function') missing.push('getUserMedia (navigator.mediaDevices)');
  return missing;
}

/** @throws {CaptureError} `unsupported_browser`, naming every missing feature, when capture cannot run here. */
export function assertCaptureSupported(microphone: boolean): void {
  const missing = missingCaptureFeatures(microphone);
  if (missing.length === 0) return;
  const secure = (globalThis as { isSecureContext?: boolean }).isSecureContext === false ? ' (this page is not a secure context: use https or localhost)' : '';
  throw new CaptureError('unsupported_browser', `This browser cannot capture audio: no ${missing.join(', no ')}${secure}`);
}
