// The stereo downmix (issue #10): WebKit sometimes delivers a stereo stream's channels 128–268 samples apart,
// and a plain L+R average then cancels whole bands of speech. Fed offset, silent, identical and unrelated
// channels, the mixer must keep the voice at its level and undistorted.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChannelMixer, type ChannelSelection } from '../../src/audio/channel-mixer.js';
import { readWav } from '../../../emulator/test/helpers.js';

const RATE = 48000;
const BLOCK = 128; // one render quantum
const speech = Float32Array.from(readWav(join(import.meta.dirname, '../../../../e2e/fixtures/two-sentences.48k.wav')).samples, (s) => s / 32768);
const tone = (freq: number, seconds = 1) => Float32Array.from({ length: RATE * seconds }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / RATE));
/** `x` arriving `samples` later. */
const delayed = (x: Float32Array, samples: number) => {
  const out = new Float32Array(x.length);
  out.set(x.subarray(0, x.length - samples), samples);
  return out;
};

/** Runs the mixer over whole signals, one render quantum at a time, as the worklet does. */
function downmix(channels: Float32Array[], selection: ChannelSelection = 'auto'): Float32Array {
  const mixer = new ChannelMixer(RATE, selection);
  const out = new Float32Array(channels[0]!.length);
  for (let at = 0; at + BLOCK <= out.length; at += BLOCK) out.set(mixer.mix(channels.map((c) => c.subarray(at, at + BLOCK))), at);
  return out;
}

const energy = (x: Float32Array, from = 0, to = x.length) => {
  let e = 0;
  for (let i = from; i < to; i++) e += x[i]! * x[i]!;
  return e;
};
/** Level of `x` relative to `ref` (dB), after the first 0.2 s (the estimates settle in ~0.1 s). */
const levelDb = (x: Float32Array, ref: Float32Array) => 10 * Math.log10(energy(x, RATE / 5) / energy(ref, RATE / 5));
/** Normalized correlation of `x` with `ref` at lag 0, after the first 0.2 s. */
function correlation(x: Float32Array, ref: Float32Array): number {
  let xy = 0;
  for (let i = RATE / 5; i < x.length; i++) xy += x[i]! * ref[i]!;
  return xy / Math.sqrt(energy(x, RATE / 5) * energy(ref, RATE / 5));
}

/**
 * Energy of `x` relative to `ref` in each 250 Hz band from 125 Hz to 6 kHz (dB): where a comb filter cuts
 * speech. A short-time DFT over 2048-sample frames.
 */
function bandLossesDb(x: Float32Array, ref: Float32Array): number[] {
  const n = 2048;
  const bins = (hz: number) => Math.round((hz * n) / RATE);
  const bands: { ex: number; er: number }[] = [];
  for (let hz = 125; hz < 6000; hz += 250) bands.push({ ex: 0, er: 0 });
  for (let at = RATE / 5; at + n <= x.length; at += n) {
    for (let b = 0; b < bands.length; b++) {
      for (let k = bins(125 + 250 * b); k < bins(375 + 250 * b); k++) {
        for (const [signal, key] of [[x, 'ex'], [ref, 'er']] as const) {
          let re = 0;
          let im = 0;
          for (let i = 0; i < n; i++) {
            const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
            re += w * signal[at + i]! * Math.cos((2 * Math.PI * k * i) / n);
            im -= w * signal[at + i]! * Math.sin((2 * Math.PI * k * i) / n);
          }
          bands[b]![key] += re * re + im * im;
        }
      }
    }
  }
  return bands.map(({ ex, er }) => 10 * Math.log10(ex / er));
}

describe('ChannelMixer, channels offset as WebKit delivers them', () => {
  const clip = speech.subarray(0, RATE * 2);

  it.each([128, 200, 268])('keeps speech whole when the right channel is %i samples late', (offset) => {
    const out = downmix([clip, delayed(clip, offset)]);
    // The level of the voice is kept (a plain average of offset copies loses ~3 dB of speech) …
    expect(Math.abs(levelDb(out, clip))).toBeLessThan(0.5);
    // No band of the voice loses more than 1 dB (a plain average loses ~3 dB everywhere and 10+ dB at the notches).
    const losses = bandLossesDb(out, clip);
    for (const loss of losses) expect(Math.abs(loss)).toBeLessThan(1);
  });

  it.each([128, 268])('keeps a tone at the plain average\'s notch (offset %i samples)', (offset) => {
    // Half a period apart: L + R cancels to nothing.
    const freq = (RATE / (2 * offset)) * 5;
    const left = tone(freq);
    const out = downmix([left, delayed(left, offset)]);
    expect(Math.abs(levelDb(out, left))).toBeLessThan(0.5);
  });

  it('takes the left channel when the right is the late copy, and the right when the left is', () => {
    const late = delayed(clip, 200);
    expect(correlation(downmix([late, clip]), clip)).toBeGreaterThan(0.99);
    // Equal levels: whichever it holds, it holds it (no flapping between the two, which would click).
    const out = downmix([clip, late]);
    expect(Math.max(correlation(out, clip), correlation(out, late))).toBeGreaterThan(0.99);
  });

  it('keeps its pick across a stretch where the channels agree: no jump of the offset when they part again', () => {
    // Offset copies, the right one a little louder; then one signal on both; then offset copies again, the left
    // a little louder now, not enough to switch. A re-pick after the agreement would jump 200 samples.
    const voice = speech.subarray(0, RATE * 6);
    const n = voice.length;
    const third = Math.floor(n / 3);
    const left = voice.slice();
    const right = delayed(voice, 200);
    for (let i = 0; i < n; i++) {
      if (i < third) right[i] = right[i]! * 1.2;
      else if (i < 2 * third) right[i] = left[i]!;
      else left[i] = left[i]! * 1.2;
    }
    const out = downmix([left, right]);
    const head = (x: Float32Array) => x.subarray(0, third);
    const tail = (x: Float32Array) => x.subarray(2 * third + RATE / 10);
    const followed = correlation(head(out), head(left)) > 0.99 ? left : right;
    expect(Math.max(correlation(head(out), head(left)), correlation(head(out), head(right)))).toBeGreaterThan(0.99);
    expect(correlation(tail(out), tail(followed))).toBeGreaterThan(0.99);
  });

  it('does not jump between the copies at a word onset after quiet, where the earlier copy is briefly far louder', () => {
    // Quiet noise first (the pick is made on it), then speech: whichever copy it holds, it holds it throughout.
    const quiet = Float32Array.from({ length: RATE / 2 }, (_, i) => 0.002 * Math.sin(i * 12.9898) * Math.cos(i * 78.233));
    const voice = new Float32Array(quiet.length + clip.length);
    voice.set(quiet);
    voice.set(clip, quiet.length);
    const late = delayed(voice, 128);
    for (const channels of [[late, voice], [voice, late]]) {
      const out = downmix(channels);
      const afterOnset = (x: Float32Array) => x.subarray(quiet.length - RATE / 5);
      expect(Math.max(correlation(afterOnset(out), afterOnset(voice)), correlation(afterOnset(out), afterOnset(late)))).toBeGreaterThan(0.995);
    }
  });
});

describe('ChannelMixer, other layouts', () => {
  const clip = speech.subarray(0, RATE * 2);

  it('gives a mono signal sent as two identical channels back unchanged', () => {
    const out = downmix([clip, clip.slice()]);
    for (let i = 0; i < out.length; i += 997) expect(out[i]).toBeCloseTo(clip[i]!, 6);
  });

  it('keeps the full level when one channel is silent (a plain average loses 6 dB)', () => {
    const out = downmix([new Float32Array(clip.length), clip]);
    expect(Math.abs(levelDb(out, clip))).toBeLessThan(0.5);
    expect(correlation(out, clip)).toBeGreaterThan(0.99);
  });

  it('follows the louder of two unrelated sources rather than adding the other', () => {
    const quiet = Float32Array.from(speech.subarray(RATE * 3, RATE * 5), (v) => v * 0.1);
    const out = downmix([quiet, clip]);
    expect(correlation(out, clip)).toBeGreaterThan(0.99);
  });

  it('mixes coherent channels of different gains, weighted toward the louder', () => {
    const quiet = Float32Array.from(clip, (v) => v * 0.5);
    const out = downmix([clip, quiet]);
    expect(correlation(out, clip)).toBeGreaterThan(0.999);
    // Weights 2/3 and 1/3: 5/6 of the louder channel's amplitude, above the plain average's 3/4.
    expect(levelDb(out, clip)).toBeCloseTo(20 * Math.log10(5 / 6), 1);
  });

  it("'mix' averages, a number takes that channel, one channel passes through", () => {
    const a = tone(300);
    const b = tone(700);
    const mixed = downmix([a, b], 'mix');
    expect(mixed[1000]).toBeCloseTo((a[1000]! + b[1000]!) / 2, 6);
    expect(downmix([a, b], 1)[1000]).toBe(b[1000]);
    expect(downmix([a, b], 0)[1000]).toBe(a[1000]);
    expect(downmix([a])[1000]).toBe(a[1000]);
  });

  it('refuses a channel that is not an index', () => {
    expect(() => new ChannelMixer(RATE, -1)).toThrow(RangeError);
    expect(() => new ChannelMixer(RATE, 0.5)).toThrow(RangeError);
  });
});
