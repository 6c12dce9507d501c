// `pnpm bench`: the emulator with N concurrent sessions streaming real-time audio over loopback (scripted
// recognizer). Prints its CPU, peak memory and the arrival → Turn delay, beside one session as the reference.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const wav = readFileSync(join(here, '../../../e2e/fixtures/two-sentences.16k.wav'));
const pcm = wav.subarray(44);
const CHUNK = 1600;

async function run(n) {
  const child = fork(join(here, 'load-child.mjs'), [String(n)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve) => child.once('message', resolve));
  child.send({ type: 'start' });
  const clients = await Promise.all(ready.tokens.map((token, i) => session(ready.url, token, i * 5)));
  child.send({ type: 'report' });
  const report = await new Promise((resolve) => child.on('message', (m) => m.type === 'report' && resolve(m)));
  // Delay = when the client received a Turn − when it sent the chunk that produced it (same machine clock).
  const delays = [];
  for (const c of clients) {
    report.triggers[c.token].forEach((chunk, k) => delays.push(c.turnTimes[k] - c.sendTimes[chunk]));
  }
  return { n, turns: delays.length, ...report, delays };
}

/** One client: Begin, the fixture at real time in 50 ms chunks, Terminate, Termination. */
function session(url, token, delayMs) {
  const sendTimes = [];
  const turnTimes = [];
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      const ws = new WebSocket(`${url}?token=${token}`);
      ws.on('error', reject);
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.type === 'Turn') turnTimes.push(Date.now());
        if (m.type === 'Begin') {
          const start = Date.now();
          let i = 0;
          const tick = () => {
            if (i * CHUNK >= pcm.length) return ws.send(JSON.stringify({ type: 'Terminate' }));
            sendTimes.push(Date.now());
            ws.send(pcm.subarray(i * CHUNK, (i + 1) * CHUNK));
            i++;
            setTimeout(tick, Math.max(0, start + i * 50 - Date.now()));
          };
          tick();
        }
      });
      ws.on('close', (code) => (code === 1000 ? resolve({ token, sendTimes, turnTimes }) : reject(new Error(`session closed ${code}`))));
    }, delayMs);
  });
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const sessions = Number(process.env.EARSHOT_BENCH_SESSIONS ?? 200);
console.log(`emulator load: sessions streaming ${(pcm.length / 32000).toFixed(1)} s of speech at real time, 50 ms chunks, scripted recognizer`);
console.log('  sessions   turns   CPU (% of one core)   peak RSS   chunk sent→its Turn received p50   p99');
for (const n of [1, sessions]) {
  const r = await run(n);
  console.log(`  ${String(r.sessions).padStart(8)} ${String(r.turns).padStart(7)}   ${((r.cpuMs / r.wallMs) * 100).toFixed(1).padStart(19)}   ${(r.peakRss / 2 ** 20).toFixed(0).padStart(5)} MB   ${String(pct(r.delays, 50)).padStart(29)} ms ${String(pct(r.delays, 99)).padStart(5)} ms`);
}
