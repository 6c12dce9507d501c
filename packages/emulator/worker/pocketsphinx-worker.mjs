// PocketSphinx in a worker thread: its calls are synchronous and can take 0.4 s on one chunk, so they must
// never run on the emulator's event loop. Plain JavaScript so that Node runs it from src and dist alike.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { NoiseFloor } from './noise-floor.mjs';

const require = createRequire(import.meta.url);
const koffi = require('koffi');
const ps = koffi.load('libpocketsphinx.so.3');
const sb = koffi.load('libsphinxbase.so.3');
const fn = {
  ps_args: ps.func('void* ps_args()'),
  cmd_ln_parse_r: sb.func('void* cmd_ln_parse_r(void* inout, void* defn, int argc, const char** argv, int strict)'),
  ps_init: ps.func('void* ps_init(void* config)'),
  ps_start_stream: ps.func('int ps_start_stream(void* ps)'),
  ps_start_utt: ps.func('int ps_start_utt(void* ps)'),
  ps_process_raw: ps.func('int ps_process_raw(void* ps, const int16_t* data, size_t n, int no_search, int full_utt)'),
  // Older headers take an extra out-parameter here; passing one is harmless on either version.
  ps_get_hyp: ps.func('const char* ps_get_hyp(void* ps, _Out_ int32_t* score)'),
  ps_get_in_speech: ps.func('uint8_t ps_get_in_speech(void* ps)'),
  ps_end_utt: ps.func('int ps_end_utt(void* ps)'),
  ps_seg_iter: ps.func('void* ps_seg_iter(void* ps, _Out_ int32_t* score)'),
  ps_seg_next: ps.func('void* ps_seg_next(void* seg)'),
  ps_seg_word: ps.func('const char* ps_seg_word(void* seg)'),
  ps_seg_frames: ps.func('void ps_seg_frames(void* seg, _Out_ int* sf, _Out_ int* ef)'),
  ps_free: ps.func('int ps_free(void* ps)'),
};

/** glibc's malloc_trim(0), where there is one (musl and others have none: nothing to do there). */
function trimMalloc() {
  try {
    koffi.load('libc.so.6').func('int malloc_trim(size_t pad)')(0);
  } catch {
    // not glibc
  }
}

const { model, grammar, vadPostSpeechFrames, decoderArgs = [], noiseGate = true } = workerData;
// Its speech detector must not take a microphone's background for speech: at 3.0 (default 2.0) a lead-in
// lifted by automatic gain control stays out of turns; at 2.0 it opened a turn of its own, taking the real
// first word with it. Measured with `pnpm bench` (packages/emulator/bench/pocketsphinx.mjs).
const settings = new Map([
  ['-hmm', `${model}/en-us`], ['-dict', `${model}/cmudict-en-us.dict`], ['-logfn', '/dev/null'],
  ['-vad_postspeech', String(vadPostSpeechFrames)], ['-vad_threshold', '3.0'],
]);
if (grammar) settings.set('-jsgf', grammar).set('-fwdflat', 'no').set('-bestpath', 'no');
else settings.set('-lm', `${model}/en-us.lm.bin`);
// The caller's settings replace ours of the same name (PocketSphinx refuses a setting given twice).
for (let i = 0; i + 1 < decoderArgs.length; i += 2) settings.set(decoderArgs[i], decoderArgs[i + 1]);
const argv = [...settings].flat();

const config = fn.cmd_ln_parse_r(null, fn.ps_args(), argv.length, argv, 1);
const decoder = config && fn.ps_init(config);
if (!decoder) {
  parentPort.postMessage({ type: 'error', message: `PocketSphinx could not start with ${argv.join(' ')}` });
  process.exit(1);
}
fn.ps_start_stream(decoder);
fn.ps_start_utt(decoder);

let fed = 0; // samples fed since the stream started (16 kHz)
let speech = false;
let lastHyp = '';
// Digital silence before the microphone delivers its first sample (10–40 ms from a browser) is not fed: on pure
// zeros the speech detector learns a noise floor of nothing, and the first real noise then sounds like speech.
let started = false;
let skippedMs = 0;
const noise = new NoiseFloor();

/** Words of the current hypothesis, with times on the stream clock (10 ms frames). */
function words() {
  const out = [];
  for (let seg = fn.ps_seg_iter(decoder, [0]); seg; seg = fn.ps_seg_next(seg)) {
    const raw = fn.ps_seg_word(seg);
    if (!raw || /^(<s>|<\/s>|<sil>|\[.*\]|\+\+.*\+\+)$/.test(raw)) continue;
    const sf = [0];
    const ef = [0];
    fn.ps_seg_frames(seg, sf, ef);
    // A "word" no louder than the background is the decoder explaining noise (with the general language
    // model it always finds some word): the service does not transcribe room noise, so neither do we.
    if (noiseGate && !noise.standsOut(sf[0], ef[0] + 1)) continue;
    out.push({ text: raw.replace(/\(\d+\)$/, ''), start: sf[0] * 10 + skippedMs, end: (ef[0] + 1) * 10 + skippedMs, confidence: 0.9 });
  }
  return out;
}

function endTurn() {
  fn.ps_end_utt(decoder);
  parentPort.postMessage({ type: 'final', words: fn.ps_get_hyp(decoder, [0]) ? words() : [] });
  fn.ps_start_utt(decoder);
  speech = false;
  lastHyp = '';
}

parentPort.on('message', (msg) => {
  if (msg.type === 'audio') {
    let samples = msg.samples;
    if (!started && noiseGate) {
      const first = samples.findIndex((v) => v !== 0);
      if (first < 0) {
        skippedMs += samples.length / 16;
        return;
      }
      started = true;
      skippedMs += first / 16;
      samples = samples.subarray(first);
    }
    noise.feed(samples);
    fn.ps_process_raw(decoder, samples, samples.length, 0, 0);
    fed += samples.length;
    const inSpeech = fn.ps_get_in_speech(decoder) !== 0;
    if (inSpeech && !speech) {
      speech = true;
      // The detector decides ~10 frames after onset and the chunk adds its own length.
      parentPort.postMessage({ type: 'speechStart', atMs: Math.max(0, Math.round((fed - samples.length) / 16 + skippedMs) - 100) });
    }
    if (speech) {
      const hyp = fn.ps_get_hyp(decoder, [0]) ?? '';
      if (hyp && hyp !== lastHyp) {
        lastHyp = hyp;
        parentPort.postMessage({ type: 'partial', words: words() });
      }
      if (!inSpeech) endTurn();
    }
  } else if (msg.type === 'endpoint') {
    if (speech) endTurn();
    parentPort.postMessage({ type: 'endpointDone', id: msg.id });
  } else if (msg.type === 'close') {
    fn.ps_free(decoder);
    // The decoder's ~75 MB came from this thread's malloc arena, which glibc keeps after the thread ends: hand
    // the freed pages back, or the emulator's RSS only ever grows with the sessions it has served.
    trimMalloc();
    process.exit(0);
  }
});
parentPort.postMessage({ type: 'ready' });
