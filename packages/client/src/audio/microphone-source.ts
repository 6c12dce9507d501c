import { CaptureError } from '../errors.js';
import type { AudioFormat, AudioFrame } from './audio-source.js';
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

/** The microphone in use after a switch. */
export interface DeviceInfo {
  deviceId: string;
  label: string;
}

/**
 * The browser's microphone. `stop()` stops its tracks, so the browser's recording indicator goes off. When the
 * device in use goes away (unplugged: its track ends), it switches to the default device without a gap in the
 * session and calls `ondevicechange`; when no microphone is left it calls `ondeviceerror`.
 */
export class MicrophoneSource extends MediaStreamSource {
  readonly #mic: MicrophoneOptions;
  /** Called after a switch to another device. */
  ondevicechange: ((device: DeviceInfo) => void) | null = null;
  #watched: MediaStreamTrack | undefined;

  constructor(mic: MicrophoneOptions = {}) {
    super(undefined, { ...mic, stopTracks: true });
    this.#mic = mic;
  }

  override async start(format: AudioFormat, onFrame: (frame: AudioFrame) => void): Promise<void> {
    // Said first: in an insecure context AudioWorklet is missing too, and this is what to fix.
    if (typeof window !== 'undefined' && window.isSecureContext === false) {
      throw new CaptureError('insecure_context', 'Microphone needs https (or localhost)');
    }
    await super.start(format, onFrame);
    this.#watch();
  }

  override async stop(): Promise<void> {
    this.#unwatch();
    await super.stop();
    this.stream = undefined;
  }

  #watch(): void {
    this.#unwatch();
    const track = this.stream?.getAudioTracks()[0];
    track?.addEventListener('ended', this.#onEnded);
    this.#watched = track;
  }

  #unwatch(): void {
    this.#watched?.removeEventListener('ended', this.#onEnded);
    this.#watched = undefined;
  }

  #onEnded = async (): Promise<void> => {
    this.#unwatch();
    const old = this.stream;
    try {
      const stream = await this.#open(undefined);
      old?.getTracks().forEach((t) => t.stop());
      this.replaceStream(stream);
      this.#watch();
      const track = stream.getAudioTracks()[0];
      this.ondevicechange?.({ deviceId: track?.getSettings().deviceId ?? '', label: track?.label ?? '' });
    } catch (err) {
      this.ondeviceerror?.(err instanceof CaptureError ? err : captureErrorFrom(err));
    }
  };

  protected override get needsMicrophone(): boolean {
    return true;
  }

  protected override openStream(): Promise<MediaStream> {
    return this.#open(this.#mic.deviceId);
  }

  async #open(deviceId: string | undefined): Promise<MediaStream> {
    if (typeof window !== 'undefined' && window.isSecureContext === false) {
      throw new CaptureError('insecure_context', 'Microphone needs https (or localhost)');
    }
    const devices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    if (!devices?.getUserMedia) throw new CaptureError('unsupported_browser', 'No getUserMedia in this browser');
    const audio: MediaTrackConstraints = {
      // Mono unless one channel was chosen: then the device's own two channels are needed to pick from.
      channelCount: typeof this.#mic.channel === 'number' ? 2 : 1,
      echoCancellation: this.#mic.echoCancellation ?? true,
      noiseSuppression: this.#mic.noiseSuppression ?? false,
      autoGainControl: this.#mic.autoGainControl ?? true,
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
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
