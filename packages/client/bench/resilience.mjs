// `pnpm bench`: resilience in headless Chromium against the emulator on loopback — time from a dropped
// connection to `reconnected` (p50), audio lost across a drop (target 0 ms), and the page's peak JS heap
// while the emulator stops reading for 60 s, beside the same 60 s with a healthy connection (reference).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { startEmulator } from '../../emulator/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const DROPS = Number(process.env.EARSHOT_BENCH_DROPS ?? 5);
const STALL_S = Number(process.env.EARSHOT_BENCH_STALL_S ?? 60);
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${join(root, 'e2e/fixtures/two-sentences.48k.wav')}`],
});
const emulator = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, record: true });
process.env.EARSHOT_EMULATOR_HTTP = emulator.httpUrl;
process.env.EARSHOT_EMULATOR_KEY = emulator.apiKey;
const vite = await createServer({ configFile: join(root, 'vite.config.ts'), server: { port: 0 }, logLevel: 'silent' });
await vite.listen();
const pageUrl = `http://127.0.0.1:${vite.httpServer.address().port}/e2e/pages/capture.html`;

/** One session with a drop after `afterMs`: reconnect time and audio lost. */
async function dropOnce() {
  const page = await browser.newPage();
  await page.goto(pageUrl);
  const first = emulator.nextSession();
  emulator.faults = { dropAfterMs: 1500 };
  await page.evaluate(() => window.earshot.start({ raw: true }));
  const s0 = await first;
  emulator.faults = {};
  const s1 = await emulator.nextSession();
  await page.waitForFunction(() => window.earshot.events('reconnected').length > 0, null, { timeout: 20_000 });
  await page.waitForTimeout(1000);
  const stopped = await page.evaluate(() => window.earshot.stop());
  await s1.done;
  const log = await page.evaluate(() => window.earshot.log.map((l) => ({ event: l.event, at: l.at })));
  const noticed = log.find((l) => l.event === 'reconnecting').at;
  const back = log.find((l) => l.event === 'reconnected').at;
  // Union of what both sessions received, the replayed overlap counted once.
  const a = s0.pcm();
  const b = s1.pcm();
  const head = b.subarray(0, 3200);
  let overlap = -1;
  for (let i = 0; i + head.length <= a.length; i += 2) if (a.subarray(i, i + head.length).equals(head)) (overlap = i), (i = a.length);
  const union = overlap < 0 ? NaN : overlap + b.length;
  const lostMs = Math.max(0, (stopped.capturedSamples * 2 - union) / 32);
  await page.close();
  return { reconnectMs: back - noticed, lostMs };
}

/** Peak JS heap of a page streaming for `seconds`, with the emulator reading or not. */
async function heapPeak(stall, seconds, sampleRate = 16000) {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(pageUrl);
  const next = emulator.nextSession();
  await page.evaluate((rate) => window.earshot.start({ sampleRate: rate }), sampleRate);
  const session = await next;
  if (stall) session.stall();
  const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const start = await heap();
  let peak = start;
  let held = 0;
  let socket = 0;
  for (let i = 0; i < seconds; i++) {
    await page.waitForTimeout(1000);
    peak = Math.max(peak, await heap());
    held = Math.max(held, await page.evaluate(() => window.earshot.bufferedAudioMs()));
    socket = Math.max(socket, await page.evaluate(() => window.earshot.bufferedAmount()));
  }
  const dropped = await page.evaluate(() => window.earshot.events('error').filter((e) => e.code === 'audio_dropped').length);
  await page.evaluate(() => window.earshot.stop());
  await page.close();
  return { start, peak, dropped, held, socket };
}

console.log('resilience (headless Chromium, fake microphone, emulator on loopback, Begin at once, default reconnect options)');
const drops = [];
for (let i = 0; i < DROPS; i++) drops.push(await dropOnce());
console.log(`  drop → reconnected: p50 ${pct(drops.map((d) => d.reconnectMs), 50).toFixed(0)} ms, max ${Math.max(...drops.map((d) => d.reconnectMs)).toFixed(0)} ms over ${DROPS} drops (includes the 250–500 ms backoff)`);
console.log(`  audio lost across a drop: max ${Math.max(...drops.map((d) => d.lostMs)).toFixed(0)} ms (target 0)`);
const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MB`;
console.log(`  peak memory over ${STALL_S} s (maxBufferedMs 10 s; JS heap excludes audio buffers, so the audio Earshot holds is shown too):`);
for (const rate of [16000, 96000]) {
  const healthy = await heapPeak(false, STALL_S, rate);
  const stalled = await heapPeak(true, STALL_S, rate);
  const perSecond = (rate * 2) / 2 ** 20;
  console.log(`    ${rate / 1000} kHz (${(perSecond * STALL_S).toFixed(1)} MB of audio): healthy — heap ${mb(healthy.peak)}, audio held ${healthy.held} ms; emulator not reading — heap ${mb(stalled.peak)}, audio held peak ${stalled.held} ms = ${mb((stalled.held / 1000) * rate * 2)} (bound 10 000 ms = ${(perSecond * 10).toFixed(1)} MB), socket buffer peak ${mb(stalled.socket)}, drop reports ${stalled.dropped}`);
}
console.log('    (the kernel absorbs ~4 MB before the socket pushes back: at 16 kHz a 60 s stall never reaches Earshot\'s buffer)');
await vite.close();
await emulator.close();
await browser.close();
