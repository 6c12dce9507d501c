import { UsageError } from '../errors.js';
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

/** What {@link audioSender} returns. */
export interface AudioSender {
  /** Milliseconds of audio waiting to be sent. */
  readonly bufferedMs: number;
  /** Position (ms) of the newest audio on the stream: what was sent plus what waits. */
  readonly clockMs: number;
  /**
   * Queues PCM (`Int16Array` for PCM16, any `ArrayBuffer` or byte view otherwise); sends at once what pacing and
   * the socket allow. Throws a {@link UsageError} for floats and anything else.
   */
  push(audio: Int16Array | ArrayBuffer | ArrayBufferView): void;
  /** The service is done with the audio before `ms` (a final ended there): it is never replayed. */
  release(ms: number): void;
  /**
   * A new session takes over: the audio the last one was not done with goes first. Returns where (ms) that
   * replay starts on the stream, and how much (ms) is replayed.
   */
  attach(target: AudioTarget): { startMs: number; replayedMs: number };
  /** The connection went away: audio is held (and kept for replay) until the next `attach`. */
  detach(): void;
  /**
   * Sends everything queued, the last message padded to a whole chunk. Resolves with the ms of audio that could
   * not be sent: only when the socket made no progress for `stallMs` (time waiting on our own pacing does not
   * count) or the connection went away.
   */
  drain(stallMs: number): Promise<number>;
  /**
   * Forgets all audio and stops reporting: the app's session ended. Returns the ms of audio it forgot that no
   * session took: what waited to be sent, and, with no connection, what was held to be sent again.
   */
  reset(): number;
}

/**
 * All outgoing audio, as one byte stream: re-chunked into exact messages, held while there is no connection
 * (bounded, oldest dropped and reported), sent paced — never more than `maxLeadMs` ahead of real time beyond the
 * backlog a new session starts with, so a replay goes out as fast as the socket takes it and live audio catches
 * up — held back while the socket does not drain, kept after sending until the service is done with it (for
 * replay), and drained on stop.
 *
 * The stream lives in one buffer, `buf`, holding the bytes from stream position `base` to `end`: `[base, sent)`
 * is sent audio kept for replay, `[sent, end)` waits to be sent. A position counts bytes since the stream began
 * (dropped audio never gets one), so the next session's clock starts on an exact sample. Sent bytes are never
 * overwritten (a new buffer is made to grow), so a socket may keep the views it was given.
 */
export function audioSender(o: AudioSenderOptions): AudioSender {
  const { bytesPerMs, chunkBytes } = o;
  const maxBytes = bytesPerMs ? Math.max(chunkBytes, Math.round(o.maxBufferedMs * bytesPerMs)) : 8 << 20;
  const keepBytes = Math.round(o.replayWindowMs * bytesPerMs);
  let buf = new Uint8Array(0);
  let base = 0;
  let sent = 0;
  let end = 0;
  /** Compressed encodings (chunkBytes 0): the length of each message as given, which goes out unchanged. */
  let lens: number[] = [];
  let target: AudioTarget | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let clockStart = 0;
  let sentMs = 0;
  let backlogMs = 0;
  let warned = false;
  let droppedBytes = 0;
  let dropTimer: ReturnType<typeof setTimeout> | undefined;
  /** A stop()'s drain under way: whom to tell, how long the socket may make no progress, and that timer. */
  let drained: ((unsentMs: number) => void) | undefined;
  let stallMs = 0;
  let stall: ReturnType<typeof setTimeout> | undefined;

  const ms = (bytes: number) => (bytesPerMs ? Math.round(bytes / bytesPerMs) : 0);
  /** Forgets the stream before position `p` (sent audio the service is done with, or beyond the replay window). */
  const cut = (p: number) => {
    buf = buf.subarray(p - base);
    base = p;
  };
  const reportDropped = () => {
    const d = droppedBytes;
    droppedBytes = 0;
    dropTimer = d ? setTimeout(reportDropped, 1000) : undefined;
    if (d) o.onDropped(ms(d));
  };
  const wait = (delay: number) => {
    timer = setTimeout(() => {
      timer = undefined;
      pump();
    }, delay);
  };
  /** The socket took audio, or we hold it back ourselves: a drain is not stalled. */
  const progress = () => {
    clearTimeout(stall);
    stall = undefined;
  };
  const stalled = () => {
    if (drained && stall === undefined) stall = setTimeout(() => finishDrain(end - sent), stallMs);
  };
  const finishDrain = (unsentBytes: number) => {
    const done = drained;
    if (!done) return;
    drained = undefined;
    progress();
    clearTimeout(timer);
    timer = undefined;
    done(ms(unsentBytes));
  };

  /** The next message: exactly `chunkBytes` (padded at a drain's end), or undefined when not that much waits. */
  const next = (): Uint8Array<ArrayBuffer> | undefined => {
    const left = end - sent;
    let n = chunkBytes || lens[0] || 0;
    if (left < n || !n) {
      if (!drained || !left) return undefined;
      n = left;
    }
    lens.shift();
    let chunk = buf.subarray(sent - base, sent - base + n);
    if (n < chunkBytes) {
      // The last message, padded with silence so the service accepts it (the padding is not on the stream).
      chunk = new Uint8Array(chunkBytes).fill(o.padByte);
      chunk.set(buf.subarray(sent - base, end - base));
    }
    sent += n;
    // Sent audio kept for replay: at most `keepBytes`, forgotten in whole chunks so samples stay aligned.
    if (sent - base > keepBytes) cut(Math.min(sent, base + Math.ceil((sent - base - keepBytes) / (chunkBytes || 1)) * (chunkBytes || 1)));
    return chunk;
  };

  const pump = (): void => {
    if (!target || timer !== undefined) return;
    for (;;) {
      if (!target.isOpen) return stalled();
      if (target.bufferedAmount > o.highWaterBytes) {
        if (!warned) o.onBackpressure(target.bufferedAmount);
        warned = true;
        stalled();
        return wait(50);
      }
      warned = false;
      if (bytesPerMs && end > sent) {
        const lead = sentMs - backlogMs - (Date.now() - clockStart) - o.maxLeadMs;
        if (lead > 0) {
          // Our own pacing: never counts against a stop()'s drain.
          progress();
          return wait(Math.ceil(lead));
        }
      }
      const chunk = next();
      if (!chunk) break;
      target.send(chunk);
      sentMs += bytesPerMs ? chunk.byteLength / bytesPerMs : 0;
      progress();
    }
    if (end === sent) finishDrain(0);
  };

  const detach = () => {
    target = undefined;
    clearTimeout(timer);
    timer = undefined;
    finishDrain(end - sent);
  };

  return {
    get bufferedMs() {
      return ms(end - sent);
    },
    get clockMs() {
      return ms(end);
    },
    push(audio) {
      const bytes = audio instanceof ArrayBuffer ? new Uint8Array(audio) : ArrayBuffer.isView(audio) ? new Uint8Array(audio.buffer, audio.byteOffset, audio.byteLength) : undefined;
      // Floats would be sent as noise: PCM16 only (or the bytes of another encoding).
      if (!bytes || audio instanceof Float32Array || audio instanceof Float64Array) {
        throw new UsageError('invalid_state', `sendAudio() takes PCM16 as an Int16Array, ArrayBuffer or byte view, not ${(audio as object)?.constructor?.name ?? typeof audio}`);
      }
      target?.audioOffered();
      const n = bytes.byteLength;
      if (!n) return;
      const live = end - base;
      if (live + n > buf.length) {
        // Grown into a new buffer: views handed to the socket stay as they were.
        const grown = new Uint8Array(2 * (live + n));
        grown.set(buf.subarray(0, live));
        buf = grown;
      }
      buf.set(bytes, live);
      end += n;
      if (!chunkBytes) lens.push(n);
      // Past the bound the oldest waiting audio goes, in whole messages, so PCM stays sample-aligned.
      let d = 0;
      while (end - sent - d > maxBytes) d += chunkBytes || lens.shift()!;
      d = Math.min(d, end - sent);
      if (d) {
        buf.copyWithin(sent - base, sent - base + d, end - base);
        end -= d;
        droppedBytes += d;
        if (!dropTimer) reportDropped();
      }
      pump();
    },
    release(atMs) {
      // The first whole sample at or after `atMs`: a replay never starts before a final's end, so times never go back.
      const unit = o.bytesPerSample || 1;
      cut(Math.max(base, Math.min(sent, Math.ceil(Math.round((atMs * bytesPerMs * 1000) / unit) / 1000) * unit)));
    },
    attach(t) {
      const replayed = sent - base;
      // The audio kept for replay goes out first: the new session's clock starts on its first sample.
      sent = base;
      target = t;
      clockStart = Date.now();
      sentMs = 0;
      // What waits now is a backlog the user already spoke: it may run ahead of real time on top of maxLeadMs.
      backlogMs = ms(end - sent);
      // Exact (not rounded to ms): the new session's clock starts on this very sample. Read before pump(): a
      // backlog longer than the replay window is trimmed as it is sent, which moves `base` past that sample.
      const startMs = bytesPerMs ? base / bytesPerMs : 0;
      pump();
      return { startMs, replayedMs: ms(replayed) };
    },
    detach,
    drain(ms) {
      return new Promise((done) => {
        drained = done;
        stallMs = ms;
        pump();
      });
    },
    reset() {
      const lost = ms(end - (target ? sent : base));
      detach();
      buf = new Uint8Array(0);
      base = sent = end = 0;
      lens = [];
      clearTimeout(dropTimer);
      dropTimer = undefined;
      droppedBytes = 0;
      return lost;
    },
  };
}
