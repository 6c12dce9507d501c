/** Decodes the session's audio to 16 kHz mono PCM16 for the recognizers (emulator only: simple, not studio-grade). */
export class AudioDecoder {
  private leftover: number | undefined;
  private phase = 0;
  private last = 0;

  constructor(private readonly encoding: string, private readonly sampleRate: number) {}

  /** Bytes per second of this encoding, or 0 when it is compressed (duration unknown). */
  get bytesPerSecond(): number {
    if (this.encoding === 'pcm_s16le') return this.sampleRate * 2;
    if (this.encoding === 'pcm_mulaw') return this.sampleRate;
    return 0;
  }

  /** 16 kHz samples for one message of audio; compressed audio yields nothing. */
  decode(bytes: Buffer): Int16Array {
    let samples: Int16Array;
    if (this.encoding === 'pcm_s16le') {
      let data = bytes;
      if (this.leftover !== undefined) {
        data = Buffer.concat([Buffer.from([this.leftover]), bytes]);
        this.leftover = undefined;
      }
      if (data.length % 2) this.leftover = data[data.length - 1];
      samples = new Int16Array(data.length >> 1);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
    } else if (this.encoding === 'pcm_mulaw') {
      samples = Int16Array.from(bytes, mulawToLinear);
    } else {
      return new Int16Array(0);
    }
    return this.sampleRate === 16000 ? samples : this.resample(samples);
  }

  /** Linear interpolation to 16 kHz, continuous across calls. */
  private resample(input: Int16Array): Int16Array {
    const step = this.sampleRate / 16000;
    const out: number[] = [];
    let pos = this.phase;
    while (pos < input.length) {
      const i = Math.floor(pos);
      const a = i === 0 ? this.last : input[i - 1]!;
      const b = input[i]!;
      const frac = pos - i;
      out.push(Math.round(a + (b - a) * frac));
      pos += step;
    }
    this.phase = pos - input.length;
    if (input.length) this.last = input[input.length - 1]!;
    return Int16Array.from(out);
  }
}

function mulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}
