import type { CaptureError } from '../errors.js';
import type { AudioFormat, AudioFrame, AudioSource } from '../audio/audio-source.js';
import type { DeviceInfo } from '../audio/microphone-source.js';
import { aborted } from './deadline.js';
import { reportUncaught } from './event-surface.js';

/** What a {@link Capture} reports. A frame handler that throws is reported, never thrown into the source. */
export interface CaptureHandlers {
  frame(frame: AudioFrame): void;
  deviceChange(device: DeviceInfo): void;
  /** No device left: capture cannot go on. */
  deviceError(error: CaptureError): void;
}

/**
 * One audio source's life: start, pause (optionally releasing the device), resume, mute and stop — stop always
 * releases the device (tracks ended, AudioContext closed by the source) and is safe to call from any path, any
 * number of times. Shared by the Transcriber and `@earshot/vad`'s HandsFree.
 */
export class Capture {
  readonly #format: AudioFormat;
  readonly #handlers: CaptureHandlers;
  #source: AudioSource | undefined;
  #paused = false;
  /** Paused with the device closed: resume() starts the source again. */
  #released = false;
  #muted = false;
  #stopping: Promise<void> | undefined;
  /** The source whose start() is under way (a permission prompt, the worklet loading). */
  #opening: AudioSource | undefined;
  /** The device release of the latest `pause(true)`. */
  #releasing: Promise<void> | undefined;
  /** Bumped by stop() at once: a start() or resume() still waiting sees it and rejects with `aborted`. */
  #generation = 0;

  constructor(format: AudioFormat, handlers: CaptureHandlers) {
    this.#format = format;
    this.#handlers = handlers;
  }

  /** The source while it runs (and while it stops: its last frame is still delivered). */
  get source(): AudioSource | undefined {
    return this.#source;
  }

  get isPaused(): boolean {
    return this.#paused;
  }

  /**
   * Starts `source`; rejects (and leaves nothing open) when capture cannot start, and with `aborted` when stop()
   * comes first.
   */
  async start(source: AudioSource): Promise<void> {
    const h = this.#handlers;
    const generation = this.#generation;
    this.#source = source;
    this.#paused = this.#released = false;
    source.setMuted(this.#muted);
    source.ondevicechange = (device) => h.deviceChange(device);
    source.ondeviceerror = (error) => h.deviceError(error);
    await this.#open(source, generation);
  }

  /**
   * Stops delivering frames; with `release` the device is closed too (resume() opens it again). While the source
   * still starts it is recorded and takes effect once the source is open (start() then resolves paused, the
   * device closed with `release`): it never cancels the start.
   */
  async pause(release = false): Promise<void> {
    const source = this.#source;
    // Stopping: the source is being released for good, and stop() has ended the paused state.
    if (!source || this.#paused || this.#stopping) return;
    this.#paused = true;
    this.#released = release;
    // Told now as well: a source that can (MediaStreamSource) then starts paused, capturing nothing meanwhile.
    if (this.#opening === source) return source.pause();
    if (release) await (this.#releasing = source.stop());
    else source.pause();
  }

  /** Delivers frames again (re-opening the device if pause released it); rejects with `aborted` when stop() comes first. */
  async resume(): Promise<void> {
    const source = this.#source;
    if (!source || !this.#paused) return;
    this.#paused = false;
    // Paused while it started, and still starting: the start goes on unpaused.
    if (this.#opening === source) return void ((this.#released = false), source.resume());
    if (this.#released) {
      this.#released = false;
      const generation = this.#generation;
      // A release still under way (pause() not awaited) ends first: opening meanwhile would race its clean-up,
      // which would then forget the new AudioContext (left running). Its failure is pause()'s to report.
      await this.#releasing?.catch(() => undefined);
      // stop() began meanwhile (Pause, Resume, Stop clicked in quick succession): the device stays closed.
      if (generation !== this.#generation) throw aborted();
      // Paused again meanwhile: that pause() is the latest word.
      if (!this.#paused) await this.#open(source, generation);
    } else source.resume();
  }

  setMuted(muted: boolean): void {
    this.#source?.setMuted((this.#muted = muted));
  }

  get isMuted(): boolean {
    return this.#muted;
  }

  /** Stops and releases the source; the same promise for every caller while it stops. Rejects if the source's stop failed. */
  stop(): Promise<void> {
    const source = this.#source;
    if (!source) return this.#stopping ?? Promise.resolve();
    this.#generation++;
    this.#paused = false;
    return (this.#stopping ??= (async () => {
      try {
        await source.stop();
      } finally {
        source.ondevicechange = source.ondeviceerror = null;
        if (this.#source === source) this.#source = undefined;
        this.#stopping = undefined;
      }
    })());
  }

  /**
   * Starts `source`; a stop() meanwhile (a source that resolves anyway) makes it `aborted`, and a pause() meanwhile
   * takes effect now that it is open.
   */
  async #open(source: AudioSource, generation: number): Promise<void> {
    this.#opening = source;
    try {
      await source.start(this.#format, (frame) => {
        if (this.#source !== source) return;
        try {
          this.#handlers.frame(frame);
        } catch (error) {
          reportUncaught(error, 'frame');
        }
      });
    } finally {
      if (this.#opening === source) this.#opening = undefined;
    }
    if (generation !== this.#generation) throw aborted();
    // Paused while it started: a started source delivers (the contract), so it is paused, or closed, now.
    if (this.#paused) {
      if (this.#released) await (this.#releasing = source.stop());
      else source.pause();
    }
  }
}
