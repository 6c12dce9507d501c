// `pnpm bench`: in headless Chromium against the emulator over loopback, with a fake microphone —
// start() → first audio byte at the service (median of runs), and capture → received latency per frame
// (p50, p95) once the session is open. Rows: Begin after 1.2 s (as the live service) and after 0 s
// (the reference: Earshot's own cost only).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { startEmulator } from '../../emulator/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const RUNS = Number(process.env.EARSHOT_BENCH_RUNS ?? 5);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${join(root, 'e2e/fixtures/two-sentences.48k.wav')}`],
});
console.log('browser latency (headless Chromium, fake microphone, emulator on loopback, scripted recognizer)');
console.log('  Begin delay   start()→first byte (median)   capture→received per frame p50   p95   frames');
for (const beginDelayMs of [1200, 0]) {
  const emulator = await startEmulator({ recognizer: 'scripted', beginDelayMs, record: true });
  process.env.EARSHOT_EMULATOR_HTTP = emulator.httpUrl;
  process.env.EARSHOT_EMULATOR_KEY = emulator.apiKey;
  const vite = await createServer({ configFile: join(root, 'vite.config.ts'), server: { port: 0 }, logLevel: 'silent' });
  await vite.listen();
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${vite.httpServer.address().port}/e2e/pages/capture.html`);
  const firstByte = [];
  const perFrame = [];
  for (let run = 0; run < RUNS; run++) {
    const next = emulator.nextSession();
    const started = await page.evaluate(async () => {
      const t0 = performance.timeOrigin + performance.now();
      const r = await window.earshot.start({ raw: true });
      return { ...r, t0, beginAt: performance.timeOrigin + performance.now() };
    });
    const session = await next;
    await new Promise((r) => setTimeout(r, 1500));
    const stopped = await page.evaluate(() => window.earshot.stop());
    const received = session.frames.filter((f) => f.kind === 'binary').map((f) => session.openedAt + f.at);
    firstByte.push(received[0] - started.t0);
    stopped.capturedAt.forEach((captured, k) => {
      // Only frames captured once the session was open: before Begin, audio waits by design.
      if (captured > started.beginAt && received[k] !== undefined) perFrame.push(received[k] - captured);
    });
  }
  console.log(`  ${String(beginDelayMs).padStart(8)} ms   ${pct(firstByte, 50).toFixed(0).padStart(22)} ms   ${pct(perFrame, 50).toFixed(1).padStart(27)} ms ${pct(perFrame, 95).toFixed(1).padStart(5)} ms ${String(perFrame.length).padStart(7)}`);
  await page.close();
  await vite.close();
  await emulator.close();
}
await browser.close();
