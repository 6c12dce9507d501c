import { CaptureError, EarshotError } from '../errors.js';
import type { AudioFormat, AudioFrame, AudioSource, CaptureWarning } from './audio-source.js';
import { assertCaptureSupported } from './browser-support.js';
import { ContextWatch } from './context-watch.js';
import { assertChannelSelection, type ChannelSelection } from './channel-mixer.js';
import { loadCaptureWorklet } from './worklet-loader.js';

/** Options of {@link MediaStreamSource}. */
export interface MediaStreamSourceOptions {
  /** Use this AudioContext (shared with the app); default: a new one at the device's own rate. */
  audioContext?: AudioContext;
  /** Where the worklet is served (strict CSP). Default: inline (Blob URL, then data: URL). */
  workletUrl?: string | URL;
  /**
   * Which channel(s) of a stereo stream to transcribe: `'auto'` (default) mixes channels that carry one signal
   * in step and otherwise takes the louder one (no comb filter when a browser or a spaced stereo microphone
   * delivers the channels a few milliseconds apart); `'mix'` averages them; `0` or `1` takes one channel.
   * @throws {RangeError} from `start()` for a negative or fractional index.
   */
  channel?: ChannelSelection;
  /** Stop the stream's tracks on `stop()`. Default false: the app owns a stream it passed in. */
  stopTracks?: boolean;
  /**
   * How long the AudioContext may stay suspended or interrupted mid-capture, though resumed where the browser
   * allows, before `ondeviceerror` reports `audio_suspended` (ms). Default 5000.
   */
  suspendedErrorMs?: number;
}

interface WorkletMessage {
  type: 'frame' | 'flushed';
  pcm?: ArrayBuffer;
  rms?: number;
  peak?: number;
  time?: number;
}

/**
 * Transcribes any MediaStream with audio: a `<video>`'s `captureStream()`, a WebRTC track, `getDisplayMedia`.
 * The AudioContext runs at the device's own rate; the worklet resamples. Never forces 16 kHz.
 */
export class MediaStreamSource implements AudioSource {
  protected stream: MediaStream | undefined;
  #context: AudioContext | undefined;
  #ownsContext = false;
  #input: MediaStreamAudioSourceNode | undefined;
  #node: AudioWorkletNode | undefined;
  #onFlushed: (() => void) | undefined;
  #muted = false;
  #watch: ContextWatch | undefined;
  /** Bumped by stop(): a start() still waiting (for permission, say) sees it and gives up. */
  #generation = 0;
  /** Context time (s) at the end of the last frame, for latency measurements. */
  lastFrameTime = 0;

  constructor(stream: MediaStream | undefined, protected readonly options: MediaStreamSourceOptions = {}) {
    this.stream = stream;
  }

  /** The AudioContext in use while started (its `sampleRate` is the device's). */
  get audioContext(): AudioContext | undefined {
    return this.#context;
  }

  /** The MediaStream being captured while started. */
  get mediaStream(): MediaStream | undefined {
    return this.stream;
  }

  /** Set by the Transcriber: the device went away, or the AudioContext stayed suspended (`audio_suspended`). */
  ondeviceerror: ((error: CaptureError) => void) | null = null;
  /** Set by the Transcriber: the AudioContext is suspended or interrupted. */
  onwarning: ((warning: CaptureWarning) => void) | null = null;

  /**
   * Starts capture. Resolves once audio flows: when the AudioContext is suspended (an autoplay policy without a
   * user gesture), `onwarning` reports `audio_suspended` at once and start() waits until it runs — on the next
   * user gesture on the page, or {@link resumeAudio} called from one.
   * @throws {CaptureError} `unsupported_browser` (naming what is missing), the microphone's errors, `worklet_load_failed`.
   */
  async start(format: AudioFormat, onFrame: (frame: AudioFrame) => void): Promise<void> {
    assertCaptureSupported(this.needsMicrophone);
    assertChannelSelection(this.options.channel ?? 'auto');
    const generation = ++this.#generation;
    const context = this.options.audioContext ?? new AudioContext();
    this.#ownsContext = !this.options.audioContext;
    this.#context = context;
    try {
      // The worklet loads before the device opens: a track produces audio from the moment it opens, and what it
      // produces before the graph is connected is lost, so nothing may be awaited between the two. (Loading first
      // costs no start-up time that matters: audio is held until Begin, which takes longer than both.)
      await loadCaptureWorklet(context, this.options.workletUrl);
      if (generation !== this.#generation) throw new EarshotError('aborted', 'Cancelled');
      const stream = await this.openStream();
      this.stream = stream;
      if (generation !== this.#generation) {
        // stop() came while the stream was opening (a permission prompt, say): release it at once.
        if (this.options.stopTracks) stream.getTracks().forEach((t) => t.stop());
        throw new EarshotError('aborted', 'Cancelled');
      }
      const node = new AudioWorkletNode(context, 'earshot-capture', {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        // Up to two channels reach the processor as they are (more are mixed to stereo by the browser): its
        // own downmix avoids the comb filter of a plain L+R when the channels are offset (ChannelMixer).
        channelCount: 2,
        channelCountMode: 'clamped-max',
        channelInterpretation: 'speakers',
        processorOptions: { targetRate: format.sampleRate, chunkSamples: format.chunkSamples, channel: this.options.channel ?? 'auto' },
      });
      node.port.onmessage = (event: MessageEvent<WorkletMessage>) => {
        const m = event.data;
        if (m.type === 'flushed') this.#onFlushed?.();
        else if (m.pcm) {
          this.lastFrameTime = m.time ?? 0;
          onFrame({ pcm: new Int16Array(m.pcm), rms: m.rms ?? 0, peak: m.peak ?? 0 });
        }
      };
      node.port.postMessage({ type: 'mute', value: this.#muted });
      this.#input = context.createMediaStreamSource(stream);
      this.#input.connect(node);
      this.#node = node;
      const watch = new ContextWatch(context, this.#watchHandlers(), { recoverMs: this.options.suspendedErrorMs ?? 5000 });
      this.#watch = watch;
      watch.start();
      await watch.whenRunning();
      if (generation !== this.#generation) throw new EarshotError('aborted', 'Cancelled');
    } catch (err) {
      if (generation === this.#generation) await this.stop();
      else if (this.#ownsContext && context.state !== 'closed') await context.close();
      throw err;
    }
  }

  /** Resumes a suspended AudioContext. Call it from a user gesture (a click or key handler). */
  async resumeAudio(): Promise<void> {
    await this.#watch?.resume();
  }

  #watchHandlers(): ConstructorParameters<typeof ContextWatch>[1] {
    return {
      suspended: ({ state, atStart }) => {
        const message = atStart
          ? `The AudioContext is ${state} (the browser's autoplay policy: no user gesture yet): capture starts when it runs. Call resume() from a click or key handler; Earshot also resumes it on the next user gesture.`
          : `The AudioContext was ${state} (an interruption, or the page or system suspended it): no audio flows. Resuming; if it stays ${state}, call resume() from a user gesture.`;
        this.onwarning?.({ code: 'audio_suspended', message, state, atStart });
      },
      running: () => undefined,
      unrecovered: ({ state, afterMs }) => {
        this.ondeviceerror?.(new CaptureError('audio_suspended', `The AudioContext stayed ${state} for ${afterMs} ms: no audio flows. Call resume() from a user gesture.`, { retriable: true }));
      },
    };
  }

  async stop(): Promise<void> {
    this.#generation++;
    this.#watch?.stop();
    this.#watch = undefined;
    const node = this.#node;
    if (node && this.#context?.state === 'running') {
      // Ask the worklet for the partial frame it holds, so the last words are sent too (bounded wait).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.#onFlushed = () => {
          clearTimeout(timer);
          resolve();
        };
        node.port.postMessage({ type: 'flush' });
      });
    }
    this.#onFlushed = undefined;
    node?.port.postMessage({ type: 'stop' });
    if (node) node.port.onmessage = null;
    this.#input?.disconnect();
    node?.disconnect();
    this.#input = undefined;
    this.#node = undefined;
    if (this.#ownsContext && this.#context && this.#context.state !== 'closed') await this.#context.close();
    this.#context = undefined;
    if (this.options.stopTracks) this.stream?.getTracks().forEach((t) => t.stop());
  }

  /** Captures from `stream` instead, without a gap in the frames (a replaced or re-plugged device). */
  protected replaceStream(stream: MediaStream): void {
    const context = this.#context;
    const node = this.#node;
    if (!context || !node) return;
    this.#input?.disconnect();
    this.#input = context.createMediaStreamSource(stream);
    this.#input.connect(node);
    this.stream = stream;
  }

  pause(): void {
    this.#node?.port.postMessage({ type: 'pause', value: true });
  }

  resume(): void {
    this.#node?.port.postMessage({ type: 'pause', value: false });
  }

  setMuted(muted: boolean): void {
    this.#muted = muted;
    this.#node?.port.postMessage({ type: 'mute', value: muted });
  }

  /** Whether start() needs getUserMedia (the microphone source does). */
  protected get needsMicrophone(): boolean {
    return false;
  }

  /** The stream to capture; the microphone source opens its own here. */
  protected async openStream(): Promise<MediaStream> {
    if (!this.stream) throw new TypeError('MediaStreamSource needs a MediaStream');
    return this.stream;
  }
}
