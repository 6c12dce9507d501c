// Emulator memory: RSS at idle, with 20 sessions streaming speech at real time, and after they close — with
// PocketSphinx (a worker and a decoder per session) beside the scripted recognizer (the reference, same run).
// The emulator runs in its own process; the sessions' clients run here.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { pocketsphinxUnavailable } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const wav = readFileSync(join(here, '../../../e2e/fixtures/two-sentences.16k.wav'));
const pcm = wav.subarray(44, 44 + 16_000 * 2 * 6); // 6 s of speech
const MB = 1024 * 1024;

async function measure(recognizer) {
  const child = fork(join(here, 'memory-child.mjs'), [JSON.stringify({ recognizer })], { execArgv: ['--expose-gc'] });
  const [ready] = await once(child, 'message');
  const rss = async () => {
    child.send({ type: 'rss' });
    const [m] = await once(child, 'message');
    return m;
  };
  const idle = await rss();
  const sockets = ready.tokens.map((t) => new WebSocket(`${ready.url}?token=${t}`));
  await Promise.all(sockets.map((ws) => new Promise((r) => ws.once('message', r))));
  // 6 s of speech in 100 ms messages at real time, all 20 at once; RSS sampled near the end.
  const start = Date.now();
  for (let at = 0, n = 0; at < pcm.length; at += 3200, n++) {
    for (const ws of sockets) ws.send(pcm.subarray(at, at + 3200));
    await new Promise((r) => setTimeout(r, Math.max(0, start + (n + 1) * 100 - Date.now())));
  }
  const busy = await rss();
  await Promise.all(sockets.map((ws) => new Promise((r) => (ws.once('close', r), ws.send('{"type":"Terminate"}')))));
  await new Promise((r) => setTimeout(r, 500));
  const after = await rss();
  child.send({ type: 'close' });
  await once(child, 'exit');
  return { recognizer: ready.recognizer, idle: idle.rss / MB, busy: busy.rss / MB, open: busy.open, after: after.rss / MB, left: after.open };
}

const rows = [];
if (!pocketsphinxUnavailable()) rows.push(await measure('pocketsphinx'));
else console.log(`PocketSphinx unavailable: ${pocketsphinxUnavailable()}`);
rows.push(await measure('scripted'));
console.log('emulator RSS (MB, after a full GC): idle → 20 sessions streaming speech → after they close');
for (const r of rows) {
  console.log(`  ${r.recognizer.padEnd(12)} idle ${r.idle.toFixed(0)}   with ${r.open} sessions ${r.busy.toFixed(0)} (${((r.busy - r.idle) / r.open).toFixed(1)} per session)   after close ${r.after.toFixed(0)} (${r.left} open, +${(r.after - r.idle).toFixed(0)} over idle)`);
}
