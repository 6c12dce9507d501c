import { UsageError } from '../errors.js';
import { AudioOutbox } from './audio-outbox.js';
import type { StreamFormat } from './options.js';

/** Where the sender writes: the open connection. */
export interface AudioTarget {
  readonly isOpen: boolean;
  readonly bufferedAmount: number;
  send(chunk: Uint8Array<ArrayBuffer>): void;
  /** Audio was given for sending (it may wait: pacing, backpressure). */
  audioOffered(): void;
}

/** How the sender is set up: the stream's format and the pacing and buffering bounds. */
export interface AudioSenderOptions extends StreamFormat {
  maxBufferedMs: number;
  maxLeadMs: number;
  /** 0: keep nothing for replay. */
  replayWindowMs: number;
  highWaterBytes: number;
  /** Some audio had to be dropped: reported at once, then at most once a second with the total since. */
  onDropped(ms: number): void;
  /** The socket stopped draining (once per episode). */
  onBackpressure(bufferedBytes: number): void;
}

/** How often a blocked pump looks again at the socket's send buffer. */
const BACKPRESSURE_POLL_MS = 50;

/**
 * All outgoing audio: re-chunked into exact messages, held while there is no connection (bounded, oldest
 * dropped and reported), sent paced — never more than `maxLeadMs` ahead of real time beyond the backlog a new
 * session starts with, so a replay goes out as fast as the socket takes it and live audio catches up — held
 * back while the socket does not drain, kept after sending until the service is done with it (for replay), and
 * drained on stop.
 */
export class AudioSender {
  readonly #o: AudioSenderOptions;
  readonly #outbox: AudioOutbox;
  #target: AudioTarget | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #clockStart = 0;
  #sentMs = 0;
  #backlogMs = 0;
  #warned = false;
  #droppedBytes = 0;
  #dropTimer: ReturnType<typeof setTimeout> | undefined;
  #drain: { done(droppedMs: number): void; stallMs: number; stall?: ReturnType<typeof setTimeout> } | undefined;

  constructor(options: AudioSenderOptions) {
    this.#o = options;
    const { bytesPerMs, chunkBytes } = options;
    const maxBytes = bytesPerMs ? Math.max(chunkBytes, Math.round(options.maxBufferedMs * bytesPerMs)) : 8 * 1024 * 1024;
    this.#outbox = new AudioOutbox(chunkBytes, maxBytes, Math.round(options.replayWindowMs * bytesPerMs));
  }

  /** Milliseconds of audio waiting to be sent. */
  get bufferedMs(): number {
    return this.#ms(this.#outbox.bufferedBytes);
  }

  /** Position (ms) of the newest audio on the stream: what was sent plus what waits. */
  get clockMs(): number {
    return this.#ms(this.#outbox.takenBytes + this.#outbox.bufferedBytes);
  }

  /**
   * Queues PCM (`Int16Array` for PCM16, any `ArrayBuffer` or byte view otherwise); sends at once what pacing and
   * the socket allow. Throws a {@link UsageError} for floats and anything else.
   */
  push(audio: Int16Array | ArrayBuffer | ArrayBufferView): void {
    if (audio instanceof Float32Array || audio instanceof Float64Array) throw new UsageError('invalid_state', 'sendAudio() takes PCM16 (Int16Array), not floats');
    let bytes: Uint8Array;
    if (audio instanceof ArrayBuffer) bytes = new Uint8Array(audio);
    else if (ArrayBuffer.isView(audio)) bytes = new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength);
    else throw new UsageError('invalid_state', `sendAudio() takes an Int16Array or ArrayBuffer (got ${typeof audio})`);
    this.#target?.audioOffered();
    const dropped = this.#outbox.push(bytes);
    if (dropped > 0) {
      this.#droppedBytes += dropped;
      if (!this.#dropTimer) this.#reportDropped();
    }
    this.#pump();
  }

  /** The service is done with the audio before `ms` (a final ended there): it is never replayed. */
  release(ms: number): void {
    this.#outbox.release(this.#align(ms));
  }

  /**
   * A new session takes over: the audio the last one was not done with goes first. Returns where (ms) that
   * replay starts on the stream, and how much (ms) is replayed.
   */
  attach(target: AudioTarget): { startMs: number; replayedMs: number } {
    const sentBefore = this.#outbox.takenBytes;
    const start = this.#outbox.rewind();
    this.#target = target;
    this.#clockStart = Date.now();
    this.#sentMs = 0;
    // What waits now is a backlog the user already spoke: it may run ahead of real time on top of maxLeadMs.
    this.#backlogMs = this.#ms(this.#outbox.bufferedBytes);
    this.#pump();
    // Exact (not rounded to ms): the new session's clock starts on this very sample.
    return { startMs: this.#o.bytesPerMs ? start / this.#o.bytesPerMs : 0, replayedMs: this.#ms(sentBefore - start) };
  }

  /** The connection went away: audio is held (and kept for replay) until the next `attach`. */
  detach(): void {
    this.#target = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#drain) this.#finishDrain(this.#outbox.bufferedBytes);
  }

  /**
   * Sends everything queued, the last message padded to a whole chunk. Resolves with the ms of audio that could
   * not be sent: only when the socket made no progress for `stallMs` (time waiting on our own pacing does not
   * count) or the connection went away.
   */
  drain(stallMs: number): Promise<number> {
    return new Promise((resolve) => {
      this.#drain = { done: resolve, stallMs };
      this.#pump();
    });
  }

  /** Forgets all audio and stops reporting: the app's session ended. */
  reset(): void {
    this.detach();
    this.#outbox.reset();
    clearTimeout(this.#dropTimer);
    this.#dropTimer = undefined;
    this.#droppedBytes = 0;
  }

  #pump(): void {
    const target = this.#target;
    if (!target || this.#timer !== undefined) return;
    for (;;) {
      if (!target.isOpen) return this.#stalled();
      if (target.bufferedAmount > this.#o.highWaterBytes) {
        if (!this.#warned) {
          this.#warned = true;
          this.#o.onBackpressure(target.bufferedAmount);
        }
        this.#stalled();
        return this.#wait(BACKPRESSURE_POLL_MS);
      }
      this.#warned = false;
      if (this.#o.bytesPerMs > 0 && this.#outbox.bufferedBytes > 0) {
        const lead = this.#sentMs - this.#backlogMs - (Date.now() - this.#clockStart);
        if (lead > this.#o.maxLeadMs) {
          // Our own pacing: never counts against a stop()'s drain.
          this.#progress();
          return this.#wait(Math.ceil(lead - this.#o.maxLeadMs));
        }
      }
      let chunk = this.#outbox.next();
      if (!chunk && this.#drain) chunk = this.#outbox.tail(this.#outbox.chunkBytes, this.#o.padByte);
      if (!chunk) break;
      target.send(chunk);
      this.#sentMs += this.#o.bytesPerMs ? chunk.byteLength / this.#o.bytesPerMs : 0;
      this.#progress();
    }
    if (this.#drain && this.#outbox.bufferedBytes === 0) this.#finishDrain(0);
  }

  #wait(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, ms);
  }

  /** The socket took audio, or we hold it back ourselves: a drain is not stalled. */
  #progress(): void {
    if (this.#drain?.stall !== undefined) {
      clearTimeout(this.#drain.stall);
      this.#drain.stall = undefined;
    }
  }

  #stalled(): void {
    const drain = this.#drain;
    if (!drain || drain.stall !== undefined) return;
    drain.stall = setTimeout(() => this.#finishDrain(this.#outbox.bufferedBytes), drain.stallMs);
  }

  #finishDrain(unsentBytes: number): void {
    const drain = this.#drain;
    if (!drain) return;
    this.#drain = undefined;
    clearTimeout(drain.stall);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    drain.done(this.#ms(unsentBytes));
  }

  #reportDropped(): void {
    if (!this.#droppedBytes) {
      this.#dropTimer = undefined;
      return;
    }
    const ms = this.#ms(this.#droppedBytes);
    this.#droppedBytes = 0;
    this.#dropTimer = setTimeout(() => this.#reportDropped(), 1000);
    this.#o.onDropped(ms);
  }

  #ms(bytes: number): number {
    return this.#o.bytesPerMs ? Math.round(bytes / this.#o.bytesPerMs) : 0;
  }

  /** The first whole sample at or after `ms`: a replay never starts before a final's end, so times never go back. */
  #align(ms: number): number {
    const unit = this.#o.bytesPerSample || 1;
    return Math.ceil(Math.round((ms * this.#o.bytesPerMs * 1000) / unit) / 1000) * unit;
  }
}
