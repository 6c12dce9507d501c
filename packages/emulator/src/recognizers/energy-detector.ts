/**
 * Finds speech by energy in 10 ms frames of 16 kHz audio: a frame is speech when it is 12 dB over the
 * tracked noise floor (and over an absolute floor, so pure digital silence never counts); speech starts after
 * 3 speech frames in a row.
 */
export class EnergyDetector {
  private noise = 30;
  private run = 0;
  private leftover = new Int16Array(0);
  /** Frames (10 ms) seen so far. */
  frames = 0;

  /** Calls `onFrame(isSpeech, frameIndex)` for every whole 10 ms frame in `samples`. */
  feed(samples: Int16Array, onFrame: (speech: boolean, frame: number) => void): void {
    const data = this.leftover.length ? concat(this.leftover, samples) : samples;
    let i = 0;
    for (; i + 160 <= data.length; i += 160) {
      let sum = 0;
      for (let j = i; j < i + 160; j++) sum += data[j]! * data[j]!;
      const rms = Math.sqrt(sum / 160);
      const loud = rms > Math.max(this.noise * 4, 150);
      if (!loud) this.noise = this.noise * 0.95 + rms * 0.05;
      this.run = loud ? this.run + 1 : 0;
      onFrame(this.run >= 3 || (loud && this.run > 0 && this.inSpeech), this.frames++);
    }
    this.leftover = data.slice(i);
  }

  /** Set by the user of the detector: loud frames inside speech count at once. */
  inSpeech = false;
}

function concat(a: Int16Array, b: Int16Array): Int16Array {
  const out = new Int16Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
