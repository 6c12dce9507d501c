// The recognizer and a browser's start of capture (issue 13): digital silence first, then the quiet before
// speech lifted ~14 dB by the microphone's automatic gain control. PocketSphinx used to hear a word in that
// background ("Fuck the weather is nice today."); the service transcribes speech, not room noise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PocketSphinxRecognizer } from '../src/recognizers/pocketsphinx.js';
import type { RecognizedWord } from '../src/recognizers/recognizer.js';
import { FIXTURES, readWav } from './helpers.js';

/** Feeds PCM in 50 ms chunks as fast as the decoder takes it; returns the finals' words. */
async function recognize(pcm: Int16Array, grammar?: string): Promise<RecognizedWord[][]> {
  const finals: RecognizedWord[][] = [];
  const r = new PocketSphinxRecognizer({ endSilenceMs: 500, ...(grammar ? { grammar } : {}), sink: { speechStart() {}, partial() {}, final: (w) => w.length && finals.push(w) } });
  await r.ready;
  for (let i = 0; i < pcm.length; i += 800) r.write(pcm.subarray(i, i + 800));
  await r.endpoint();
  r.close();
  return finals;
}

const ZEROS = 480; // 30 ms, what Chromium's capture starts with
/** A fixture as the browser delivers it: digital silence, then its lead-in ×5 (+14 dB) up to 50 ms before speech. */
function browserStart(pcm: Int16Array): Int16Array {
  const onset = Math.max(0, pcm.findIndex((v) => Math.abs(v) > 1000) - 800);
  const out = new Int16Array(ZEROS + pcm.length);
  for (let i = 0; i < onset; i++) out[ZEROS + i] = pcm[i]! * 5;
  out.set(pcm.subarray(onset), ZEROS + onset);
  return out;
}
const firstWords = (name: string) => readFileSync(join(FIXTURES, `${name}.txt`), 'utf8').trim().split('\n').map((l) => l.split(' ')[0]);

describe.each([
  ['the general language model', undefined],
  ['the fixtures\' grammar', join(FIXTURES, 'grammar.jsgf')],
])('with %s', (_label, grammar) => {
  it.each(['two-sentences', 'long-pauses'])('each turn of %s starts with its spoken first word after a browser start', async (name) => {
    const finals = await recognize(browserStart(readWav(join(FIXTURES, `${name}.16k.wav`)).samples), grammar);
    expect(finals.map((f) => f[0]!.text)).toEqual(firstWords(name));
  }, 30_000);
});

describe('with the general language model', () => {
  it('hears no words in three seconds of a lifted background with digital silence before it', async () => {
    const lead = readWav(join(FIXTURES, 'long-pauses.16k.wav')).samples.subarray(0, 16000 * 2);
    const noise = new Int16Array(ZEROS + 48000);
    for (let i = 0; i < 48000; i++) noise[ZEROS + i] = lead[i % lead.length]! * 5;
    expect(await recognize(noise)).toEqual([]);
  }, 30_000);

  it('keeps word times on the session clock when capture starts with digital silence', async () => {
    const speech = readWav(join(FIXTURES, 'first-word.16k.wav')).samples;
    const plain = await recognize(speech);
    const late = new Int16Array(8000 + speech.length);
    late.set(speech, 8000);
    const shifted = await recognize(late);
    expect(shifted[0]![0]!.text).toBe(plain[0]![0]!.text);
    // 8000 samples = 500 ms later, within a 10 ms frame.
    expect(Math.abs(shifted[0]![0]!.start - plain[0]![0]!.start - 500)).toBeLessThanOrEqual(10);
  }, 30_000);
});
