// `pnpm bench`: @earshot/vad in headless Chromium on the long-pauses fixture (three utterances 5 s apart) —
// onset latency beside the service's SpeechStarted (the emulator's, and the live figure from spec §5.2),
// main-thread CPU with and without the detector, its start-up cost, and the session time hands-free saves.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { startEmulator } from '../../emulator/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const fixture = join(root, 'e2e/fixtures/long-pauses');
const RUNS = Number(process.env.EARSHOT_BENCH_RUNS ?? 3);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** PCM16 samples of a buffer. */
const samples = (buf) => Int16Array.from({ length: buf.length >> 1 }, (_, i) => buf.readInt16LE(i * 2));

/**
 * Where the fixture starts on the session clock (ms): the fake microphone starts its file 0–140 ms after
 * capture opens, so the received audio is matched against the reference around the first utterance.
 */
function fileOffsetMs(received, reference, onsetMs) {
  const from = Math.round(onsetMs * 16) - 1600;
  const ref = reference.subarray(from, from + 16000);
  let best = { c: -1, lag: 0 };
  for (let lag = -1600; lag <= 4800; lag++) {
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let i = 0; i < ref.length; i += 2) {
      const b = received[from + lag + i] ?? 0;
      xy += ref[i] * b;
      xx += ref[i] * ref[i];
      yy += b * b;
    }
    const c = xy / Math.sqrt(xx * yy || 1);
    if (c > best.c) best = { c, lag };
  }
  return best.lag / 16;
}

/** Utterance onsets (ms) from the 16 kHz reference's energy. */
function onsets() {
  const buf = readFileSync(`${fixture}.16k.wav`).subarray(44);
  const found = [];
  let last = -Infinity;
  for (let i = 0; i + 320 <= buf.length; i += 320) {
    let e = 0;
    for (let j = i; j < i + 320; j += 2) e += buf.readInt16LE(j) ** 2;
    if (Math.sqrt(e / 160) < 300) continue;
    const t = i / 32;
    if (t - last > 400) found.push(t);
    last = t;
  }
  return found;
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${fixture}.48k.wav%noloop`],
});
const emulator = await startEmulator({ grammar: join(root, 'e2e/fixtures/grammar.jsgf'), beginDelayMs: 300, record: true });
process.env.EARSHOT_EMULATOR_HTTP = emulator.httpUrl;
process.env.EARSHOT_EMULATOR_KEY = emulator.apiKey;
const vite = await createServer({ configFile: join(root, 'vite.config.ts'), server: { port: 0 }, logLevel: 'silent' });
await vite.listen();
const pageUrl = `http://127.0.0.1:${vite.httpServer.address().port}/e2e/pages/vad.html`;
const truth = onsets();

async function busy(page, cdp, seconds) {
  const metric = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const t0 = await metric();
  await page.waitForTimeout(seconds * 1000);
  return ((await metric()) - t0) / seconds;
}

const vadLatency = [];
const serviceLatency = [];
const loads = [];
const cpu = { with: [], without: [] };
for (let run = 0; run < RUNS; run++) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(pageUrl);
  const { loadMs } = await page.evaluate(() => window.vadTest.attach());
  loads.push(loadMs);
  cpu.with.push(await busy(page, cdp, 20));
  const reported = await page.evaluate(() => window.vadTest.reportedAt);
  const capturedAt = await page.evaluate(() => window.vadTest.capturedAt());
  // Wall-clock time at which the audio at session time `ms` was captured (frames are 50 ms).
  const wallOf = (ms) => capturedAt[Math.floor(ms / 50)] - (50 - (ms % 50));
  const session = emulator.sessions.at(-1);
  const offset = fileOffsetMs(samples(session.pcm()), samples(readFileSync(`${fixture}.16k.wav`).subarray(44)), truth[0]);
  for (const by of ['vad', 'service']) {
    const walls = reported.filter((r) => r.by === by).map((r) => r.wall);
    // Pair each true onset (captured at wall time w) with the first report after it.
    for (const fileOnset of truth) {
      const w = wallOf(fileOnset + offset);
      const at = walls.find((t) => t > w - 200);
      if (at !== undefined && at - w < 3000) (by === 'vad' ? vadLatency : serviceLatency).push(Math.round(at - w));
    }
  }
  await page.evaluate(() => window.vadTest.pauseAndDestroy());
  cpu.without.push(await busy(page, cdp, 5));
  await page.evaluate(() => window.vadTest.stop());
  await page.close();
}

// Hands-free on the same fixture: how much of the listening time is billed.
const page = await browser.newPage();
await page.goto(pageUrl);
const sessionsBefore = emulator.sessions.length;
const listenStart = Date.now();
await page.evaluate(() => window.vadTest.handsFree({ endAfterSilenceMs: 1000 }));
await page.waitForFunction(() => window.vadTest.events('sessionEnd').length >= 3, null, { timeout: 60_000 });
const listened = (Date.now() - listenStart) / 1000;
await page.evaluate(() => window.vadTest.stopHandsFree());
const billed = emulator.sessions.slice(sessionsBefore).map((s) => s.sent().find((m) => m.type === 'Termination')?.session_duration_seconds ?? 0);
await page.close();

const pc = (x) => `${(x * 100).toFixed(1)} %`;
console.log('voice activity detection (vad-web v5 model, headless Chromium, long-pauses fixture)');
console.log(`  onset → speechStart (local VAD): p50 ${pct(vadLatency, 50)} ms, p95 ${pct(vadLatency, 95)} ms over ${vadLatency.length} onsets`);
console.log(`  onset → SpeechStarted from the service: emulator p50 ${pct(serviceLatency, 50)} ms, p95 ${pct(serviceLatency, 95)} ms; live service ~1170 ms (balanced) / ~580 ms (min_latency), spec §5.2`);
console.log(`  main-thread busy time: with the VAD ${pc(pct(cpu.with, 50))} of one core, without ${pc(pct(cpu.without, 50))}`);
console.log(`  start-up (wasm compile + model load): median ${pct(loads, 50).toFixed(0)} ms`);
console.log(`  hands-free: ${billed.length} sessions billed ${billed.reduce((a, b) => a + b, 0)} s of ${listened.toFixed(0)} s listened (saved ${pc(1 - billed.reduce((a, b) => a + b, 0) / listened)})`);
await vite.close();
await emulator.close();
await browser.close();
