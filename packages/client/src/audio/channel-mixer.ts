/**
 * Which input channel(s) become the mono stream the service hears.
 * - `'auto'` (default): mix the channels when they carry the same signal in step; otherwise take the louder one.
 * - `'mix'`: the plain average of all channels (what the browser's own downmix does).
 * - a number: that channel only (0 = left), for a device that records the voice on one input.
 */
export type ChannelSelection = 'auto' | 'mix' | number;

/** @throws {RangeError} unless `selection` is `'auto'`, `'mix'` or a channel index ≥ 0. */
export function assertChannelSelection(selection: ChannelSelection): void {
  if (selection === 'auto' || selection === 'mix' || (Number.isInteger(selection) && (selection as number) >= 0)) return;
  throw new RangeError(`channel must be 'auto', 'mix' or an index ≥ 0, not ${String(selection)}`);
}

/**
 * Coherence ρ (normalized correlation at lag 0) above which the channels are one signal and are mixed. The
 * average of two equal channels keeps (1 + ρ) / 2 of their energy, so mixing above 0.9 costs at most 0.2 dB.
 * It is measured on the signals' first differences (a 6 dB/octave tilt toward the treble): voiced speech is
 * mostly low-frequency energy, and offset copies whose offset is near the pitch period look coherent at lag 0
 * while their upper harmonics, which carry the consonants, would still cancel.
 */
const COHERENT = 0.9;
/**
 * The other channel must be this much louder (energy ratio, 9 dB) over the slow window before a pick switches
 * to it: each switch between offset copies jumps the audio by the offset, so it must be rare — a dead or
 * distant channel, not the few dB by which copies of one voice differ.
 */
const SWITCH_RATIO = 8;
/** Time constant of the coherence estimate. */
const WINDOW_SECONDS = 0.1;
/** Time constant of the levels a pick is decided on: long enough that syllable onsets of a late copy do not count. */
const LEVEL_WINDOW_SECONDS = 1;
/**
 * How long (s) the other channel must stay louder before a pick switches. At a word's onset after quiet, the
 * earlier of two offset copies is briefly far louder over any window (it has the first milliseconds of speech
 * alone): that must not count.
 */
const SWITCH_AFTER_SECONDS = 0.25;
/** Energy below which a block is treated as silence (−90 dBFS per sample): it does not move the decision. */
const SILENCE = 1e-9;

/**
 * Downmixes two channels to one without the comb filter of a plain L+R average. Two copies of one voice a few
 * milliseconds apart (WebKit's stereo streams deliver their channels 128–268 samples apart at times; so do
 * stereo microphones with spaced capsules) cancel each other at some frequencies when added: up to 10 dB of
 * speech lost. The mixer watches each channel's level and their coherence at lag 0 over ~100 ms (levels over ~1 s): coherent
 * channels are mixed, weighted by level (a dead channel adds nothing); anything else — offset copies,
 * unrelated sources, one live input — takes the louder channel alone. Weights glide across each block, so a
 * change of decision never clicks. Stateful across calls; runs on the audio thread (no allocation per call
 * beyond a larger block than any before).
 */
export class ChannelMixer {
  readonly #selection: ChannelSelection;
  readonly #decay: number;
  readonly #slowDecay: number;
  readonly #switchAfter: number;
  /** Samples for which the other channel has been louder by SWITCH_RATIO. */
  #louderFor = 0;
  #levelL = 0;
  #levelR = 0;
  #energyL = 0;
  #energyR = 0;
  #cross = 0;
  #lastL = 0;
  #lastR = 0;
  /** Current weights of left and right. */
  #wL = 0.5;
  #wR = 0.5;
  #picked: 0 | 1 | undefined;
  #out = new Float32Array(128);

  /** @param sampleRate the context's rate (Hz), for the ~100 ms estimation window. */
  constructor(sampleRate: number, selection: ChannelSelection = 'auto') {
    assertChannelSelection(selection);
    this.#selection = selection;
    this.#decay = Math.exp(-1 / (WINDOW_SECONDS * sampleRate));
    this.#slowDecay = Math.exp(-1 / (LEVEL_WINDOW_SECONDS * sampleRate));
    this.#switchAfter = SWITCH_AFTER_SECONDS * sampleRate;
  }

  /**
   * One block of mono from the block's channels (any count; the result is valid until the next call). One
   * channel is returned as it is; a chosen channel index past the last one falls back to the last.
   */
  mix(channels: readonly Float32Array[]): Float32Array {
    if (channels.length === 1) return channels[0]!;
    const selection = this.#selection;
    if (typeof selection === 'number') return channels[Math.min(selection, channels.length - 1)]!;
    const n = channels[0]!.length;
    if (this.#out.length < n) this.#out = new Float32Array(n);
    const out = this.#out.length === n ? this.#out : this.#out.subarray(0, n);
    if (selection === 'mix' || channels.length > 2) {
      out.fill(0);
      for (const ch of channels) for (let i = 0; i < n; i++) out[i] = out[i]! + ch[i]! / channels.length;
      return out;
    }
    const left = channels[0]!;
    const right = channels[1]!;
    const [wL, wR] = this.#weigh(left, right);
    // Glide from the last block's weights to this one's.
    const fromL = this.#wL;
    const fromR = this.#wR;
    for (let i = 0; i < n; i++) {
      const t = (i + 1) / n;
      out[i] = (fromL + (wL - fromL) * t) * left[i]! + (fromR + (wR - fromR) * t) * right[i]!;
    }
    this.#wL = wL;
    this.#wR = wR;
    return out;
  }

  /** Updates the running estimates with this block and returns the weights to use. */
  #weigh(left: Float32Array, right: Float32Array): [number, number] {
    let ll = 0;
    let rr = 0;
    let dll = 0;
    let drr = 0;
    let dlr = 0;
    let lastL = this.#lastL;
    let lastR = this.#lastR;
    for (let i = 0; i < left.length; i++) {
      const l = left[i]!;
      const r = right[i]!;
      ll += l * l;
      rr += r * r;
      const dl = l - lastL;
      const dr = r - lastR;
      dll += dl * dl;
      drr += dr * dr;
      dlr += dl * dr;
      lastL = l;
      lastR = r;
    }
    this.#lastL = lastL;
    this.#lastR = lastR;
    if ((ll + rr) / left.length < SILENCE) return [this.#wL, this.#wR];
    const keep = this.#decay ** left.length;
    this.#energyL = this.#energyL * keep + dll;
    this.#energyR = this.#energyR * keep + drr;
    this.#cross = this.#cross * keep + dlr;
    const slow = this.#slowDecay ** left.length;
    this.#levelL = this.#levelL * slow + ll;
    this.#levelR = this.#levelR * slow + rr;
    const eL = this.#energyL;
    const eR = this.#energyR;
    const coherence = eL > 0 && eR > 0 ? this.#cross / Math.sqrt(eL * eR) : 0;
    const lL = this.#levelL;
    const lR = this.#levelR;
    if (coherence >= COHERENT) {
      // One signal at two gains: weight each by its amplitude, so a quieter copy adds less of its noise. The
      // pick is kept: when the channels part again, switching to the other copy would jump the audio.
      const aL = Math.sqrt(lL);
      const aR = Math.sqrt(lR);
      return [aL / (aL + aR), aR / (aL + aR)];
    }
    // Not one signal in step: adding them would comb-filter. Keep the louder channel, with hysteresis.
    if (this.#picked === undefined) this.#picked = lL >= lR ? 0 : 1;
    else {
      const otherLouder = this.#picked === 0 ? lR > lL * SWITCH_RATIO : lL > lR * SWITCH_RATIO;
      this.#louderFor = otherLouder ? this.#louderFor + left.length : 0;
      if (this.#louderFor >= this.#switchAfter) {
        this.#picked = this.#picked === 0 ? 1 : 0;
        this.#louderFor = 0;
      }
    }
    return this.#picked === 0 ? [1, 0] : [0, 1];
  }
}
