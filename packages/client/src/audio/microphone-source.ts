import { CaptureError } from '../errors.js';
import { MediaStreamSource, type MediaStreamSourceOptions } from './media-stream-source.js';

/** Options of {@link MicrophoneSource}. */
export interface MicrophoneOptions extends Omit<MediaStreamSourceOptions, 'stopTracks'> {
  /** A device from `navigator.mediaDevices.enumerateDevices()`. Default: the system's default input. */
  deviceId?: string;
  /** Default true: an app that plays audio (a voice agent, a call) would otherwise transcribe itself. */
  echoCancellation?: boolean;
  /** Default false: speech models are trained on noisy audio, and suppression artefacts cost accuracy. */
  noiseSuppression?: boolean;
  /** Default true: keeps quiet and distant speakers at a level the model hears well. */
  autoGainControl?: boolean;
}

/** The browser's microphone. `stop()` stops its tracks, so the browser's recording indicator goes off. */
export class MicrophoneSource extends MediaStreamSource {
  constructor(private readonly mic: MicrophoneOptions = {}) {
    super(undefined, { ...mic, stopTracks: true });
  }

  override async stop(): Promise<void> {
    await super.stop();
    this.stream = undefined;
  }

  protected override async openStream(): Promise<MediaStream> {
    if (typeof window !== 'undefined' && window.isSecureContext === false) {
      throw new CaptureError('insecure_context', 'Microphone needs https (or localhost)');
    }
    const devices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!devices?.getUserMedia) throw new CaptureError('unsupported_browser', 'No getUserMedia in this browser');
    const audio: MediaTrackConstraints = {
      channelCount: 1,
      echoCancellation: this.mic.echoCancellation ?? true,
      noiseSuppression: this.mic.noiseSuppression ?? false,
      autoGainControl: this.mic.autoGainControl ?? true,
      ...(this.mic.deviceId ? { deviceId: { exact: this.mic.deviceId } } : {}),
    };
    try {
      return await devices.getUserMedia({ audio });
    } catch (err) {
      throw captureErrorFrom(err);
    }
  }
}

/** Maps getUserMedia's DOMException names to typed errors that say what to do. */
export function captureErrorFrom(err: unknown): CaptureError {
  const name = (err as { name?: string })?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return new CaptureError('mic_permission_denied', 'Microphone permission denied: allow it in site settings', { cause: err });
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return new CaptureError('mic_not_found', 'No microphone found', { cause: err });
    case 'NotReadableError':
    case 'TrackStartError':
      return new CaptureError('mic_in_use', 'Microphone busy: another app may be using it', { cause: err, retriable: true });
    case 'OverconstrainedError':
      return new CaptureError('mic_overconstrained', 'Chosen microphone unavailable: pick another', { cause: err });
    case 'SecurityError':
      return new CaptureError('insecure_context', 'Microphone blocked on this page (insecure context or policy)', { cause: err });
    default:
      return new CaptureError('unsupported_browser', `Microphone failed: ${(err as Error)?.message ?? err}`, { cause: err });
  }
}
