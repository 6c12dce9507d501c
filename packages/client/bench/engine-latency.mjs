// `pnpm bench`: the capture path in each engine against the emulator over loopback, in one run — start() →
// first audio byte at the service (median), and capture → received latency per frame once open (p50, p95).
// Chromium (fake microphone) is the reference; Firefox ESR and WebKitGTK record a WAV played into a private
// PulseAudio (the e2e harness, loaded through Vite). Begin after 0 s: Earshot's own cost only.
// Worklet CPU per second of audio: none of the three engines exposes a usable clock inside
// AudioWorkletGlobalScope (checked here: `performance` is undefined in all three; only Date.now(), whose 1 ms
// steps are coarser than a render quantum's work), so the processor's cost is measured in Node by resampler.mjs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { startEmulator } from '../../emulator/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const RUNS = Number(process.env.EARSHOT_BENCH_RUNS ?? 5);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

const emulator = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, record: true });
process.env.EARSHOT_EMULATOR_HTTP = emulator.httpUrl;
process.env.EARSHOT_EMULATOR_KEY = emulator.apiKey;
const vite = await createServer({ configFile: join(root, 'vite.config.ts'), server: { port: 0 }, logLevel: 'silent' });
await vite.listen();
const baseUrl = `http://127.0.0.1:${vite.httpServer.address().port}/`;
const { launchEngine } = await vite.ssrLoadModule('/e2e/support/engines.ts');
const { startPulseMic } = await vite.ssrLoadModule('/e2e/support/pulse.ts');
const pulse = await startPulseMic();

console.log('engine latency (emulator on loopback, Begin after 0 s, scripted recognizer; Chromium is the reference)');
console.log('  engine                  start()→first byte (median)   capture→received per frame p50    p95   frames');
try {
  for (const name of ['chromium', 'firefox', 'webkit']) {
    let engine;
    try {
      engine = await launchEngine(name, { pulse });
    } catch (err) {
      console.log(`  ${name.padEnd(22)}  could not launch: ${err.message}`);
      continue;
    }
    try {
      await engine.goto(`${baseUrl}e2e/pages/capture.html`);
      for (let i = 0; i < 100 && (await engine.evaluate(() => typeof window.earshot)) !== 'object'; i++) await new Promise((r) => setTimeout(r, 50));
      const firstByte = [];
      const perFrame = [];
      for (let run = 0; run < RUNS; run++) {
        const next = emulator.nextSession();
        if (name !== 'chromium') void pulse.play(join(root, 'e2e/fixtures/two-sentences.48k.wav'));
        const started = await engine.evaluate(async () => {
          const t0 = performance.timeOrigin + performance.now();
          const r = await window.earshot.start({ raw: true });
          return { ...r, t0, beginAt: performance.timeOrigin + performance.now() };
        });
        const session = await next;
        await new Promise((r) => setTimeout(r, 1500));
        const stopped = await engine.evaluate(() => window.earshot.stop());
        const received = session.frames.filter((f) => f.kind === 'binary').map((f) => session.openedAt + f.at);
        if (received.length) firstByte.push(received[0] - started.t0);
        stopped.capturedAt.forEach((captured, k) => {
          if (captured > started.beginAt && received[k] !== undefined) perFrame.push(received[k] - captured);
        });
      }
      const label = engine.version.padEnd(22);
      console.log(`  ${label}  ${pct(firstByte, 50).toFixed(0).padStart(22)} ms   ${pct(perFrame, 50).toFixed(1).padStart(27)} ms ${pct(perFrame, 95).toFixed(1).padStart(6)} ms ${String(perFrame.length).padStart(7)}`);
    } finally {
      await engine.close();
    }
  }
} finally {
  await pulse.close();
  await vite.close();
  await emulator.close();
}
