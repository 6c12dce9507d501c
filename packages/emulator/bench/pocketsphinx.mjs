// `pnpm bench`: what the emulator's open-vocabulary recognizer (the demo's) gets right, per voice — word error
// rate, utterances whose first word is wrong, real-time factor — beside PocketSphinx as it is (no noise gate,
// its default speech threshold) and, on the fixtures, a grammar of the fixture sentences: references measured in
// the same run. Voices: flite "slt" (the committed fixtures), the same fixtures as a browser delivers them at
// the start of capture (30 ms of digital silence, the quiet lead-in lifted 14 dB by automatic gain control),
// espeak-ng (made here), and human read speech from Debian's pocketsphinx-testdata when it is installed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PocketSphinxRecognizer, pocketsphinxUnavailable } from '../dist/recognizers/pocketsphinx.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../../e2e/fixtures');
const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
const problem = pocketsphinxUnavailable();
if (problem) {
  console.log(`PocketSphinx unavailable: ${problem}`);
  process.exit(0);
}

const words = (text) => text.toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);

/** Word-level edit distance. */
function editDistance(ref, hyp) {
  const d = Array.from({ length: ref.length + 1 }, (_, i) => [i, ...Array(hyp.length).fill(0)]);
  for (let j = 1; j <= hyp.length; j++) d[0][j] = j;
  for (let i = 1; i <= ref.length; i++)
    for (let j = 1; j <= hyp.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
  return d[ref.length][hyp.length];
}

/** 16 kHz mono PCM16 from a WAV file (sox converts anything else). */
function readPcm(path) {
  let wav = readFileSync(path);
  if (wav.readUInt32LE(24) !== 16000 || wav.readUInt16LE(22) !== 1) wav = execFileSync('sox', [path, '-r', '16000', '-c', '1', '-b', '16', '-t', 'wav', '-']);
  const data = wav.indexOf('data') + 8;
  return new Int16Array(wav.buffer.slice(wav.byteOffset + data, wav.byteOffset + wav.length - ((wav.length - data) % 2)));
}

const fixtureNames = readdirSync(fixtures).filter((f) => f.endsWith('.16k.wav')).map((f) => f.replace('.16k.wav', ''));
const fixtureText = (name) => readFileSync(join(fixtures, `${name}.txt`), 'utf8');

/** The browser's start of capture: digital silence, then the quiet before speech lifted 14 dB (×5) by AGC. */
function browserStart(pcm) {
  const onset = Math.max(0, pcm.findIndex((v) => Math.abs(v) > 1000) - 800);
  const out = new Int16Array(480 + pcm.length);
  for (let i = 0; i < onset; i++) out[480 + i] = pcm[i] * 5;
  out.set(pcm.subarray(onset), 480 + onset);
  return out;
}

function espeakVoice(dir) {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const sentences = [...new Set(fixtureNames.flatMap((n) => fixtureText(n).trim().split('\n')))];
  sentences.push('call me back when you get this message', 'the meeting starts at ten in the morning', 'we need more coffee for the office');
  return sentences.map((text, i) => {
    const raw = join(dir, `espeak-${i}.wav`);
    const out = join(dir, `espeak-${i}.16k.wav`);
    execFileSync('espeak-ng', ['-v', 'en-us', '-w', raw, text]);
    // Half a second of a low noise floor either side, as the fixtures have.
    execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out, 'pad', '0.5', '0.5']);
    const pcm = readPcm(out);
    // A low noise floor (rms ~21, as the fixtures'), from a fixed seed so every run measures the same audio.
    let seed = 12345 + i;
    for (let j = 0; j < pcm.length; j++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      pcm[j] += Math.round((seed / 2 ** 32 - 0.5) * 73);
    }
    return { pcm, ref: text };
  });
}

function librivox() {
  if (!existsSync(join(LIBRIVOX, 'transcription'))) return undefined;
  return readFileSync(join(LIBRIVOX, 'transcription'), 'utf8').trim().split('\n').map((line) => {
    const [, text, id] = /<s> (.*) <\/s> \((.*)\)/.exec(line);
    return { pcm: readPcm(join(LIBRIVOX, `${id}.wav`)), ref: text };
  });
}

async function recognize(pcm, options) {
  const finals = [];
  const r = new PocketSphinxRecognizer({ endSilenceMs: 500, ...options, sink: { speechStart() {}, partial() {}, final: (w) => w.length && finals.push(w.map((x) => x.text)) } });
  await r.ready;
  const started = performance.now();
  for (let i = 0; i < pcm.length; i += 800) r.write(pcm.subarray(i, i + 800));
  await r.endpoint();
  const ms = performance.now() - started;
  r.close();
  return { finals, ms };
}

const tmp = mkdtempSync(join(tmpdir(), 'earshot-voices-'));
const fixtureItems = fixtureNames.map((n) => ({ pcm: readPcm(join(fixtures, `${n}.16k.wav`)), ref: fixtureText(n) }));
const voices = [
  ['flite slt (fixtures)', fixtureItems],
  ['flite slt, browser start', fixtureItems.map((it) => ({ ...it, pcm: browserStart(it.pcm) }))],
  ['espeak-ng en-us', espeakVoice(tmp)],
  ['human (LibriVox, 5 sentences)', librivox()],
];
const recognizers = [
  ['demo (tuned)', {}],
  ['PocketSphinx as is', { noiseGate: false, decoderArgs: ['-vad_threshold', '2.0'] }],
  ['fixture grammar', { grammar: join(fixtures, 'grammar.jsgf') }],
];

console.log('PocketSphinx, general US English model, per voice (audio fed as fast as the decoder takes it)');
console.log('  voice                           recognizer            WER  first word wrong    RTF');
try {
  for (const [voice, items] of voices) {
    if (!items) {
      console.log(`  ${voice.padEnd(31)} (not measured: ${voice.startsWith('human') ? 'apt-get install pocketsphinx-testdata' : 'needs espeak-ng and sox'})`);
      continue;
    }
    for (const [label, options] of recognizers) {
      if (options.grammar && !voice.startsWith('flite')) continue;
      let errors = 0;
      let total = 0;
      let firstWrong = 0;
      let utterances = 0;
      let audioMs = 0;
      let workMs = 0;
      for (const { pcm, ref: text } of items) {
        const { finals, ms } = await recognize(pcm, options);
        const ref = words(text);
        errors += editDistance(ref, finals.flat().flatMap(words));
        total += ref.length;
        // Turn by turn: each spoken line should open a turn with its own first word.
        const lines = text.trim().split('\n').map(words);
        lines.forEach((line, i) => {
          utterances += 1;
          if (words((finals[i] ?? []).join(' '))[0] !== line[0]) firstWrong += 1;
        });
        audioMs += (pcm.length / 16000) * 1000;
        workMs += ms;
      }
      console.log(`  ${voice.padEnd(31)} ${label.padEnd(18)} ${((errors / total) * 100).toFixed(0).padStart(5)} % ${`${firstWrong} of ${utterances}`.padStart(12)} ${(workMs / audioMs).toFixed(3).padStart(10)}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
