// `pnpm bench`: Earshot's resampler beside the methods the peers ship (linear interpolation, boxcar
// averaging), on the same tones in one run: passband deviation, worst alias, and speed in Node.
import { Resampler } from '../dist/index.js';

const OUT = 16000;

/** Linear interpolation, no low-pass (what most peers' worklets do). */
function linear(input, from) {
  const ratio = from / OUT;
  const out = new Float32Array(Math.floor(input.length / ratio));
  for (let n = 0; n < out.length; n++) {
    const t = n * ratio;
    const i = Math.floor(t);
    const a = input[i] ?? 0;
    const b = input[i + 1] ?? a;
    out[n] = a + (b - a) * (t - i);
  }
  return out;
}

/** Boxcar averaging: the mean of the input samples that fall in each output period. */
function boxcar(input, from) {
  const ratio = from / OUT;
  const out = new Float32Array(Math.floor(input.length / ratio));
  for (let n = 0; n < out.length; n++) {
    const start = Math.floor(n * ratio);
    const end = Math.max(start + 1, Math.floor((n + 1) * ratio));
    let sum = 0;
    for (let i = start; i < end; i++) sum += input[i] ?? 0;
    out[n] = sum / (end - start);
  }
  return out;
}

const earshot = (input, from) => {
  const r = new Resampler(from, OUT);
  const a = r.process(input);
  const b = r.flush();
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

const tone = (f, rate, seconds = 1) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / rate));
const body = (x) => x.subarray(Math.floor(x.length * 0.2), Math.floor(x.length * 0.8));

/** dB of the `f` component relative to the 0.5 input amplitude. */
function levelDb(x, f) {
  const y = body(x);
  let re = 0;
  let im = 0;
  for (let i = 0; i < y.length; i++) {
    re += y[i] * Math.cos((2 * Math.PI * f * i) / OUT);
    im += y[i] * Math.sin((2 * Math.PI * f * i) / OUT);
  }
  return 20 * Math.log10((2 * Math.hypot(re, im)) / y.length / 0.5);
}
/** dB of everything that came out, relative to the input tone's RMS (for tones that should vanish). */
function residualDb(x) {
  const y = body(x);
  const rms = Math.sqrt(y.reduce((s, v) => s + v * v, 0) / y.length);
  return 20 * Math.log10(rms / (0.5 / Math.SQRT2));
}

const methods = { earshot, linear, boxcar };
for (const rate of [48000, 44100]) {
  console.log(`\nresampler ${rate} → ${OUT} Hz`);
  console.log('  method     1 kHz    3 kHz    5 kHz    6 kHz    7 kHz   worst alias (8.5 kHz–Nyquist)   speed (× real time)');
  for (const [name, fn] of Object.entries(methods)) {
    const pass = [1000, 3000, 5000, 6000, 7000].map((f) => levelDb(fn(tone(f, rate), rate), f));
    let worst = -Infinity;
    let worstAt = 0;
    for (let f = 8500; f < rate / 2; f += 250) {
      const db = residualDb(fn(tone(f, rate), rate));
      if (db > worst) [worst, worstAt] = [db, f];
    }
    // Speed: 60 s of noise in 128-sample render quanta (as the worklet sees it), earshot streaming; the
    // peers' functions get the whole buffer at once (the kindest case for them).
    const noise = Float32Array.from({ length: rate * 60 }, () => Math.random() - 0.5);
    const started = process.hrtime.bigint();
    if (name === 'earshot') {
      const r = new Resampler(rate, OUT);
      for (let i = 0; i < noise.length; i += 128) r.process(noise.subarray(i, i + 128));
    } else fn(noise, rate);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const fmt = (v) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`.padStart(8);
    console.log(`  ${name.padEnd(8)} ${pass.map(fmt).join(' ')}   ${worst.toFixed(1).padStart(7)} dB at ${(worstAt / 1000).toFixed(2)} kHz   ${(60 / seconds).toFixed(0).padStart(12)}×`);
  }
}
console.log('\n  targets: within 0.1 dB up to 6 kHz; aliases ≤ −70 dB; ≥ 300× real time');
