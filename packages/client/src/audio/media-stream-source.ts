import { EarshotError, UsageError, type CaptureError } from '../errors.js';
import type { AudioFormat, AudioFrame, AudioSource, CaptureWarning } from './audio-source.js';
import { assertCaptureSupported } from './browser-support.js';
import { watchContext } from './context-watch.js';
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

/** What the worklet posts: a frame with the context time (s) at its end, or (no `pcm`) `flushed`. */
type WorkletMessage = AudioFrame & { time: number };

/** Ends every track of `stream` (the browser's recording indicator goes off). */
export const stopTracks = (stream: MediaStream | undefined): void => stream?.getTracks().forEach((t) => t.stop());

/**
 * Transcribes any MediaStream with audio: a `<video>`'s `captureStream()`, a WebRTC track, `getDisplayMedia`.
 * The AudioContext runs at the device's own rate; the worklet resamples. Never forces 16 kHz.
 */
export class MediaStreamSource implements AudioSource {
  protected stream: MediaStream | undefined;
  #context: AudioContext | undefined;
  #input: MediaStreamAudioSourceNode | undefined;
  #node: AudioWorkletNode | undefined;
  /** Rejects the start() in progress with `aborted` (set by start(), called by stop()). */
  #cancel: (() => void) | undefined;
  #muted = false;
  /** pause() before the worklet node exists (a permission prompt, the worklet loading): it is made paused. */
  #paused = false;
  /** Stops the AudioContext's watch (see context-watch.ts). */
  #unwatch: (() => void) | undefined;
  /** Bumped by stop(): a start() still waiting (for permission, say) sees it and gives up. */
  #generation = 0;
  /** Context time (s) at the end of the last frame, for latency measurements. */
  lastFrameTime = 0;
  /**
   * Set by the Transcriber: the device went away, the AudioContext stayed suspended (`audio_suspended`), or the
   * app closed the `audioContext` it shared (a `UsageError` `invalid_state`; the tracks are released).
   */
  declare ondeviceerror?: ((error: CaptureError) => void) | null;
  /** Set by the Transcriber: the AudioContext is suspended or interrupted. */
  declare onwarning?: ((warning: CaptureWarning) => void) | null;

  /** @throws {UsageError} `invalid_state` when `stream` is not a MediaStream. */
  constructor(stream: MediaStream, protected readonly options: MediaStreamSourceOptions = {}) {
    // Checked here, where the mistake is; a subclass (the microphone) opens its own stream in openStream().
    if (new.target === MediaStreamSource && !stream?.getAudioTracks) {
      throw new UsageError('invalid_state', `MediaStreamSource needs a MediaStream, got ${{}.toString.call(stream).slice(8, -1)}`);
    }
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

  /**
   * Starts capture. Resolves once audio flows: when the AudioContext is suspended (an autoplay policy without a
   * user gesture), `onwarning` reports `audio_suspended` at once and start() waits until it runs — on the next
   * user gesture on the page, or {@link resumeAudio} called from one.
   * @throws {CaptureError} `unsupported_browser` (naming what is missing), the microphone's errors, `worklet_load_failed`.
   */
  async start(format: AudioFormat, onFrame: (frame: AudioFrame) => void): Promise<void> {
    const o = this.options;
    const channel = o.channel ?? 'auto';
    // No stream yet: this is the microphone, which opens one with getUserMedia.
    assertCaptureSupported(!this.stream);
    assertChannelSelection(channel);
    const generation = ++this.#generation;
    // A (re)started source delivers: only a pause() from here on, while it starts, holds it.
    this.#paused = false;
    const aborted = (): EarshotError => new EarshotError('aborted', 'Cancelled');
    // stop() rejects it at once: each wait below (a permission prompt nobody answers, the worklet loading, a
    // suspended context) ends when stop() is called, not when the browser gets round to answering.
    const cancelled = new Promise<never>((_, reject) => (this.#cancel = () => reject(aborted())));
    const step = <T>(waiting: Promise<T>): Promise<T> =>
      Promise.race([waiting, cancelled]).then((value) => {
        if (generation !== this.#generation) throw aborted();
        return value;
      });
    const context = (this.#context = o.audioContext ?? new AudioContext());
    let stream: MediaStream | undefined;
    let capturing = false;
    try {
      // The worklet loads before the device opens: a track produces audio from the moment it opens, and what it
      // produces before the graph is connected is lost, so nothing may be awaited between the two. (Loading first
      // costs no start-up time that matters: audio is held until Begin, which takes longer than both.)
      await step(loadCaptureWorklet(context, o.workletUrl));
      const opening = this.openStream();
      // A permission prompt answered after stop(): the device it opens is closed at once.
      opening.then((late) => void (generation !== this.#generation && this.#release(undefined, late)), () => undefined);
      stream = await step(opening);
      // Known at once, so that a failure from here on (a node that cannot be made, a stream that cannot be
      // connected) ends the tracks too: the clean-up stop() releases this.stream.
      this.stream = stream;
      // Up to two channels reach the processor as they are (more are mixed to stereo by the browser): its own
      // downmix avoids the comb filter of a plain L+R when the channels are offset (ChannelMixer). One input, two
      // channels and their speaker interpretation are AudioWorkletNode's defaults.
      const node = (this.#node = new AudioWorkletNode(context, 'earshot-capture', {
        numberOfOutputs: 0,
        channelCountMode: 'clamped-max',
        processorOptions: { ...format, channel, muted: this.#muted, paused: this.#paused },
      }));
      // Frames only: stop() takes the port over to wait for the worklet's 'flushed'.
      node.port.onmessage = ({ data: m }: MessageEvent<WorkletMessage>) => {
        this.lastFrameTime = m.time;
        onFrame(m);
      };
      this.replaceStream(stream);
      // Resolves once audio flows: a suspended context (autoplay) holds start() until it runs, or until stop().
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      this.#unwatch = watchContext(context, this, o.suspendedErrorMs ?? 5000, () => {
        started();
        // The app closed the context it shared mid-capture: no audio can flow again. Said at once (the stall
        // watchdog would only notice seconds later, and not why), and the device is released.
        if (capturing && context.state === 'closed' && generation === this.#generation) {
          this.ondeviceerror?.(new UsageError('invalid_state', 'The audioContext was closed while capturing: keep it open until stop()'));
          void this.stop();
        }
      });
      await step(running);
      // The app closed the context it shared while start() waited for it to run: it never will.
      if (context.state === 'closed') throw new UsageError('invalid_state', 'The audioContext was closed before capture started: pass an open one');
      capturing = true;
    } catch (err) {
      const superseded = generation !== this.#generation;
      // stop() came meanwhile (a permission prompt, say): release what it could not see. What failed after it
      // (a worklet loading into the context it closed) failed because of it: the outcome is `aborted`.
      await (superseded ? this.#release(context, stream) : this.stop());
      throw superseded ? aborted() : err;
    }
  }

  /** Resumes a suspended AudioContext. Call it from a user gesture (a click or key handler). */
  async resumeAudio(): Promise<void> {
    await this.#context?.resume();
  }

  async stop(): Promise<void> {
    this.#generation++;
    this.#cancel?.();
    this.#unwatch?.();
    const stream = this.stream;
    const context = this.#context;
    const node = this.#node;
    const input = this.#input;
    // Forgotten at once, not after the flush: a start() right after this stop() (resume, then stop, then resume)
    // makes its own, which this stop() must neither clear nor close.
    this.#cancel = this.#unwatch = this.#node = this.#context = this.#input = undefined;
    // The worklet sends the partial frame it holds before it ends, so the last words are sent too: awaited for a
    // bounded time, whatever the context's state (a suspended context's worklet still answers its port in
    // Chromium, with the audio captured before the suspension; a closed one costs only the bound).
    if (node) {
      const port = node.port;
      const frames = port.onmessage;
      await new Promise<void>((resolve) => {
        // Flushed in time: the bound's timer goes too (nothing of a stopped source stays scheduled).
        const timer = setTimeout(resolve, 200);
        port.onmessage = (e: MessageEvent<WorkletMessage>) => (e.data.pcm ? frames?.call(port, e) : (clearTimeout(timer), resolve()));
        port.postMessage({ type: 'stop' });
      });
      port.onmessage = null;
      input?.disconnect();
      node.disconnect();
    }
    await this.#release(context, stream);
  }

  /** Ends the tracks (with `stopTracks`) and closes the context (unless it is the app's). */
  async #release(context: AudioContext | undefined, stream: MediaStream | undefined): Promise<void> {
    const o = this.options;
    if (o.stopTracks) stopTracks(stream);
    // A second close() rejects, and Firefox still reads `suspended` after closing one that never ran (a stop()
    // during an autoplay-held start() closes it, then start()'s own clean-up comes here): nothing to report then.
    if (!o.audioContext && context && context.state !== 'closed') await context.close().catch(() => undefined);
  }

  /** Captures from `stream` (again: a replaced or re-plugged device), without a gap in the frames. */
  protected replaceStream(stream: MediaStream): void {
    const node = this.#node;
    if (!node) return;
    this.#input?.disconnect();
    (this.#input = this.#context!.createMediaStreamSource(stream)).connect(node);
    this.stream = stream;
  }

  pause(): void {
    this.#post('pause', (this.#paused = true));
  }

  resume(): void {
    this.#post('pause', (this.#paused = false));
  }

  setMuted(muted: boolean): void {
    this.#post('mute', (this.#muted = muted));
  }

  #post(type: string, value?: boolean): void {
    this.#node?.port.postMessage({ type, value });
  }

  /** The stream to capture; the microphone source opens its own here. */
  protected async openStream(): Promise<MediaStream> {
    return this.stream!;
  }
}
