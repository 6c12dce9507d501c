import { CaptureError, type EarshotErrorCode } from '../errors.js';
import { MediaStreamSource, stopTracks, type MediaStreamSourceOptions } from './media-stream-source.js';

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
  /** Called after a switch to another device. */
  declare ondevicechange?: ((device: DeviceInfo) => void) | null;

  constructor(options: MicrophoneOptions = {}) {
    super(undefined as never, { ...options, stopTracks: true });
  }

  override stop(): Promise<void> {
    const stopping = super.stop();
    // Cleared at once (super.stop() took the stream to end it): the next start() opens the device anew, and a
    // track that ends from now on is not switched.
    this.stream = undefined;
    return stopping;
  }

  protected override async openStream(deviceId = (this.options as MicrophoneOptions).deviceId): Promise<MediaStream> {
    const { channel, echoCancellation = true, noiseSuppression = false, autoGainControl = true } = this.options as MicrophoneOptions;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        // Mono unless one channel was chosen: then the device's own two channels are needed to pick from.
        audio: { channelCount: typeof channel === 'number' ? 2 : 1, echoCancellation, noiseSuppression, autoGainControl, deviceId: deviceId ? { exact: deviceId } : undefined },
      });
    } catch (err) {
      throw captureErrorFrom(err);
    }
    // Unplugged, the device's track ends: switch to the default device while this stream is still the one in use.
    stream.getAudioTracks()[0]?.addEventListener('ended', async () => {
      if (this.stream !== stream) return;
      try {
        const next = await this.openStream('');
        // stop() came while it opened: nothing may stay on.
        if (this.stream !== stream) return stopTracks(next);
        stopTracks(stream);
        this.replaceStream(next);
        const track = next.getAudioTracks()[0]!;
        this.ondevicechange?.({ deviceId: track.getSettings().deviceId ?? '', label: track.label });
      } catch (err) {
        this.ondeviceerror?.(captureErrorFrom(err));
      }
    });
    return stream;
  }
}

/** getUserMedia's DOMException names (and Chrome's legacy ones), in order, with the typed error each becomes. */
const MIC_ERRORS: [RegExp, EarshotErrorCode, string][] = [
  [/NotAllowed|PermissionDenied/, 'mic_permission_denied', 'Microphone permission denied: allow it in site settings'],
  [/NotFound/, 'mic_not_found', 'No microphone found'],
  [/NotReadable|TrackStart/, 'mic_in_use', 'Microphone in use by another app'],
  [/Overconstrained/, 'mic_overconstrained', 'Chosen microphone unavailable: pick another'],
  [/Security/, 'insecure_context', 'Microphone blocked by policy or insecure page'],
];

/** Maps getUserMedia's DOMException names to typed errors that say what to do; a CaptureError is kept. */
export function captureErrorFrom(err: unknown): CaptureError {
  if (err instanceof CaptureError) return err;
  const name = String((err as Error)?.name);
  const [, code, message] = MIC_ERRORS.find(([names]) => names.test(name)) ?? [, 'unsupported_browser', `Microphone failed: ${(err as Error)?.message ?? err}`];
  return new CaptureError(code, message, { cause: err, retriable: code === 'mic_in_use' });
}
