// The background level of a stream, in 10 ms frames of 16 kHz audio, and whether a stretch of it (a recognized
// word) stands out from it. Plain JavaScript: the PocketSphinx worker loads it from src and dist alike.

/** How far (dB) a word's loudest frame must rise above the background to count as speech. Measured (`pnpm
 * bench`): words decoded from a noise floor rise 0–4 dB above it; real words 13 dB and more, human read speech included. */
export const NOISE_MARGIN_DB = 8;
/** The background is the 10th percentile of the frames in the 5 s before a word (and the word itself). */
const WINDOW_FRAMES = 500;
const PERCENTILE = 0.1;
const FRAME = 160;

export class NoiseFloor {
  /** Energy (dB) of every whole frame since the stream started. */
  #db = new Float32Array(1 << 12);
  #frames = 0;
  #partial = new Int16Array(FRAME);
  #partialLength = 0;

  /** Adds audio (16 kHz PCM16). */
  feed(samples) {
    let i = 0;
    if (this.#partialLength) {
      const take = Math.min(FRAME - this.#partialLength, samples.length);
      this.#partial.set(samples.subarray(0, take), this.#partialLength);
      this.#partialLength += take;
      i = take;
      if (this.#partialLength === FRAME) {
        this.#push(this.#partial, 0);
        this.#partialLength = 0;
      }
    }
    for (; i + FRAME <= samples.length; i += FRAME) this.#push(samples, i);
    if (i < samples.length) {
      this.#partial.set(samples.subarray(i), 0);
      this.#partialLength = samples.length - i;
    }
  }

  /** Whether frames [from, to) rise NOISE_MARGIN_DB over the background before them; true when unknown. */
  standsOut(from, to) {
    const end = Math.min(to, this.#frames);
    if (end <= from) return true;
    let peak = -Infinity;
    for (let f = from; f < end; f++) peak = Math.max(peak, this.#db[f]);
    // Exact digital silence (a muted microphone) says nothing about the room: left out of the background.
    const window = Array.from(this.#db.subarray(Math.max(0, from - WINDOW_FRAMES), end)).filter((d) => d > 0);
    if (window.length < 10) return true;
    window.sort((a, b) => a - b);
    return peak - window[Math.floor(window.length * PERCENTILE)] >= NOISE_MARGIN_DB;
  }

  #push(samples, at) {
    let sum = 0;
    for (let j = at; j < at + FRAME; j++) sum += samples[j] * samples[j];
    if (this.#frames === this.#db.length) {
      const grown = new Float32Array(this.#db.length * 2);
      grown.set(this.#db);
      this.#db = grown;
    }
    // +1 keeps pure zeros at exactly 0 dB (and out of the background).
    this.#db[this.#frames++] = 10 * Math.log10(sum / FRAME + 1);
  }
}
