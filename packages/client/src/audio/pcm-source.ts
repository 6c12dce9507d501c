import type { AudioFormat, AudioFrame, AudioSource } from './audio-source.js';
import { Resampler } from './resampler.js';

/**
 * PCM samples or an audio file, resampled and delivered at real time (the service refuses audio sent much
 * faster). For transcribing a recording, and for tests. Floats are −1…1; an Int16Array is PCM16.
 */
export class PcmSource implements AudioSource {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #paused = false;
  #muted = false;
  #finish: (() => void) | undefined;
  /** Resolves when every sample has been delivered. */
  readonly ended: Promise<void>;

  constructor(private readonly samples: Float32Array | Int16Array, private readonly sampleRate: number) {
    this.ended = new Promise((resolve) => (this.#finish = resolve));
  }

  /** Decodes an audio file (any format the browser decodes) into a source. */
  static async fromFile(data: Blob | ArrayBuffer): Promise<PcmSource> {
    const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
    const decoded = await new OfflineAudioContext(1, 1, 48000).decodeAudioData(bytes);
    return new PcmSource(decoded.getChannelData(0), decoded.sampleRate);
  }

  async start(format: AudioFormat, onFrame: (frame: AudioFrame) => void): Promise<void> {
    this.#paused = false;
    const floats = this.samples instanceof Int16Array ? Float32Array.from(this.samples, (s) => s / 32768) : this.samples;
    const resampler = new Resampler(this.sampleRate, format.sampleRate);
    const out = Float32Array.from([...resampler.process(floats), ...resampler.flush()]);
    const frameMs = (format.chunkSamples / format.sampleRate) * 1000;
    const started = Date.now();
    let index = 0;
    const tick = () => {
      // Deliver every frame that is due by now: a throttled timer catches up instead of falling behind.
      const due = Math.floor((Date.now() - started) / frameMs) + 1;
      for (; index < due && index * format.chunkSamples < out.length; index++) {
        if (this.#paused) continue;
        onFrame(toFrame(out.subarray(index * format.chunkSamples, (index + 1) * format.chunkSamples), this.#muted));
      }
      if (index * format.chunkSamples >= out.length) {
        this.#timer = undefined;
        this.#finish?.();
        return;
      }
      this.#timer = setTimeout(tick, Math.max(0, started + index * frameMs - Date.now()));
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#finish?.();
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
  }
}

function toFrame(samples: Float32Array, muted: boolean): AudioFrame {
  const pcm = new Int16Array(samples.length);
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = muted ? 0 : Math.max(-1, Math.min(1, samples[i]!));
    pcm[i] = Math.round(v < 0 ? v * 32768 : v * 32767);
    sum += v * v;
    peak = Math.max(peak, Math.abs(v));
  }
  return { pcm, rms: Math.sqrt(sum / (samples.length || 1)), peak };
}
