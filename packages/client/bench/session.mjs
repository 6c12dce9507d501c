// `pnpm bench`: the session core (issue #9), in Node with the `ws` socket against the emulator on loopback.
// - lines of transcriber.ts and of each collaborator, beside the 862-line transcriber.ts before the split;
// - sessions opened against a service that fails every session right after Begin (target ≤ maxAttempts);
// - send lag after a reconnect that replays 15 s (p50, max), beside the same figure for a healthy session
//   measured in the same run, and the audio lost at stop() right after it (target 0 ms).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startEmulator } from '../../emulator/dist/index.js';
import { Transcriber } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1. Lines.
const dir = join(here, '../src/session');
console.log('lines of src/session/ (transcriber.ts before the split: 862)');
for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
  console.log(`  ${f.padEnd(24)} ${String(readFileSync(join(dir, f), 'utf8').split('\n').length - 1).padStart(4)}`);
}

// The emulator: a lead of 60 s allowed (the live service was seen accepting minutes; its default here is 10 s).
const emulator = await startEmulator({ recognizer: 'scripted', beginDelayMs: 0, maxAudioLeadMs: 60_000, record: true });
// Tokens straight from the emulator's endpoint (what @earshot/server does for an app).
const token = async () => {
  const r = await fetch(`${emulator.tokenUrl}?expires_in_seconds=600`, { headers: { Authorization: emulator.apiKey } });
  return (await r.json()).token;
};
const make = (options = {}) => new Transcriber({ token, url: emulator.url, WebSocket, ...options });

// 2. A service that fails every session right after Begin.
const MAX_ATTEMPTS = 4;
console.log(`\nsessions opened against a service that fails every session right after Begin (target ≤ maxAttempts = ${MAX_ATTEMPTS})`);
for (const [name, faults] of [
  ['Begin → Error 3005', { error: { code: 3005, afterMs: 50 } }],
  ['Begin → close 1011', { error: { code: 1011, text: 'Internal error', afterMs: 50 } }],
  ['Begin → drop (1006)', { dropAfterMs: 50 }],
]) {
  emulator.faults = faults;
  const before = emulator.sessions.length;
  const t = make({ reconnect: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 50, maxDelayMs: 200 } });
  const closed = new Promise((resolve) => t.on('close', resolve));
  t.on('error', () => undefined);
  const began = Date.now();
  await t.connect();
  const info = await Promise.race([closed, sleep(20_000).then(() => ({ reason: 'still reconnecting after 20 s' }))]);
  const opened = emulator.sessions.length - before;
  console.log(`  ${name.padEnd(22)} ${String(opened).padStart(3)} sessions in ${((Date.now() - began) / 1000).toFixed(1)} s, then: ${info.error?.code ?? info.reason}`);
  await t.stop();
}
emulator.faults = {};

// 3. Send lag after a reconnect that replays 15 s, and audio lost at stop().
/** Plays quiet noise at real time in 50 ms frames; samples the send lag (audio given but not yet sent) meanwhile. */
async function play(t, ms, lags) {
  const start = Date.now();
  for (let n = 0; Date.now() - start < ms; n++) {
    const pcm = Int16Array.from({ length: 800 }, () => Math.round((Math.random() - 0.5) * 40));
    t.sendAudio(pcm);
    played += 800;
    lags?.push({ at: Date.now(), ms: t.bufferedAudioMs });
    await sleep(Math.max(0, start + (n + 1) * 50 - Date.now()));
  }
}
let played = 0;
const t = make({ reconnect: { baseDelayMs: 300 } });
let reconnected;
let reconnectedAt = 0;
t.on('reconnected', (r) => ((reconnected = r), (reconnectedAt = Date.now())));
t.on('error', (e) => console.log(`  error: ${e.code} ${e.message}`));
emulator.faults = { dropAfterMs: 15_300 };
const firstSession = emulator.nextSession();
await t.connect();
const s0 = await firstSession;
emulator.faults = {};
const secondSession = emulator.nextSession();
const healthyLog = [];
await play(t, 10_000);
await play(t, 5000, healthyLog); // the reference: a healthy session's last 5 s
const log = [];
await play(t, 6000, log); // the drop (15.3 s after Begin, no final in 15 s of noise), the outage and the reconnect
if (!reconnected) throw new Error('no reconnect happened');
const s1 = await secondSession;
await play(t, 4000, log);
const healthy = healthyLog.map((l) => l.ms);
const outage = log.filter((l) => l.at < reconnectedAt).map((l) => l.ms);
const after = log.filter((l) => l.at >= reconnectedAt && l.at < reconnectedAt + 5000).map((l) => l.ms);
const stopped = t.stop();
await stopped;
await s1.done;
const receivedSamples = (s0.pcm().length - reconnected.replayedMs * 32) / 2 + s1.pcm().length / 2;
const lostMs = Math.max(0, (played - receivedSamples) / 16);
console.log(`\nsend lag (ms of audio given but not yet sent), sampled every 50 ms`);
console.log(`  ${'healthy session (reference)'.padEnd(40)} p50 ${String(pct(healthy, 50)).padStart(5)}   max ${String(Math.max(...healthy)).padStart(5)}`);
console.log(`  ${'held during the outage'.padEnd(40)}           max ${String(Math.max(...outage)).padStart(5)}`);
console.log(`  ${`from reconnected on (${(reconnected.replayedMs / 1000).toFixed(1)} s replayed)`.padEnd(40)} p50 ${String(pct(after, 50)).padStart(5)}   max ${String(Math.max(...after)).padStart(5)}`);
console.log(`  audio lost at stop() right after it: ${lostMs.toFixed(0)} ms (target 0; one chunk is 50 ms)`);
await emulator.close();
