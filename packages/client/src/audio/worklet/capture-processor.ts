// The AudioWorklet processor: runs on the audio thread at the context's own rate, downmixes to mono, resamples
// with the anti-aliasing Resampler, converts to PCM16 and posts frames of exactly `chunkSamples`, clocked by
// the audio itself (never by a main-thread timer). Bundled self-contained into dist/worklet.js.
import { ChannelMixer, type ChannelSelection } from '../channel-mixer.js';
import { Resampler } from '../resampler.js';

/** The session's AudioFormat (`sampleRate` is the rate to resample to), the downmix, and whether it starts muted or paused. */
interface ProcessorOptions {
  sampleRate: number;
  chunkSamples: number;
  channel?: ChannelSelection;
  muted?: boolean;
  paused?: boolean;
}
declare const sampleRate: number;
declare const currentTime: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: { processorOptions?: ProcessorOptions });
}
declare function registerProcessor(name: string, ctor: new (options: { processorOptions: ProcessorOptions }) => AudioWorkletProcessor): void;

class CaptureProcessor extends AudioWorkletProcessor {
  readonly #resampler: Resampler;
  readonly #mixer: ChannelMixer;
  readonly #chunkSamples: number;
  #frame: Int16Array;
  #fill = 0;
  #sumSquares = 0;
  #peak = 0;
  #muted = false;
  #paused = false;
  #active = true;

  constructor(options: { processorOptions: ProcessorOptions }) {
    super(options);
    const { sampleRate: targetRate, chunkSamples, channel, muted, paused } = options.processorOptions;
    this.#resampler = new Resampler(sampleRate, targetRate);
    this.#muted = !!muted;
    this.#paused = !!paused;
    this.#mixer = new ChannelMixer(sampleRate, channel ?? 'auto');
    this.#chunkSamples = chunkSamples;
    this.#frame = new Int16Array(chunkSamples);
    this.port.onmessage = (event: MessageEvent<{ type: string; value?: boolean }>) => {
      const { type, value } = event.data;
      if (type === 'mute') this.#muted = !!value;
      else if (type === 'pause') this.#paused = !!value;
      else if (type === 'stop') {
        // The partial frame it holds goes too (the last words), then `flushed`, and the processor ends.
        this.#push(this.#resampler.flush());
        this.#post(this.#fill);
        this.port.postMessage({ type: 'flushed' });
        this.#active = false;
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    // No input yet (the track is still starting) or paused: nothing to send.
    if (channels?.length && !this.#paused) this.#push(this.#resampler.process(this.#mixer.mix(channels)));
    return this.#active;
  }

  #push(samples: Float32Array): void {
    for (let i = 0; i < samples.length; i++) {
      // Mute sends silence, so the service's clock and inactivity timer go on (spec §7, §8).
      const v = this.#muted ? 0 : Math.max(-1, Math.min(1, samples[i]!));
      const s = Math.round(v < 0 ? v * 32768 : v * 32767);
      this.#frame[this.#fill++] = s;
      this.#sumSquares += v * v;
      const a = v < 0 ? -v : v;
      if (a > this.#peak) this.#peak = a;
      if (this.#fill === this.#chunkSamples) this.#post(this.#fill);
    }
  }

  /**
   * Posts the frame as the main thread hands it on (an AudioFrame, plus the context time at its end): its samples
   * transferred, not copied, with its level.
   */
  #post(length: number): void {
    if (length === 0) return;
    // A full frame hands its own buffer over and a fresh one takes its place; only a last, short one is cut.
    const pcm = length === this.#chunkSamples ? this.#frame : this.#frame.slice(0, length);
    if (length === this.#chunkSamples) this.#frame = new Int16Array(this.#chunkSamples);
    this.port.postMessage({ pcm, rms: Math.sqrt(this.#sumSquares / length), peak: this.#peak, time: currentTime }, [pcm.buffer]);
    this.#fill = 0;
    this.#sumSquares = 0;
    this.#peak = 0;
  }
}

registerProcessor('earshot-capture', CaptureProcessor);
