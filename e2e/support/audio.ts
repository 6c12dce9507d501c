import { readWav } from '../../packages/emulator/test/helpers.js';

/** PCM16 samples of a WAV file. */
export function readWavSamples(path: string): Int16Array {
  return readWav(path).samples;
}

/** PCM16 little-endian bytes as samples. */
export function samplesOf(bytes: Buffer): Int16Array {
  const out = new Int16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

/** Normalized correlation of `ref` with `x` shifted by `lag` (x[i + lag] against ref[i]). */
function correlationAt(ref: Int16Array, x: Int16Array, lag: number, step = 1): number {
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < ref.length; i += step) {
    const j = i + lag;
    const a = ref[i]!;
    const b = j >= 0 && j < x.length ? x[j]! : 0;
    xy += a * b;
    xx += a * a;
    yy += b * b;
  }
  return xx && yy ? xy / Math.sqrt(xx * yy) : 0;
}

/**
 * The best normalized correlation of `received` with the reference over lags minLag…maxLag samples
 * (received[i + lag] against ref[i]): the fake microphone starts its file 0–140 ms away from when capture
 * opens, either side. Coarse search on every 4th sample, then a fine search around the best coarse lag.
 */
export function bestCorrelation(ref: Int16Array, received: Int16Array, maxLag = 16000, minLag = -4000): { correlation: number; lag: number } {
  let best = { correlation: -1, lag: 0 };
  for (let lag = minLag; lag <= maxLag; lag += 4) {
    const c = correlationAt(ref, received, lag, 4);
    if (c > best.correlation) best = { correlation: c, lag };
  }
  const coarse = best.lag;
  best = { correlation: -1, lag: coarse };
  for (let lag = coarse - 8; lag <= coarse + 8; lag++) {
    const c = correlationAt(ref, received, lag);
    if (c > best.correlation) best = { correlation: c, lag };
  }
  return best;
}

/**
 * Correlation that tolerates the browser's own capture glitches: the fake microphone sometimes repeats or
 * skips a 10 ms buffer when the machine is busy, which shifts everything after it. The reference is cut
 * into windows (0.25 s); each is matched at its best lag within ±`reach` samples of `lag`, and the windows'
 * correlations are averaged, weighted by the reference's energy. A wrong rate drifts out of reach; aliasing,
 * distortion or lost audio lower every window it touches. With `follow`, each window is searched around the
 * previous window's lag instead: PulseAudio's capture (Firefox, WebKitGTK here) jumps a few times per 3 s, and
 * its jumps add up past `reach` over a few seconds. `median` is the middle correlation of the windows with
 * speech: on a loaded machine PulseAudio's gaps spoil a few windows, while a capture-path fault (a wrong rate,
 * aliasing, a bad downmix) spoils them all.
 */
export function windowedCorrelation(ref: Int16Array, received: Int16Array, lag: number, window = 4000, reach = 320, follow = false): { mean: number; median: number; shifts: number } {
  let weighted = 0;
  let energy = 0;
  let shifts = 0;
  let previous = lag;
  const voiced: number[] = [];
  for (let w = 0; w + window <= ref.length; w += window) {
    const seg = ref.subarray(w, w + window);
    let best = { correlation: -1, lag: previous };
    const around = follow ? previous : lag;
    // A wide reach is searched coarsely (every 4th lag, every 4th sample), then finely around the best.
    const coarse = reach > 400 ? 4 : 1;
    for (let l = around - reach; l <= around + reach; l += coarse) {
      const c = correlationAt(seg, received, w + l, coarse);
      if (c > best.correlation) best = { correlation: c, lag: l };
    }
    if (coarse > 1) {
      const centre = best.lag;
      best = { correlation: -1, lag: centre };
      for (let l = centre - coarse; l <= centre + coarse; l++) {
        const c = correlationAt(seg, received, w + l);
        if (c > best.correlation) best = { correlation: c, lag: l };
      }
    }
    const e = seg.reduce((s, v) => s + v * v, 0);
    // Windows with speech in them (RMS above ~−50 dBFS): silence correlates with nothing.
    if (e / window > 100 * 100) voiced.push(best.correlation);
    weighted += best.correlation * e;
    energy += e;
    if (Math.abs(best.lag - previous) > 8) shifts++;
    // A quiet window's best lag means little: following it could lose the track.
    if (!follow || best.correlation > 0.5) previous = best.lag;
  }
  voiced.sort((a, b) => a - b);
  const median = voiced.length ? voiced[Math.floor(voiced.length / 2)]! : 0;
  return { mean: energy ? weighted / energy : 0, median, shifts };
}

/**
 * The audio of a session and of the one that replaced it after a drop, as one stream: the second starts with a
 * replay of audio the first had received, found here byte for byte. `overlapAt` is -1 when the second session's
 * head is not in the first (audio was skipped).
 */
export function joinAcrossDrop(first: Buffer, second: Buffer): { overlapAt: number; union: Buffer } {
  const head = second.subarray(0, 3200);
  for (let i = 0; i + head.length <= first.length; i += 2) {
    if (first.subarray(i, i + head.length).equals(head)) return { overlapAt: i, union: Buffer.concat([first.subarray(0, i), second]) };
  }
  return { overlapAt: -1, union: second };
}
