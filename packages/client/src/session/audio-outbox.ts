/**
 * The one bounded buffer all outgoing audio flows through. It re-chunks whatever it is given into messages
 * of exactly `chunkBytes` (the byte stream stays exact), drops the oldest audio past `maxBytes` and says how
 * much, and keeps what it handed out for sending (up to `retainBytes`) until the service has finished with
 * it — so after a dropped connection that audio can be replayed to the next session.
 */
export class AudioOutbox {
  #segments: Uint8Array<ArrayBuffer>[] = [];
  #head = 0;
  #pending = 0;
  /** Sent audio not yet released, oldest first, with its stream position. */
  #history: { at: number; bytes: Uint8Array<ArrayBuffer> }[] = [];
  #historyBytes = 0;
  /** Stream position (bytes since the stream began) of the next byte to be handed out. */
  takenBytes = 0;

  /**
   * @param chunkBytes bytes per message, or 0 to pass segments through unchanged (compressed encodings).
   * @param maxBytes bound on the audio held; past it the oldest is dropped.
   * @param retainBytes bound on the sent audio kept for replay (0: none).
   */
  constructor(readonly chunkBytes: number, readonly maxBytes: number, readonly retainBytes = 0) {}

  /**
   * Forgets sent audio before stream position `position`: the service has finished with it (a final turn
   * ended there).
   */
  release(position: number): void {
    while (this.#history.length && this.#history[0]!.at + this.#history[0]!.bytes.byteLength <= position) {
      this.#historyBytes -= this.#history.shift()!.bytes.byteLength;
    }
    // Cut inside a message too, so a replay starts at exactly `position`, not at the start of its chunk.
    const first = this.#history[0];
    if (first && first.at < position) {
      const cut = position - first.at;
      this.#history[0] = { at: position, bytes: first.bytes.subarray(cut) };
      this.#historyBytes -= cut;
    }
  }

  /**
   * Puts the sent audio that was not released back in front of what waits to be sent, and returns the stream
   * position where it begins — the start of the next session's audio clock.
   */
  rewind(): number {
    const start = this.#history[0]?.at ?? this.takenBytes;
    if (this.#history.length) {
      const replay = this.#history.map((h) => h.bytes);
      if (this.#head) {
        this.#segments[0] = this.#segments[0]!.subarray(this.#head);
        this.#head = 0;
      }
      this.#segments.unshift(...replay);
      this.#pending += this.#historyBytes;
    }
    this.#history = [];
    this.#historyBytes = 0;
    this.takenBytes = start;
    return start;
  }

  #retain(at: number, bytes: Uint8Array<ArrayBuffer>): void {
    if (!this.retainBytes) return;
    this.#history.push({ at, bytes });
    this.#historyBytes += bytes.byteLength;
    while (this.#historyBytes > this.retainBytes) this.#historyBytes -= this.#history.shift()!.bytes.byteLength;
  }

  /** Bytes waiting to be sent. */
  get bufferedBytes(): number {
    return this.#pending;
  }

  /** Appends a copy of `bytes`. Returns how many bytes of the oldest audio had to be dropped (0 normally). */
  push(bytes: Uint8Array): number {
    if (bytes.byteLength === 0) return 0;
    this.#segments.push(bytes.slice());
    this.#pending += bytes.byteLength;
    let dropped = 0;
    // Drop whole chunks (not odd bytes) so PCM sample alignment survives.
    const unit = this.chunkBytes || 1;
    while (this.#pending > this.maxBytes) {
      const excess = this.#pending - this.maxBytes;
      dropped += this.#discard(Math.ceil(excess / unit) * unit);
    }
    return dropped;
  }

  /** The next message: exactly `chunkBytes`, or undefined when less than that is buffered. */
  next(): Uint8Array<ArrayBuffer> | undefined {
    if (this.chunkBytes === 0) {
      const seg = this.#segments.shift();
      if (!seg) return undefined;
      const out = seg.subarray(this.#head);
      this.#head = 0;
      this.#pending -= out.byteLength;
      this.#retain(this.takenBytes, out);
      this.takenBytes += out.byteLength;
      return out;
    }
    if (this.#pending < this.chunkBytes) return undefined;
    return this.#take(this.chunkBytes, this.chunkBytes);
  }

  /**
   * Whatever is left (less than one chunk), padded with `padByte` up to `minBytes` so the service accepts it;
   * undefined when nothing is left. Used once, when the session stops.
   */
  tail(minBytes: number, padByte: number): Uint8Array<ArrayBuffer> | undefined {
    if (this.#pending === 0) return undefined;
    if (this.chunkBytes === 0) return this.next();
    const size = this.#pending;
    return this.#take(size, Math.max(size, minBytes), padByte);
  }

  /** Forgets all buffered audio and the counters. */
  reset(): void {
    this.#segments = [];
    this.#head = 0;
    this.#pending = 0;
    this.#history = [];
    this.#historyBytes = 0;
    this.takenBytes = 0;
  }

  #take(size: number, outSize: number, padByte = 0): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(outSize);
    if (padByte !== 0) out.fill(padByte, size);
    let filled = 0;
    while (filled < size) {
      const seg = this.#segments[0]!;
      const n = Math.min(size - filled, seg.byteLength - this.#head);
      out.set(seg.subarray(this.#head, this.#head + n), filled);
      filled += n;
      this.#advance(n);
    }
    this.#retain(this.takenBytes, out.subarray(0, size));
    this.takenBytes += size;
    return out;
  }

  #discard(size: number): number {
    let left = Math.min(size, this.#pending);
    const total = left;
    while (left > 0) {
      const n = Math.min(left, this.#segments[0]!.byteLength - this.#head);
      this.#advance(n);
      left -= n;
    }
    return total;
  }

  #advance(n: number): void {
    this.#head += n;
    this.#pending -= n;
    if (this.#head === this.#segments[0]!.byteLength) {
      this.#segments.shift();
      this.#head = 0;
    }
  }
}
