// The anti-aliasing resampler (issue #4 §3): frequency response, continuity across calls, exact length.
import { describe, expect, it } from 'vitest';
import { Resampler } from '../../src/audio/resampler.js';

const tone = (freq: number, rate: number, seconds: number, amp = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));

/** Level (dB relative to `amp`) of the `freq` component in `x` at `rate`, ignoring the edges. */
function levelDb(x: Float32Array, freq: number, rate: number, amp = 0.5): number {
  const start = Math.floor(x.length * 0.2);
  const end = Math.floor(x.length * 0.8);
  let re = 0;
  let im = 0;
  for (let i = start; i < end; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * freq * i) / rate);
    im += x[i]! * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  const magnitude = (2 * Math.hypot(re, im)) / (end - start);
  return 20 * Math.log10(magnitude / amp);
}
const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe.each([48000, 44100])('Resampler %i → 16000', (rate) => {
  it.each([1000, 3000, 5000, 6000])('passes %i Hz within 0.1 dB', (f) => {
    const out = new Resampler(rate, 16000).process(tone(f, rate, 1));
    expect(Math.abs(levelDb(out, f, 16000))).toBeLessThan(0.1);
  });

  it.each([8500, 10000, 12000, 16000, 20000])('keeps the alias of %i Hz at or below −70 dB', (f) => {
    const out = new Resampler(rate, 16000).process(tone(f, rate, 1));
    const body = out.subarray(2000, out.length - 2000);
    expect(20 * Math.log10(rms(body) / (0.5 / Math.SQRT2))).toBeLessThan(-70);
  });
});

describe('streaming', () => {
  const input = Float32Array.from({ length: 44100 * 2 }, (_, i) => Math.sin(i / 7) * 0.3 + Math.sin(i / 53) * 0.2);

  it('gives the same output whatever the block sizes', () => {
    const whole = new Resampler(44100, 16000);
    const reference = [...whole.process(input), ...whole.flush()];
    for (const size of [1, 3, 128, 441, 1000, 4096]) {
      const r = new Resampler(44100, 16000);
      const out: number[] = [];
      for (let i = 0; i < input.length; i += size) out.push(...r.process(input.subarray(i, i + size)));
      out.push(...r.flush());
      expect(out.length).toBe(reference.length);
      let worst = 0;
      for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i]! - reference[i]!));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it.each([
    [48000, 480_000],
    [44100, 441_000],
    [22050, 123_457],
    [8000, 80_001],
    [192000, 1_920_000],
    [44056, 100_000],
  ])('outputs exactly ceil(n × 16000 / %i) samples over a long run', (rate, n) => {
    const r = new Resampler(rate, 16000);
    let count = 0;
    const block = new Float32Array(128);
    for (let i = 0; i < n; i += 128) count += r.process(block.subarray(0, Math.min(128, n - i))).length;
    count += r.flush().length;
    expect(count).toBe(Math.ceil((n * 16000) / rate));
  });

  it('keeps time: a click at input t comes out at t × ratio', () => {
    const input2 = new Float32Array(48000);
    input2[24000] = 1;
    const r = new Resampler(48000, 16000);
    const out = [...r.process(input2), ...r.flush()];
    const peak = out.indexOf(Math.max(...out));
    expect(peak).toBe(8000);
  });

  it('upsamples 8 kHz without imaging: a 3 kHz tone stays alone', () => {
    const out = new Resampler(8000, 16000).process(tone(3000, 8000, 1));
    expect(Math.abs(levelDb(out, 3000, 16000))).toBeLessThan(0.1);
    expect(levelDb(out, 5000, 16000)).toBeLessThan(-70);
  });
});
