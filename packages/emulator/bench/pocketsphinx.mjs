// `pnpm bench`: PocketSphinx on the committed fixtures — real-time factor and word error rate, with the
// general language model beside a grammar of the fixture sentences (the reference, in the same run).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PocketSphinxRecognizer, pocketsphinxUnavailable } from '../dist/recognizers/pocketsphinx.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../../e2e/fixtures');
const problem = pocketsphinxUnavailable();
if (problem) {
  console.log(`PocketSphinx unavailable: ${problem}`);
  process.exit(0);
}

/** Word-level edit distance. */
function editDistance(ref, hyp) {
  const d = Array.from({ length: ref.length + 1 }, (_, i) => [i, ...Array(hyp.length).fill(0)]);
  for (let j = 1; j <= hyp.length; j++) d[0][j] = j;
  for (let i = 1; i <= ref.length; i++)
    for (let j = 1; j <= hyp.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
  return d[ref.length][hyp.length];
}

async function recognize(name, grammar) {
  const wav = readFileSync(join(fixtures, `${name}.16k.wav`));
  const pcm = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length - ((wav.length - 44) % 2)));
  const words = [];
  const started = Date.now();
  const r = new PocketSphinxRecognizer({ endSilenceMs: 500, grammar, sink: { speechStart() {}, partial() {}, final: (w) => words.push(...w.map((x) => x.text)) } });
  await r.ready;
  const loaded = Date.now();
  for (let i = 0; i < pcm.length; i += 1600) r.write(pcm.subarray(i, i + 1600));
  await r.endpoint();
  const done = Date.now();
  r.close();
  return { words, loadMs: loaded - started, processMs: done - loaded, audioMs: (pcm.length / 16000) * 1000 };
}

const names = readdirSync(fixtures).filter((f) => f.endsWith('.16k.wav')).map((f) => f.replace('.16k.wav', ''));
console.log('PocketSphinx on the fixtures (flite voice "slt"; audio fed as fast as the decoder takes it)');
console.log('  model              fixture          load     RTF    WER   heard');
for (const [label, grammar] of [['general LM', undefined], ['fixture grammar', join(fixtures, 'grammar.jsgf')]]) {
  let errors = 0;
  let total = 0;
  let audio = 0;
  let work = 0;
  for (const name of names) {
    const ref = readFileSync(join(fixtures, `${name}.txt`), 'utf8').trim().split(/\s+/);
    const r = await recognize(name, grammar);
    const e = editDistance(ref, r.words);
    errors += e;
    total += ref.length;
    audio += r.audioMs;
    work += r.processMs;
    console.log(`  ${label.padEnd(18)} ${name.padEnd(15)} ${String(r.loadMs).padStart(5)} ms ${(r.processMs / r.audioMs).toFixed(3).padStart(6)} ${((e / ref.length) * 100).toFixed(0).padStart(5)} %  "${r.words.join(' ')}"`);
  }
  console.log(`  ${label.padEnd(18)} ${'all'.padEnd(15)} ${''.padStart(8)} ${(work / audio).toFixed(3).padStart(6)} ${((errors / total) * 100).toFixed(0).padStart(5)} %`);
}
